import type { Figure, JointName } from './figure-schema.ts';

/** A point in centimetres: x from the pelvis, y up from the floor. */
export interface Point {
  x: number;
  y: number;
}

/** Bone lengths and widths (cm) of a ~170 cm body. */
export const BONES = {
  torso: 52,
  upperArm: 29,
  forearm: 30,
  thigh: 42,
  shin: 41,
  foot: 16,
} as const;
export const WIDTHS = {
  /** The torso seen from the side (chest depth); from behind or in front it is a trapezoid. */
  torsoSide: 21,
  shoulders: 16,
  hips: 11,
  upperArm: 9,
  forearm: 8,
  thigh: 12,
  shin: 10,
  foot: 7,
  head: 11,
} as const;
/** The torso's outline in back and front views is rounded by this much (half the stroke). */
export const TORSO_ROUND = 5;
/** Hip joints sit this far either side of the spine in back and front views. */
const HIP_OFFSET = 8;

export type Depth = 'front' | 'back';
export interface Segment {
  a: Point;
  b: Point;
  width: number;
}
export interface Chain {
  name: string;
  segments: Segment[];
  z: Depth;
  far: boolean;
}
export interface Torso {
  /** Side view: a thick curved stroke pelvis→chest. Back and front: a filled outline. */
  kind: 'stroke' | 'outline';
  /** Quadratic curve pelvis → control → shoulder (stroke), or the outline's corners and controls. */
  points: Point[];
  width: number;
}
export interface Body {
  joints: Record<JointName, Point>;
  torso: Torso;
  head: { c: Point; r: number; z: Depth };
  chains: Chain[];
}

const rad = (deg: number) => (deg * Math.PI) / 180;
const dir = (deg: number): Point => ({ x: Math.cos(rad(deg)), y: Math.sin(rad(deg)) });
const add = (p: Point, v: Point, k = 1): Point => ({ x: p.x + v.x * k, y: p.y + v.y * k });
const bone = (b: number | readonly [number, number]): [number, number] =>
  typeof b === 'number' ? [b, 1] : [b[0], b[1]];

/** Samples a quadratic Bézier (for its lowest point and the chest joint). */
export function quad(p0: Point, c: Point, p1: Point, t: number): Point {
  const u = 1 - t;
  return { x: u * u * p0.x + 2 * u * t * c.x + t * t * p1.x, y: u * u * p0.y + 2 * u * t * c.y + t * t * p1.y };
}

/** Positions every joint of a figure, the pelvis at x = 0, the body resting on the floor (y = 0) plus `lift`. */
export function pose(figure: Figure): Body {
  const side = figure.view === 'side';
  const d = dir(figure.torso.angle);
  const length = BONES.torso * figure.torso.scale;
  const H: Point = { x: 0, y: 0 };
  const S = add(H, d, length);
  // The figure's left, across the spine: seen from behind it is counter-clockwise of the spine.
  const across = (u: Point): Point => (figure.view === 'back' ? { x: -u.y, y: u.x } : { x: u.y, y: -u.x });
  // A torso folding down towards the floor (towards or away from the viewer) keeps its left where
  // it was; only a body seen from above turns in the picture's plane.
  const folded = figure.ground === 'floor' && d.y < 0;
  const leftward = folded ? across({ x: -d.x, y: -d.y }) : across(d);
  const hipward = across(dir(figure.torso.pelvis ?? (figure.ground === 'mat' ? figure.torso.angle : 90)));
  const cw = { x: d.y, y: -d.x };
  const sag = figure.torso.bend * length * 2;
  const mid = add(add(H, d, length / 2), cw, sag);

  let torso: Torso;
  let shoulders: { left: Point; right: Point };
  let hips: { left: Point; right: Point };
  if (side) {
    torso = { kind: 'stroke', points: [H, mid, S], width: WIDTHS.torsoSide };
    shoulders = { left: S, right: S };
    hips = { left: H, right: H };
  } else {
    // Shoulders tilt about the neck: + raises the figure's right shoulder (towards the spine's end).
    const t = rad(figure.torso.tilt);
    const axis = { x: leftward.x * Math.cos(t) - d.x * Math.sin(t), y: leftward.y * Math.cos(t) - d.y * Math.sin(t) };
    const sw = WIDTHS.shoulders * figure.torso.width - TORSO_ROUND;
    const hw = WIDTHS.hips * figure.torso.width - TORSO_ROUND;
    const sl = add(S, axis, sw);
    const sr = add(S, axis, -sw);
    const hl = add(H, hipward, hw);
    const hr = add(H, hipward, -hw);
    // Each long side bows with the spine.
    const bow = (a: Point, b: Point): Point => add({ x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 }, cw, sag);
    torso = { kind: 'outline', points: [hl, bow(hl, sl), sl, sr, bow(sr, hr), hr], width: TORSO_ROUND * 2 };
    shoulders = { left: add(S, axis, sw - 2), right: add(S, axis, -(sw - 2)) };
    hips = { left: add(H, hipward, HIP_OFFSET), right: add(H, hipward, -HIP_OFFSET) };
  }

  const headDistance = (side ? WIDTHS.torsoSide / 2 + 1.5 : TORSO_ROUND + 3) + WIDTHS.head;
  const headC = add(S, dir(figure.head.angle), headDistance * figure.head.scale);

  const joints = { pelvis: H, chest: quad(H, mid, S, 0.6), head: headC } as Record<JointName, Point>;
  const chains: Chain[] = [];
  for (const which of ['left', 'right'] as const) {
    const limbs = figure[which];
    const near = !side || figure.near === which;
    const z: Depth = limbs.arm.z ?? (side ? (near ? 'front' : 'back') : 'back');
    const zLeg: Depth = limbs.leg.z ?? (side ? (near ? 'front' : 'back') : 'back');

    const armNames = ['elbow', 'hand'] as const;
    const armLengths = [BONES.upperArm, BONES.forearm];
    const armWidths = [WIDTHS.upperArm, WIDTHS.forearm];
    let p = shoulders[which];
    joints[`${which}.shoulder`] = p;
    const arm: Segment[] = [];
    limbs.arm.bones.slice(0, 2).forEach((b, i) => {
      const [a, k] = bone(b);
      const q = add(p, dir(a), armLengths[i]! * k);
      arm.push({ a: p, b: q, width: armWidths[i]! });
      joints[`${which}.${armNames[i]!}`] = q;
      p = q;
    });
    if (limbs.arm.bones.length < 2) joints[`${which}.hand`] = p;
    chains.push({ name: `${which}.arm`, segments: arm, z, far: limbs.arm.far ?? !near });

    const legNames = ['knee', 'ankle', 'toe'] as const;
    const legLengths = [BONES.thigh, BONES.shin, BONES.foot];
    const legWidths = [WIDTHS.thigh, WIDTHS.shin, WIDTHS.foot];
    p = hips[which];
    joints[`${which}.hip`] = p;
    const leg: Segment[] = [];
    limbs.leg.bones.slice(0, 3).forEach((b, i) => {
      const [a, k] = bone(b);
      const q = add(p, dir(a), legLengths[i]! * k);
      leg.push({ a: p, b: q, width: legWidths[i]! });
      joints[`${which}.${legNames[i]!}`] = q;
      p = q;
    });
    for (let i = limbs.leg.bones.length; i < 3; i++) joints[`${which}.${legNames[i]!}`] = p;
    chains.push({ name: `${which}.leg`, segments: leg, z: zLeg, far: limbs.leg.far ?? !near });
  }

  const body: Body = {
    joints,
    torso,
    head: { c: headC, r: WIDTHS.head, z: figure.head.z },
    chains,
  };
  if (figure.ground !== 'floor') return body;
  return shift(body, { x: 0, y: figure.lift - lowest(body) });
}

/** The lowest y any part of the body reaches (its outline, not its joints). */
export function lowest(body: Body): number {
  let min = body.head.c.y - body.head.r;
  for (const c of body.chains)
    for (const s of c.segments) min = Math.min(min, s.a.y - s.width / 2, s.b.y - s.width / 2);
  const t = body.torso;
  if (t.kind === 'stroke')
    for (let i = 0; i <= 20; i++)
      min = Math.min(min, quad(t.points[0]!, t.points[1]!, t.points[2]!, i / 20).y - t.width / 2);
  else for (const p of outlineSamples(t)) min = Math.min(min, p.y - t.width / 2);
  return min;
}

/** Points along a back/front torso outline: hip, bowed side, shoulder, shoulder, bowed side, hip. */
export function outlineSamples(t: Torso): Point[] {
  const [hl, cl, sl, sr, cr, hr] = t.points as [Point, Point, Point, Point, Point, Point];
  const out: Point[] = [];
  for (let i = 0; i <= 10; i++) out.push(quad(hl, cl, sl, i / 10));
  for (let i = 0; i <= 10; i++) out.push(quad(sr, cr, hr, i / 10));
  return out;
}

function shift(body: Body, v: Point): Body {
  const m = (p: Point) => add(p, v);
  return {
    joints: Object.fromEntries(Object.entries(body.joints).map(([k, p]) => [k, m(p)])) as Record<JointName, Point>,
    torso: { ...body.torso, points: body.torso.points.map(m) },
    head: { ...body.head, c: m(body.head.c) },
    chains: body.chains.map((c) => ({ ...c, segments: c.segments.map((s) => ({ ...s, a: m(s.a), b: m(s.b) })) })),
  };
}
