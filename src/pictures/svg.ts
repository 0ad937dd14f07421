import type { Figure, JointName, Mark, Prop } from './figure-schema.ts';
import { type Body, type Chain, outlineSamples, type Point, pose, quad } from './skeleton.ts';
import { STYLE } from './style.ts';
import type { Side } from '../domain/timeline.ts';

type Place = Extract<Prop, { kind: 'strap' }>['from'];

const C = STYLE.colours;
const n = (v: number) => (Math.round(v * 10) / 10).toString();

/**
 * Where a picture is seen from, for its alt text: every sided picture is seen from behind (its
 * left is the student's left), from above (a body on the mat), or from one side (a profile: the
 * left picture from the figure's near side, the right, its mirror image, from the other side).
 * Only a picture of a pose without sides may be seen from the front.
 */
export type Viewpoint = 'behind' | 'above' | 'front' | 'left' | 'right';
export function viewpointOf(figure: Figure, side: Side = 'left'): Viewpoint {
  if (figure.ground === 'mat') return 'above';
  if (figure.view === 'back') return 'behind';
  if (figure.view === 'front') return 'front';
  if (side === 'left') return figure.near;
  return figure.near === 'left' ? 'right' : 'left';
}

/** World (cm, y up) → picture (px, y down). */
interface View {
  s: number;
  ox: number;
  oy: number;
}
const X = (v: View, x: number) => v.ox + x * v.s;
const Y = (v: View, y: number) => v.oy - y * v.s;
const P = (v: View, p: Point) => `${n(X(v, p.x))} ${n(Y(v, p.y))}`;

function at(body: Body, place: Place): Point {
  if (Array.isArray(place)) return { x: place[0], y: place[1] };
  if (typeof place === 'string') return body.joints[place as JointName];
  const j = body.joints[place.joint];
  return { x: j.x + place.dx, y: j.y + place.dy };
}

/** The box a prop covers (cm), for the layout; walls reach the card's top and are left out. */
function propExtent(body: Body, prop: Prop): Point[] {
  switch (prop.kind) {
    case 'bolster': {
      const c = at(body, prop.at);
      const r = prop.end ? prop.thick / 2 : prop.length / 2;
      return [
        { x: c.x - r, y: c.y - r },
        { x: c.x + r, y: c.y + r },
      ];
    }
    case 'block':
    case 'blanket': {
      const c = at(body, prop.at);
      const r = Math.max(prop.w, prop.h);
      return [
        { x: c.x - r, y: c.y },
        { x: c.x + r, y: c.y + r },
      ];
    }
    case 'strap':
      return [at(body, prop.from), at(body, prop.to)];
    case 'wall':
      return [{ x: prop.x, y: 0 }];
  }
}

function bodyExtent(body: Body): Point[] {
  const pts: Point[] = [];
  const h = STYLE.halo;
  const around = (p: Point, r: number) => pts.push({ x: p.x - r, y: p.y - r }, { x: p.x + r, y: p.y + r });
  around(body.head.c, body.head.r + h);
  for (const c of body.chains)
    for (const s of c.segments) {
      around(s.a, s.width / 2 + h);
      around(s.b, s.width / 2 + h);
    }
  const t = body.torso;
  const samples =
    t.kind === 'stroke'
      ? Array.from({ length: 11 }, (_, i) => quad(t.points[0]!, t.points[1]!, t.points[2]!, i / 10))
      : outlineSamples(t);
  for (const p of samples) around(p, t.width / 2 + h);
  return pts;
}

/**
 * The mat: seen from above, the body's length along the spine and a mat's width across; seen
 * from the front and above (plane), under the pelvis and the legs.
 */
function matRect(figure: Figure, body: Body): { x0: number; x1: number; y0: number; y1: number } {
  if (figure.mat) {
    const [x0, y0, x1, y1] = figure.mat;
    return { x0: Math.min(x0, x1), x1: Math.max(x0, x1), y0: Math.min(y0, y1), y1: Math.max(y0, y1) };
  }
  if (figure.ground === 'plane') {
    const legs = body.chains.filter((c) => c.name.endsWith('.leg'));
    const pts = [body.joints.pelvis, ...legs.flatMap((c) => c.segments.flatMap((s) => [s.a, s.b]))];
    const xs = pts.map((p) => p.x);
    const ys = pts.map((p) => p.y);
    return { x0: Math.min(...xs) - 16, x1: Math.max(...xs) + 16, y0: Math.min(...ys) - 12, y1: Math.max(...ys) + 10 };
  }
  const pts = bodyExtent(body);
  const { pelvis, chest } = body.joints;
  const along = Math.abs(chest.x - pelvis.x) >= Math.abs(chest.y - pelvis.y) ? 'x' : 'y';
  const vs = pts.map((p) => p[along]);
  const c = along === 'x' ? (pelvis.y + chest.y) / 2 : (pelvis.x + chest.x) / 2;
  const [lo, hi] = [Math.min(...vs) - 6, Math.max(...vs) + 6];
  return along === 'x' ? { x0: lo, x1: hi, y0: c - 33, y1: c + 33 } : { x0: c - 33, x1: c + 33, y0: lo, y1: hi };
}

function layout(figure: Figure, body: Body): View {
  const pts = [...bodyExtent(body), ...figure.props.flatMap((p) => propExtent(body, p))];
  for (const m of figure.marks) {
    const c = at(body, m.at);
    pts.push({ x: c.x - m.radius - 3, y: c.y - m.radius - 3 }, { x: c.x + m.radius + 3, y: c.y + m.radius + 3 });
  }
  if (figure.ground !== 'floor') {
    const m = matRect(figure, body);
    pts.push({ x: m.x0, y: m.y0 }, { x: m.x1, y: m.y1 });
  } else pts.push({ x: pts[0]!.x, y: 0 });
  const xs = pts.map((p) => p.x);
  const ys = pts.map((p) => p.y);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const inner = STYLE.inset + STYLE.padding;
  const w = STYLE.width - 2 * inner;
  const h = STYLE.height - 2 * inner;
  const s = Math.min(STYLE.scale, w / (x1 - x0), h / (y1 - y0));
  const ox = STYLE.width / 2 - ((x0 + x1) / 2) * s;
  let oy = STYLE.height / 2 + ((y0 + y1) / 2) * s;
  if (figure.ground === 'floor') {
    // The floor sits at about the same height in every picture: low, with room for tall poses.
    const low = STYLE.height - STYLE.inset - 56;
    const high = STYLE.height - STYLE.inset - 120;
    oy = Math.max(Math.min(low, Math.max(high, oy)), inner + y1 * s);
  }
  return { s, ox, oy };
}

function chainSvg(v: View, c: Chain): string {
  const line = (s: Chain['segments'][number], width: number, colour: string) =>
    `<path d="M${P(v, s.a)}L${P(v, s.b)}" stroke="${colour}" stroke-width="${n(width * v.s)}"/>`;
  const colour = c.far ? C.bodyFar : C.body;
  return [
    ...c.segments.map((s) => line(s, s.width + 2 * STYLE.halo, C.card)),
    ...c.segments.map((s) => line(s, s.width, colour)),
  ].join('');
}

function torsoSvg(v: View, body: Body): string {
  const t = body.torso;
  const [a, b, c] = t.points;
  if (t.kind === 'stroke') {
    const d = `M${P(v, a!)}Q${P(v, b!)} ${P(v, c!)}`;
    return (
      `<path d="${d}" stroke="${C.card}" stroke-width="${n((t.width + 2 * STYLE.halo) * v.s)}"/>` +
      `<path d="${d}" stroke="${C.body}" stroke-width="${n(t.width * v.s)}"/>`
    );
  }
  const [hl, cl, sl, sr, cr, hr] = t.points as [Point, Point, Point, Point, Point, Point];
  const d = `M${P(v, hl)}Q${P(v, cl)} ${P(v, sl)}L${P(v, sr)}Q${P(v, cr)} ${P(v, hr)}Z`;
  return (
    `<path d="${d}" fill="${C.card}" stroke="${C.card}" stroke-width="${n((t.width + 2 * STYLE.halo) * v.s)}"/>` +
    `<path d="${d}" fill="${C.body}" stroke="${C.body}" stroke-width="${n(t.width * v.s)}"/>`
  );
}

function headSvg(v: View, body: Body): string {
  const { c, r } = body.head;
  return (
    `<circle cx="${n(X(v, c.x))}" cy="${n(Y(v, c.y))}" r="${n((r + STYLE.halo) * v.s)}" fill="${C.card}"/>` +
    `<circle cx="${n(X(v, c.x))}" cy="${n(Y(v, c.y))}" r="${n(r * v.s)}" fill="${C.body}"/>`
  );
}

function propSvg(v: View, body: Body, prop: Prop): string {
  const s = v.s;
  switch (prop.kind) {
    case 'bolster': {
      const c = at(body, prop.at);
      const [cx, cy] = [X(v, c.x), Y(v, c.y)];
      const r = (prop.thick / 2) * s;
      if (prop.end)
        return (
          `<circle cx="${n(cx)}" cy="${n(cy)}" r="${n(r)}" fill="${C.bolster}"/>` +
          `<circle cx="${n(cx)}" cy="${n(cy)}" r="${n(r * 0.55)}" fill="none" stroke="${C.bolsterEnd}" stroke-width="${n(s * 1.6)}"/>`
        );
      const l = prop.length * s;
      const seam = (dx: number) =>
        `<path d="M${n(dx)} ${n(-r * 0.8)}Q${n(dx + r * 0.35 * Math.sign(dx))} 0 ${n(dx)} ${n(r * 0.8)}" fill="none" stroke="${C.bolsterEnd}" stroke-width="${n(s * 1.4)}"/>`;
      return (
        `<g transform="translate(${n(cx)} ${n(cy)}) rotate(${n(-prop.angle)})">` +
        `<rect x="${n(-l / 2)}" y="${n(-r)}" width="${n(l)}" height="${n(2 * r)}" rx="${n(r)}" fill="${C.bolster}"/>` +
        `${seam(-l / 2 + r)}${seam(l / 2 - r)}</g>`
      );
    }
    case 'block': {
      const c = at(body, prop.at);
      const [w, h] = [prop.w * s, prop.h * s];
      return (
        `<g transform="translate(${n(X(v, c.x))} ${n(Y(v, c.y))}) rotate(${n(-prop.angle)})">` +
        `<rect x="${n(-w / 2 + s)}" y="${n(-h + s)}" width="${n(w - 2 * s)}" height="${n(h - 2 * s)}" rx="${n(s * 1.5)}" fill="${C.block}" stroke="${C.blockEdge}" stroke-width="${n(s * 2)}"/></g>`
      );
    }
    case 'blanket': {
      const c = at(body, prop.at);
      if (prop.rolled) {
        const r = (prop.h / 2) * s;
        return (
          `<circle cx="${n(X(v, c.x))}" cy="${n(Y(v, c.y))}" r="${n(r)}" fill="${C.blanket}"/>` +
          `<path d="M${n(X(v, c.x))} ${n(Y(v, c.y))}m${n(-r * 0.5)} 0a${n(r * 0.5)} ${n(r * 0.5)} 0 1 1 ${n(r * 0.5)} ${n(r * 0.5)}" fill="none" stroke="${C.blanketFold}" stroke-width="${n(s * 1.2)}"/>`
        );
      }
      const [w, h] = [prop.w * s, prop.h * s];
      const folds = Math.max(1, Math.round(prop.h / 3.5)) - 1;
      const lines = Array.from({ length: folds }, (_, i) => {
        const y = -h + ((i + 1) * h) / (folds + 1);
        return `<path d="M${n(-w / 2 + s * 2)} ${n(y)}H${n(w / 2 - s * 2)}" stroke="${C.blanketFold}" stroke-width="${n(s)}"/>`;
      });
      return (
        `<g transform="translate(${n(X(v, c.x))} ${n(Y(v, c.y))}) rotate(${n(-prop.angle)})">` +
        `<rect x="${n(-w / 2)}" y="${n(-h)}" width="${n(w)}" height="${n(h)}" rx="${n(Math.min(h / 2, s * 2.5))}" fill="${C.blanket}"/>${lines.join('')}</g>`
      );
    }
    case 'strap': {
      const [a, b] = [at(body, prop.from), at(body, prop.to)];
      return `<path d="M${P(v, a)}L${P(v, b)}" stroke="${C.strap}" stroke-width="${n(s * 3)}"/>`;
    }
    case 'wall': {
      const x = X(v, prop.x);
      const w = 14 * s * (prop.side === 'right' ? 1 : -1);
      const top = Y(v, 0);
      return (
        `<path d="M${n(x)} ${n(top)}V0H${n(x + w)}V${n(top)}Z" fill="${C.wall}"/>` +
        `<path d="M${n(x)} ${n(top)}V0" stroke="${C.wallEdge}" stroke-width="${n(s * 1.5)}"/>`
      );
    }
  }
}

function markSvg(v: View, body: Body, mark: Mark): string {
  const c = at(body, mark.at);
  const r = mark.radius;
  const spread = 42;
  const pt = (deg: number, k = r): Point => ({
    x: c.x + Math.cos((deg * Math.PI) / 180) * k,
    y: c.y + Math.sin((deg * Math.PI) / 180) * k,
  });
  const [a0, a1] = [mark.toward + spread, mark.toward - spread];
  const arc = `M${P(v, pt(a0))}A${n(r * v.s)} ${n(r * v.s)} 0 0 1 ${P(v, pt(a1))}`;
  const head = (deg: number, back: number) => {
    const tip = pt(deg);
    const base = pt(deg + back);
    const [o, i] = [pt(deg + back, r + 4.5), pt(deg + back, r - 4.5)];
    return `<path d="M${P(v, o)}L${P(v, tip)}L${P(v, i)}" fill="none" stroke="${C.mark}" stroke-width="${n(v.s * 2.8)}"/><path d="M${P(v, base)}L${P(v, tip)}" stroke="${C.mark}" stroke-width="${n(v.s * 2.8)}"/>`;
  };
  return `<path d="${arc}" fill="none" stroke="${C.mark}" stroke-width="${n(v.s * 2.8)}"/>${head(a0, -12)}${head(a1, 12)}`;
}

/**
 * The picture of a figure as an SVG group in a STYLE.width × STYLE.height frame: the card, the
 * floor or the mat, the props and the body; the right side mirrored. `id` keeps clip paths apart
 * when several pictures share one SVG (a strip).
 */
export function figureGroup(figure: Figure, side: Side = 'left', options: { id?: string; card?: string } = {}): string {
  const body = pose(figure);
  const v = layout(figure, body);
  const id = options.id ?? 'card';
  const card = options.card ?? C.card;
  const { width: W, height: H, inset: i, radius } = STYLE;
  const props = (z: Prop['z']) =>
    figure.props
      .filter((p) => p.z === z)
      .map((p) => propSvg(v, body, p))
      .join('');
  const chains = (z: 'front' | 'back') =>
    body.chains
      .filter((c) => c.z === z)
      .sort((a, b) => Number(b.far) - Number(a.far))
      .map((c) => chainSvg(v, c))
      .join('');
  const parts = [
    figure.ground !== 'floor'
      ? (() => {
          const m = matRect(figure, body);
          return `<rect x="${n(X(v, m.x0))}" y="${n(Y(v, m.y1))}" width="${n((m.x1 - m.x0) * v.s)}" height="${n((m.y1 - m.y0) * v.s)}" rx="${n(v.s * 4)}" fill="${C.mat}"/>`;
        })()
      : '',
    props('back'),
    chains('back'),
    props('middle'),
    body.head.z === 'back' ? headSvg(v, body) : '',
    torsoSvg(v, body),
    body.head.z === 'front' ? headSvg(v, body) : '',
    chains('front'),
    props('front'),
    ...figure.marks.map((m) => markSvg(v, body, m)),
    figure.ground === 'floor'
      ? `<rect x="0" y="${n(Y(v, 0))}" width="${W}" height="${n(H - Y(v, 0))}" fill="${C.floor}"/><path d="M0 ${n(Y(v, 0) + 1.5)}H${W}" stroke="${C.floorLine}" stroke-width="3"/>`
      : '',
  ];
  const drawing = parts.join('').replaceAll(C.card, card);
  const mirrored = side === 'right' ? ` transform="matrix(-1 0 0 1 ${W} 0)"` : '';
  return (
    `<clipPath id="${id}"><rect x="${i}" y="${i}" width="${W - 2 * i}" height="${H - 2 * i}" rx="${radius}"/></clipPath>` +
    `<rect x="${i}" y="${i}" width="${W - 2 * i}" height="${H - 2 * i}" rx="${radius}" fill="${card}"/>` +
    `<g clip-path="url(#${id})" stroke-linecap="round" stroke-linejoin="round" fill="none"><g${mirrored}>${drawing}</g></g>`
  );
}

/** One pose picture as a complete SVG document. */
export function figureSvg(figure: Figure, side: Side = 'left'): string {
  const { width: W, height: H } = STYLE;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">${figureGroup(figure, side)}</svg>`;
}
