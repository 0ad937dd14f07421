import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

/**
 * A pose's figure as data (data/figures/<pose-id>.json): a small skeleton of absolute angles,
 * drawn by svg.ts. Angles are degrees counter-clockwise from pointing right (0 right, 90 up, 180
 * left, 270 down), in the picture as drawn; a sided figure is drawn for the left side and
 * mirrored for the right. Lengths are centimetres of a ~170 cm body (BONES in skeleton.ts).
 */

const angle = z.number().min(-360).max(360);
/** A bone: its angle, or [angle, length factor] when it is foreshortened (pointing at the viewer). */
const bone = z.union([angle, z.tuple([angle, z.number().min(0).max(1.5)])]);
const depth = z.enum(['front', 'back']);
/** A prop is drawn behind the body, in front of it, or between the limbs behind the torso and the torso. */
const layer = z.enum(['back', 'middle', 'front']);

const limb = z.strictObject({
  /** upper arm, forearm (hand included); or thigh, shin, foot. */
  bones: z.array(bone).min(1).max(3),
  /** Drawn in front of the torso or behind it (default: the near side in front, the far behind). */
  z: depth.optional(),
  /** A far limb is drawn lighter (default: the side away from the viewer in a side view). */
  far: z.boolean().optional(),
});

const side = z.strictObject({ arm: limb, leg: limb });

/** A point on the body a prop or a mark can refer to. */
export const JOINTS = [
  'pelvis',
  'chest',
  'head',
  'left.shoulder',
  'left.elbow',
  'left.hand',
  'left.hip',
  'left.knee',
  'left.ankle',
  'left.toe',
  'right.shoulder',
  'right.elbow',
  'right.hand',
  'right.hip',
  'right.knee',
  'right.ankle',
  'right.toe',
] as const;
export type JointName = (typeof JOINTS)[number];
const joint = z.enum(JOINTS);
/** A place: a joint of the body (optionally moved by dx, dy), or a point [x, y] (x from the pelvis, y from the floor). */
const place = z.union([
  z.tuple([z.number(), z.number()]),
  joint,
  z.strictObject({ joint, dx: z.number().default(0), dy: z.number().default(0) }),
]);

const box = { at: place, angle: angle.default(0), z: layer.default('back') };
export const propSchema = z.discriminatedUnion('kind', [
  /** A bolster seen from its side (a long capsule), or end-on (a circle) with `end`. Its `at` is its centre. */
  z.strictObject({
    kind: z.literal('bolster'),
    ...box,
    length: z.number().min(10).max(90).default(62),
    thick: z.number().min(8).max(30).default(20),
    end: z.boolean().default(false),
  }),
  /** A yoga block; `at` is the middle of its bottom edge (a block stands on the floor). */
  z.strictObject({
    kind: z.literal('block'),
    ...box,
    w: z.number().min(4).max(30).default(10),
    h: z.number().min(4).max(30).default(15),
  }),
  /** A folded blanket (a flat stack, `at` the middle of its bottom), or a rolled one (a small circle, `at` its centre). */
  z.strictObject({
    kind: z.literal('blanket'),
    ...box,
    w: z.number().min(6).max(90).default(34),
    h: z.number().min(2).max(20).default(6),
    rolled: z.boolean().default(false),
  }),
  /** A strap from one place to another. */
  z.strictObject({ kind: z.literal('strap'), from: place, to: place, z: layer.default('front') }),
  /** A wall standing on the floor, its face at x, the wall on the side named. */
  z.strictObject({ kind: z.literal('wall'), x: z.number(), side: z.enum(['left', 'right']), z: layer.default('back') }),
]);
export type Prop = z.infer<typeof propSchema>;

export const markSchema = z.strictObject({
  /** A soft two-headed arc: the part sways from side to side. */
  kind: z.literal('sway'),
  at: place,
  radius: z.number().min(4).max(60).default(16),
  /** Where the arc's middle points, as an angle. */
  toward: angle.default(90),
});
export type Mark = z.infer<typeof markSchema>;

export const figureSchema = z.strictObject({
  pose: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/),
  /** What the picture shows, in words (for a sided pose: what its left is), for whoever edits it. */
  about: z.string().trim().min(1).max(200).optional(),
  /** Sided poses get two pictures: this drawing is the left, the right is its mirror image. */
  sided: z.boolean().default(false),
  /**
   * side: seen from the side, the `near` side towards the viewer; back: seen from behind (the
   * figure's left is the picture's left); front: seen from the front, its left on the picture's right.
   * A body lying on its back seen from above is `front`, on its belly `back`. A sided figure is
   * never seen from the front on the floor: its left would be the picture's right (viewpointOf).
   */
  view: z.enum(['side', 'back', 'front']),
  near: z.enum(['left', 'right']).default('left'),
  /**
   * floor: a floor line, the lowest part of the body resting on it. mat: seen from above, on a mat
   * along the spine. plane: seen from the front and a little above, the legs on a mat drawn flat
   * under them (what comes towards the viewer is drawn lower).
   */
  ground: z.enum(['floor', 'mat', 'plane']).default('floor'),
  /** The mat's corners [x0, y0, x1, y1] (cm, from the pelvis) when the one worked out from the body won't do. */
  mat: z.tuple([z.number(), z.number(), z.number(), z.number()]).optional(),
  /** Raise the body off the floor (cm), when it rests on props rather than the floor. */
  lift: z.number().min(0).max(60).default(0),
  torso: z.strictObject({
    angle,
    /** How far the spine bows, as a fraction of its length; positive bows to the clockwise side of pelvis→chest. */
    bend: z.number().min(-0.4).max(0.4).default(0),
    /** Foreshortening: the torso leans towards or away from the viewer. */
    scale: z.number().min(0.1).max(1.2).default(1),
    /** Shoulders' tilt across the body in back and front views (degrees, + raises the right shoulder). */
    tilt: z.number().min(-60).max(60).default(0),
    /** The torso's width in back and front views, as a fraction: less when it turns sideways. */
    width: z.number().min(0.4).max(1.2).default(1),
    /**
     * Where the pelvis points, as an angle, in back and front views: the hips lie across it. By
     * default level on the floor (90), or along the spine for a body seen from above.
     */
    pelvis: angle.optional(),
  }),
  head: z.strictObject({
    angle,
    scale: z.number().min(0.2).max(1.3).default(1),
    z: depth.default('front'),
  }),
  left: side,
  right: side,
  props: z.array(propSchema).max(8).default([]),
  marks: z.array(markSchema).max(3).default([]),
});
export type Figure = z.infer<typeof figureSchema>;
export type FigureInput = z.input<typeof figureSchema>;

/** Reads data/figures/*.json; throws one error listing every problem (file and field). */
export function loadFigures(dir: string): Map<string, Figure> {
  const figures = new Map<string, Figure>();
  const problems: string[] = [];
  let names: string[] = [];
  try {
    names = readdirSync(dir)
      .filter((n) => n.endsWith('.json'))
      .sort();
  } catch {
    return figures;
  }
  for (const name of names) {
    const file = join(dir, name);
    let value: unknown;
    try {
      value = JSON.parse(readFileSync(file, 'utf8'));
    } catch (err) {
      problems.push(`${file}: not valid JSON (${(err as Error).message})`);
      continue;
    }
    const result = figureSchema.safeParse(value);
    if (!result.success) {
      for (const issue of result.error.issues)
        problems.push(`${file}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
      continue;
    }
    if (`${result.data.pose}.json` !== name)
      problems.push(`${file}: pose: "${result.data.pose}" should match the file name`);
    figures.set(result.data.pose, result.data);
  }
  if (problems.length) throw new Error(`${dir} has ${problems.length} problem(s):\n  ${problems.join('\n  ')}`);
  return figures;
}
