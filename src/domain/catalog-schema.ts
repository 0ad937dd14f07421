import { z } from 'zod';

/** Ids are used in custom_ids, autocomplete values and file names: keep them plain. */
const id = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'use lowercase letters, digits and dashes (at most 40)');
/** Discord embed fields hold 1,024 characters; keep each line well inside that. */
const line = z.string().trim().min(1).max(300);
/** A sentence spoken in a voice channel: short, no brackets or abbreviations read aloud. */
const spoken = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .refine((s) => !/[()[\]{}]|\be\.g\.|\bi\.e\.|\betc\b/.test(s), 'spoken text has no brackets or abbreviations');

/**
 * Where the body is as a pose is set up and as its exit leaves it: on the back, on the belly, on
 * one side, sitting, sitting in a wide straddle, or kneeling (on all fours or in Child's Pose).
 * An exit only releases the pose and leaves the body here; getting from here to where the next
 * step starts is said once, between them (`post.move_<from>_<to>`), so an exit never closes a
 * straddle the next pose needs, or sits up before a pose that starts lying down.
 */
export const POSITIONS = ['back', 'belly', 'side', 'seated', 'straddle', 'kneeling'] as const;
export type Position = (typeof POSITIONS)[number];
const position = z.enum(POSITIONS);

export const poseSchema = z.strictObject({
  id,
  name: z.string().trim().min(1).max(80),
  targets: z.array(line).min(1).max(8),
  enter: z.string().trim().min(1).max(600),
  variations: z.array(line).min(1).max(6),
  props: z.array(line).max(6),
  cues: z.array(line).min(1).max(6),
  cautions: z.array(line).max(6),
  exit: z.string().trim().min(1).max(300),
  /** Where the set-up may begin (the first is the usual one): no move is said from any of them. */
  starts: z.array(position).min(1).max(3),
  /** Where the exit leaves the body, if not where the set-up began (starts[0]). */
  ends: position.optional(),
  /** What eases the area afterwards (a pose, a movement), if anything. */
  counterpose: line.optional(),
  /** One or two short sentences spoken as the pose is set up in a voice channel. */
  spoken,
  /**
   * Poses done on each side say which way in plain words, for eyes closed: "Lean over your
   * left leg." Shown on the post and spoken after the pose's cue.
   */
  sides: z.strictObject({ left: spoken, right: spoken }).optional(),
  /** Where the facts come from (pages or books), for teachers who check. */
  sources: z.array(line).max(8).optional(),
});

/**
 * What a step is in the class: a `hold` (the yin pose, `hold:` minutes long), a `rebound`
 * (resting between poses, usually on the back), a `break` (a little movement inside a long block),
 * a `counterpose` (short, easing what came before) or the final `rest`.
 */
export const STEP_ROLES = ['hold', 'rebound', 'break', 'counterpose', 'rest'] as const;
export type StepRole = (typeof STEP_ROLES)[number];

export const stepSchema = z
  .strictObject({
    pose: id,
    role: z.enum(STEP_ROLES).default('hold'),
    /** "both" makes two timed steps, left then right. */
    sides: z.enum(['both', 'left', 'right']).optional(),
    /** The step's own length in minutes. Holds take the session's hold unless they set one. */
    minutes: z.number().min(0.5).max(10).optional(),
    /** Time to come out of the last pose and set this one up, instead of the sequence's. */
    transitionSeconds: z.number().int().min(0).max(120).optional(),
    /** A hold that takes the session's hold, but never more than this (one side of a long block). */
    maxMinutes: z.number().min(0.5).max(10).optional(),
    /** Not in the class's source: an addition the post labels, and says may be skipped. */
    optional: z.boolean().optional(),
    /**
     * Optional in a shorter class (`/yin start length:`): the planner leaves steps out a group at
     * a time, lowest number first (steps with the same number go together), and only when the
     * holds alone can't make the class short enough. The final rest is never dropped.
     */
    drop: z.number().int().min(1).max(30).optional(),
  })
  .refine((s) => s.role === 'hold' || s.minutes !== undefined, {
    message: 'rebounds, breaks, counterposes and rests give their own minutes',
    path: ['minutes'],
  })
  .refine((s) => s.role !== 'rest' || s.drop === undefined, {
    message: 'the final rest is never dropped',
    path: ['drop'],
  });

/** The arrivals a class can open with (catalog-schema's `arrival`; texts in the locales' `arrival`). */
export const ARRIVALS = ['settle', 'sleep'] as const;
export type Arrival = (typeof ARRIVALS)[number];

/** A sequence's fields, before the checks across them (translations pick from these). */
export const sequenceFields = z.strictObject({
  id,
  name: z.string().trim().min(1).max(80),
  focus: z.string().trim().min(1).max(400),
  about: z.string().trim().min(1).max(1000),
  /** What to gather before starting. */
  props: z.array(line).min(1).max(8),
  safety: z.array(line).min(1).max(6),
  /** "If this is you": pregnancy, injuries, conditions, and what to do instead. */
  ifThisIsYou: z.array(line).min(1).max(8),
  /** The safety rule in one line, repeated under every pose. */
  reminder: z.string().trim().min(1).max(150),
  holdMinutes: z.strictObject({
    default: z.number().int().min(1).max(10),
    min: z.number().int().min(1).max(10),
    max: z.number().int().min(1).max(10),
  }),
  /** Time to gather props and settle before the first pose. */
  settleSeconds: z.number().int().min(0).max(600),
  /**
   * How the class arrives during the settle (the opening's "Arrive" and, in voice, two cues
   * before the first pose): `settle` (the default) notices the breath, then lets the exhale
   * lengthen; `sleep` breathes slower, in for four and out for six.
   */
  arrival: z.enum(ARRIVALS).optional(),
  /** Time to come out of a pose and set up the next, between every two steps. */
  transitionSeconds: z.number().int().min(0).max(120),
  steps: z.array(stepSchema).min(1).max(30),
  closing: z.string().trim().min(1).max(600),
  reflection: z.string().trim().min(1).max(200),
  /** Spoken at the opening after the welcome (a voice session): one or two calm sentences. */
  spokenWelcome: spoken.optional(),
  /**
   * The class's own words as each hold begins, taken in turn, instead of the general ones ("Find
   * your first edge…"): a class that asks for no strong sensation says so here.
   */
  holdBegin: z.array(spoken).min(1).max(4).optional(),
  /**
   * The class ends lying down, as it is (a class for sleep): the final rest has no wake-up cue,
   * the closing rings one quiet bell, and its words are in the post only, not spoken.
   */
  endsInRest: z.boolean().optional(),
  sources: z.array(line).min(1).max(12),
});

export const sequenceSchema = sequenceFields
  .refine((s) => s.holdMinutes.min <= s.holdMinutes.default && s.holdMinutes.default <= s.holdMinutes.max, {
    message: 'holdMinutes.default must lie between min and max',
    path: ['holdMinutes', 'default'],
  })
  .refine((s) => !s.endsInRest || s.steps.at(-1)?.role === 'rest', {
    message: 'a class that ends in rest ends with a step whose role is "rest"',
    path: ['endsInRest'],
  });

export type Pose = z.infer<typeof poseSchema>;
export type SequenceStep = z.infer<typeof stepSchema>;
export type Sequence = z.infer<typeof sequenceSchema>;

export interface Catalog {
  poses: ReadonlyMap<string, Pose>;
  sequences: ReadonlyMap<string, Sequence>;
}
