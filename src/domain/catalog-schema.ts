import { z } from 'zod';

/** Ids are used in custom_ids, autocomplete values and file names: keep them plain. */
const id = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'use lowercase letters, digits and dashes (at most 40)');
/** Discord embed fields hold 1,024 characters; keep each line well inside that. */
const line = z.string().trim().min(1).max(300);

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
  /** One short sentence spoken in a voice channel. */
  spoken: z.string().trim().min(1).max(200),
});

export const stepSchema = z.strictObject({
  pose: id,
  /** "both" makes two timed steps, left then right. */
  sides: z.enum(['both', 'left', 'right']).optional(),
  /** A fixed length for this step in minutes, instead of the session's hold. */
  minutes: z.number().min(0.5).max(10).optional(),
});

export const sequenceSchema = z
  .strictObject({
    id,
    name: z.string().trim().min(1).max(80),
    focus: z.string().trim().min(1).max(400),
    about: z.string().trim().min(1).max(1000),
    safety: z.array(line).min(1).max(6),
    /** The safety rule in one line, repeated under every pose. */
    reminder: z.string().trim().min(1).max(150),
    holdMinutes: z.strictObject({
      default: z.number().int().min(1).max(10),
      min: z.number().int().min(1).max(10),
      max: z.number().int().min(1).max(10),
    }),
    settleSeconds: z.number().int().min(0).max(600),
    steps: z.array(stepSchema).min(1).max(20),
    closing: z.string().trim().min(1).max(600),
    reflection: z.string().trim().min(1).max(200),
    source: z.string().trim().max(300).optional(),
  })
  .refine((s) => s.holdMinutes.min <= s.holdMinutes.default && s.holdMinutes.default <= s.holdMinutes.max, {
    message: 'holdMinutes.default must lie between min and max',
    path: ['holdMinutes', 'default'],
  });

export type Pose = z.infer<typeof poseSchema>;
export type SequenceStep = z.infer<typeof stepSchema>;
export type Sequence = z.infer<typeof sequenceSchema>;

export interface Catalog {
  poses: ReadonlyMap<string, Pose>;
  sequences: ReadonlyMap<string, Sequence>;
}
