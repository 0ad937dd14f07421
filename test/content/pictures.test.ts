import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// pngjs decodes the PNGs: a few lines of zlib would do for resvg's own output, but pngjs reads any
// PNG (filters, interlacing, palettes), so the test stays right if the renderer ever changes.
import { PNG } from 'pngjs';
import { Resvg } from '@resvg/resvg-js';
import { describe, expect, test } from 'vitest';
import type { Sequence } from '../../src/domain/catalog-schema.ts';
import { loadCatalog } from '../../src/domain/load-catalog.ts';
import { type Figure, loadFigures, type JointName } from '../../src/pictures/figure-schema.ts';
import { createPictures } from '../../src/pictures/index.ts';
import { poseAlt } from '../../src/discord/session/step-picture.ts';
import {
  allSources,
  type PictureManifest,
  poseFile,
  stalePictures,
  stripFile,
  stripSource,
} from '../../src/pictures/manifest.ts';
import { hash, renderPng } from '../../src/pictures/png.ts';
import { figureSvg, viewpointOf } from '../../src/pictures/svg.ts';
import { stripTiles } from '../../src/pictures/strip.ts';
import { type Point, pose as skeleton } from '../../src/pictures/skeleton.ts';
import { t } from '../../src/i18n.ts';
import { OWN_FILES } from '../../src/languages.ts';

/** The pictures a bot gets: the code's own data/. */
const shipped = createPictures();
const { posePicture, stripPicture } = shipped;

const root = join(import.meta.dirname, '..', '..');
const data = join(root, 'data');
const dir = join(data, 'pictures');
const catalog = loadCatalog(data);
const figures = loadFigures(join(data, 'figures'));
const manifestFile = join(dir, 'manifest.json');
const manifest: PictureManifest | undefined = existsSync(manifestFile)
  ? (JSON.parse(readFileSync(manifestFile, 'utf8')) as PictureManifest)
  : undefined;
const sources = allSources(figures, catalog);
const FIX = 'run `npm run pictures`';

/** Each picture a pose should have: one, or a left and a right. */
const filesOf = (poseId: string, sided: boolean) =>
  sided ? [poseFile(poseId, 'left'), poseFile(poseId, 'right')] : [poseFile(poseId)];
const decode = (file: string) => PNG.sync.read(readFileSync(join(dir, file)));
/** How many pixels of a and b differ (RGBA, by more than `by`), b read mirrored left to right when asked. */
function differing(a: PNG, b: PNG, mirrored: boolean, by = 0): { count: number; max: number } {
  let count = 0;
  let max = 0;
  for (let y = 0; y < a.height; y++)
    for (let x = 0; x < a.width; x++) {
      const i = (y * a.width + x) * 4;
      const j = (y * a.width + (mirrored ? a.width - 1 - x : x)) * 4;
      let d = 0;
      for (let k = 0; k < 4; k++) d = Math.max(d, Math.abs(a.data[i + k]! - b.data[j + k]!));
      if (d > by) count++;
      max = Math.max(max, d);
    }
  return { count, max };
}

/** Limits for a pose picture: readable as a thumbnail, small enough to attach to every post. */
const MIN_SHORT_SIDE = 256;
const MAX_BYTES = 20 * 1024;

describe('data/figures: a figure for every pose', () => {
  test.each([...catalog.poses.values()].map((p) => [p.id, p] as const))(
    '%s: has a figure, sided exactly when the pose has sides',
    (id, pose) => {
      const figure = figures.get(id);
      expect(figure, `no data/figures/${id}.json: draw one, then ${FIX}`).toBeDefined();
      expect(figure?.sided, `${id}: the figure's "sided" should match the pose's sides`).toBe(pose.sides !== undefined);
    },
  );

  test('GIVEN a figure with a bad field or a name unlike its file THEN loading names the file and the field', () => {
    const bad = mkdtempSync(join(tmpdir(), 'yin-figures-'));
    const good = JSON.parse(readFileSync(join(data, 'figures', 'savasana.json'), 'utf8'));
    writeFileSync(join(bad, 'savasana.json'), JSON.stringify({ ...good, view: 'overhead' }));
    writeFileSync(join(bad, 'other.json'), JSON.stringify(good));
    expect(() => loadFigures(bad)).toThrow(/savasana\.json: view: /);
    expect(() => loadFigures(bad)).toThrow(/other\.json: pose: "savasana" should match the file name/);
  });
});

describe('data/pictures is current (run `npm run pictures` after editing data/figures, data/sequences or src/pictures)', () => {
  test('the manifest exists and names the renderer', () => {
    expect(manifest, `no ${manifestFile}: ${FIX}`).toBeDefined();
    expect(manifest?.renderer).toMatch(/^resvg \d+\.\d+\.\d+/);
  });

  test('nothing is missing or stale', () => {
    expect(Object.fromEntries(stalePictures(manifest, sources)), `stale or missing pictures: ${FIX}`).toEqual({});
  });

  test.each(sources.map((s) => [s.file] as const))('%s: the committed file is the one the manifest records', (file) => {
    const entry = manifest?.pictures[file];
    expect(entry, `no ${file} in the manifest: ${FIX}`).toBeDefined();
    expect(existsSync(join(dir, file)), `no data/pictures/${file}: ${FIX}`).toBe(true);
    const png = readFileSync(join(dir, file));
    expect(hash(png), `data/pictures/${file} differs from the manifest: ${FIX}`).toBe(entry?.png);
    const image = decode(file);
    expect([image.width, image.height, png.length]).toEqual([entry?.width, entry?.height, entry?.bytes]);
  });

  test('the folder and the manifest hold nothing the figures and sequences no longer need', () => {
    const wanted = sources.map((s) => s.file).sort();
    expect(Object.keys(manifest?.pictures ?? {}).sort(), FIX).toEqual(wanted);
    expect(
      readdirSync(dir)
        .filter((f) => f.endsWith('.png'))
        .sort(),
      FIX,
    ).toEqual(wanted);
  });

  test('GIVEN one figure changed THEN exactly its pictures and the strips showing it are stale', () => {
    const changed = new Map(figures);
    const twist = figures.get('reclined-twist')!;
    changed.set('reclined-twist', { ...twist, head: { ...twist.head, angle: twist.head.angle + 10 } });
    const expected = [
      ...filesOf('reclined-twist', true),
      ...[...catalog.sequences.values()]
        .filter((s) => s.steps.some((step) => step.pose === 'reclined-twist'))
        .map((s) => stripFile(s.id)),
    ];
    expect(expected.length).toBeGreaterThan(2);
    expect(Object.fromEntries(stalePictures(manifest, allSources(changed, catalog)))).toEqual(
      Object.fromEntries(expected.map((f) => [f, 'source'])),
    );
    expect(Object.fromEntries(stalePictures({ ...manifest!, renderer: 'resvg 0.0.1' }, sources))).toEqual(
      Object.fromEntries(sources.map((s) => [s.file, 'renderer'])),
    );
  });
});

describe('pose pictures', () => {
  const poses = [...figures.values()].map((f) => [f.pose, f] as const);

  test.each(poses)('%s: decodes, at least 256 px on its short side, at most 20 KB', (id, figure) => {
    for (const file of filesOf(id, figure.sided)) {
      const image = decode(file);
      expect(Math.min(image.width, image.height)).toBeGreaterThanOrEqual(MIN_SHORT_SIDE);
      expect(readFileSync(join(dir, file)).length, `${file} is over 20 KB`).toBeLessThanOrEqual(MAX_BYTES);
    }
  });

  test('a picture stored with a palette has exactly the pixels resvg drew', () => {
    const [id, figure] = poses[0]!;
    const svg = figureSvg(figure);
    const ours = PNG.sync.read(renderPng(svg));
    const resvgs = PNG.sync.read(new Resvg(svg, { fitTo: { mode: 'original' } }).render().asPng());
    expect(readFileSync(join(dir, filesOf(id, figure.sided)[0]!)).readUInt8(25), 'colour type: indexed').toBe(3);
    expect(ours.data.equals(resvgs.data)).toBe(true);
  });

  test('every pose looks different: no two pictures share their pixels', () => {
    const files = poses.flatMap(([id, f]) => filesOf(id, f.sided));
    const pixels = files.map((f) => hash(decode(f).data));
    expect(new Set(pixels).size).toBe(files.length);
  });

  const sided = poses.filter(([, f]) => f.sided);
  test('some poses are sided', () => expect(sided.length).toBeGreaterThan(0));
  test.each(sided)('%s: the right is the left mirrored, and they differ', (id) => {
    const [left, right] = [decode(poseFile(id, 'left')), decode(poseFile(id, 'right'))];
    expect([right.width, right.height]).toEqual([left.width, left.height]);
    const area = left.width * left.height;
    // Mirrored, only anti-aliased edge pixels may differ, and only a little.
    const mirrored = differing(left, right, true, 0);
    expect(mirrored.count / area).toBeLessThan(0.005);
    expect(mirrored.max).toBeLessThanOrEqual(64);
    // Unmirrored, the pose visibly turns the other way.
    expect(differing(left, right, false, 32).count / area).toBeGreaterThan(0.03);
  });

  test('posePicture gives the committed file, read once; a sided pose without a side gives its left', () => {
    const [id, figure] = poses.find(([, f]) => !f.sided)!;
    const picture = posePicture(id);
    expect(picture?.name).toBe(poseFile(figure.pose));
    expect(picture?.data.equals(readFileSync(join(dir, poseFile(id))))).toBe(true);
    expect(posePicture(id)?.data).toBe(picture?.data);
    const [sidedId] = sided[0]!;
    expect(posePicture(sidedId, 'right')?.name).toBe(`${sidedId}-right.png`);
    expect(posePicture(sidedId)?.name).toBe(`${sidedId}-left.png`);
    expect(posePicture(id, 'left')?.name).toBe(`${id}.png`);
  });

  test('posePicture for an unknown pose, or an id that is not a plain id, is undefined', () => {
    expect(posePicture('no-such-pose')).toBeUndefined();
    expect(posePicture('no-such-pose', 'left')).toBeUndefined();
    expect(posePicture('../pictures/manifest')).toBeUndefined();
    expect(posePicture('')).toBeUndefined();
  });
});

describe('sides: one rule for every sided picture', () => {
  const sided = [...figures.values()].filter((f) => f.sided).map((f) => [f.pose, f] as const);
  const languages = ['en', ...OWN_FILES] as const;

  // A front view puts the figure's left on the picture's right: a student copying it does the
  // other side. Seen from behind (or from above, or in profile, said in the alt text) it can't.
  test.each(sided)('%s: seen from behind, from above or from one side, never from the front', (_id, figure) => {
    for (const side of ['left', 'right'] as const) expect(viewpointOf(figure, side)).not.toBe('front');
  });

  /**
   * What shows that a sided figure (drawn for the left, x to the picture's right, y up) really is
   * its left side, as its pose's `sides.left` says. A profile faces the picture's left; a body on
   * its back seen from above has its left at the top, one on its belly at the bottom.
   */
  const LEFT_SIDE: Record<string, [string, (j: Record<JointName, Point>) => boolean]> = {
    bananasana: [
      'hands and feet walked to its left (the top)',
      (j) => j['left.hand'].y > j.head.y && j['left.toe'].y > j.pelvis.y + 20,
    ],
    'broken-wing': [
      'the left arm out to its left (the bottom), the right knee forward on the other side',
      (j) => j['left.hand'].y < j.pelvis.y - 40 && j['right.knee'].y > j.pelvis.y,
    ],
    deer: [
      "the left knee forward to the picture's left, the right leg out to its right",
      (j) => j['left.knee'].x < j.pelvis.x - 20 && j['right.knee'].x > j.pelvis.x + 20,
    ],
    dragon: [
      'the left foot forward, the right knee back',
      (j) => j['left.ankle'].x < j.pelvis.x && j['right.knee'].x > j.pelvis.x,
    ],
    'dragonfly-side-bend': [
      "leaning over the left leg, on the picture's left",
      (j) => j.head.x < j.pelvis.x - 20 && j['left.ankle'].x < j.pelvis.x,
    ],
    'dragonfly-twist': [
      "folding over the left leg, on the picture's left",
      (j) => j.head.x < j.pelvis.x - 20 && j['left.ankle'].x < j.pelvis.x,
    ],
    'eye-of-the-needle': [
      'the left ankle crossed over the right thigh, below the right knee',
      (j) =>
        Math.hypot(j['left.ankle'].x - j['right.knee'].x, j['left.ankle'].y - j['right.knee'].y) < 20 &&
        j['left.ankle'].y < j['right.knee'].y,
    ],
    'half-butterfly': [
      'the left leg long, its foot well past the bent right knee',
      (j) => j['left.ankle'].x < j['right.knee'].x - 40,
    ],
    'reclined-twist': [
      'both knees dropped to its left (the top)',
      (j) => j['left.knee'].y > j.pelvis.y + 20 && j['right.knee'].y > j.pelvis.y + 20,
    ],
    'seated-neck-release': [
      "the head tilted towards the left shoulder, on the picture's left",
      (j) => j.head.x < j.chest.x - 8,
    ],
    'sleeping-swan': [
      'the left knee forward, the right leg long behind',
      (j) => j['left.knee'].x < j.pelvis.x - 20 && j['right.ankle'].x > j.pelvis.x + 60,
    ],
    'thread-the-needle': [
      'the left arm threaded back under the chest, the right arm reaching forward',
      (j) => j['left.hand'].x > j['left.shoulder'].x + 20 && j['right.hand'].x < j.head.x,
    ],
  };
  test.each(sided)('%s: its picture for the left side shows the left side', (id, figure) => {
    const tell = LEFT_SIDE[id];
    expect(tell, `${id}: say in LEFT_SIDE what shows its left side`).toBeDefined();
    expect(tell![1](skeleton(figure).joints), `${id} should show ${tell![0]}`).toBe(true);
  });

  test('a profile is seen from its near side; its right picture, the left mirrored, from the other side', () => {
    const dragon = figures.get('dragon')!;
    expect([dragon.view, dragon.near]).toEqual(['side', 'left']);
    expect([viewpointOf(dragon, 'left'), viewpointOf(dragon, 'right')]).toEqual(['left', 'right']);
    const deer = figures.get('deer')!;
    expect([viewpointOf(deer, 'left'), viewpointOf(deer, 'right')]).toEqual(['behind', 'behind']);
    expect(viewpointOf(figures.get('reclined-twist')!, 'right')).toBe('above');
  });

  test('in English, the alt text of a sided picture says the side and where it is seen from', () => {
    const alt = (id: string, side: 'left' | 'right') =>
      poseAlt(shipped, { id, name: catalog.poses.get(id)!.name }, side, 'en');
    expect(alt('deer', 'left')).toBe('The pose: Deer, left side, seen from behind.');
    expect(alt('dragon', 'right')).toBe('The pose: Dragon, right side, seen from the right.');
    expect(alt('reclined-twist', 'left')).toBe('The pose: Reclined Twist, left side, seen from above.');
    expect(poseAlt(shipped, { id: 'sphinx', name: 'Sphinx' }, undefined, 'en')).toBe('The pose: Sphinx.');
  });

  test.each(languages)(
    "%s: every sided picture's alt text names its side and its viewpoint, in that language",
    (lang) => {
      for (const [id, figure] of sided)
        for (const side of ['left', 'right'] as const) {
          const alt = poseAlt(shipped, { id, name: id }, side, lang);
          const seen = t(`post.seenFrom_${viewpointOf(figure, side)}`, {}, lang);
          expect(alt, `${id} ${side}`).toContain(seen);
          expect(alt, `${id} ${side}`).toContain(t(`post.side_${side}`, {}, lang));
          if (lang !== 'en')
            expect(seen, `${lang}: "${seen}" is the English`).not.toBe(
              t(`post.seenFrom_${viewpointOf(figure, side)}`, {}, 'en'),
            );
        }
    },
  );
});

describe('strips', () => {
  const sequences = [...catalog.sequences.values()].map((s) => [s.id, s] as const);

  test.each(sequences)('%s: its strip is committed, and stripPicture gives that file', (id, sequence) => {
    const picture = stripPicture(catalog, sequence);
    expect(picture.name).toBe(`strip-${id}.png`);
    expect(picture.data.equals(readFileSync(join(dir, picture.name))), FIX).toBe(true);
    const image = decode(picture.name);
    // Rows of small figures: wider than tall, each tile readable when Discord shows it ~550 px wide.
    expect(image.width).toBeGreaterThanOrEqual(image.height);
    expect(image.width).toBeGreaterThanOrEqual(550);
  });

  test('a strip shows every pose step in order, a step on both sides twice', () => {
    const back = catalog.sequences.get('back')!;
    const tiles = stripTiles(back);
    expect(tiles.map((t) => t.pose)).toEqual(
      back.steps.flatMap((s) => (s.sides === 'both' ? [s.pose, s.pose] : [s.pose])),
    );
    const both = back.steps.find((s) => s.sides === 'both')!;
    expect(tiles.filter((t) => t.pose === both.pose).map((t) => t.side)).toEqual(['left', 'right']);
  });

  const base = [...catalog.sequences.values()][0]!;
  const poses = [...catalog.poses.keys()];
  const madeUp: Sequence = {
    ...base,
    id: 'Évening flow / ../../x',
    steps: [
      { pose: poses[poses.length - 1]!, role: 'hold' },
      { pose: poses[0]!, role: 'rest', minutes: 2 },
    ],
  };

  test('GIVEN a sequence not on disk (an id unsafe in a file name) THEN its strip is composed, named safely, cached', () => {
    const picture = stripPicture(catalog, madeUp);
    expect(picture.name).toMatch(/^strip-[a-z0-9][a-z0-9-]*\.png$/);
    expect(existsSync(join(dir, picture.name))).toBe(false);
    const image = PNG.sync.read(picture.data);
    expect(Math.min(image.width, image.height)).toBeGreaterThanOrEqual(150);
    expect(stripPicture(catalog, madeUp).data).toBe(picture.data);
  });

  test('GIVEN a built-in sequence edited on a server THEN its strip is composed from the new steps, not the file', () => {
    const back = catalog.sequences.get('back')!;
    const edited: Sequence = { ...back, steps: back.steps.slice(0, 3) };
    const picture = stripPicture(catalog, edited);
    expect(picture.name).toBe('strip-back.png');
    expect(picture.data.equals(readFileSync(join(dir, 'strip-back.png')))).toBe(false);
    // Three steps fit one row: the composed strip is smaller than the class's.
    const [now, committed] = [PNG.sync.read(picture.data), decode('strip-back.png')];
    expect(now.width * now.height).toBeLessThan(committed.width * committed.height);
  });

  test('GIVEN no committed pictures THEN poses have none and strips are still composed', () => {
    const empty = mkdtempSync(join(tmpdir(), 'yin-pictures-'));
    mkdirSync(join(empty, 'figures'));
    for (const [id, f] of figures)
      writeFileSync(join(empty, 'figures', `${id}.json`), JSON.stringify(f satisfies Figure));
    const pictures = createPictures(empty);
    expect(pictures.posePicture(base.steps[0]!.pose)).toBeUndefined();
    const strip = pictures.stripPicture(catalog, base);
    // Composed from the same figures, the strip is the committed one, pixel for pixel.
    expect(PNG.sync.read(strip.data).data.equals(decode(stripFile(base.id)).data)).toBe(true);
    expect(stripSource(base, figures).file).toBe(strip.name);
  });
});
