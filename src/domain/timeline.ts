import type { Catalog, Pose, Sequence } from './catalog-schema.ts';

export type Side = 'left' | 'right';

export type TimelineStep =
  | { kind: 'opening'; index: number; offsetMs: number; durationMs: number }
  | {
      kind: 'pose';
      index: number;
      offsetMs: number;
      durationMs: number;
      pose: Pose;
      side?: Side | undefined;
      number: number;
    }
  | { kind: 'closing'; index: number; offsetMs: number; durationMs: 0 };

export interface Timeline {
  sequence: Sequence;
  holdMinutes: number;
  speed: number;
  steps: TimelineStep[];
  /** How many poses (timed pose steps) the session has: the N of "n/N". */
  poseCount: number;
  /** Offset of the closing: the whole session, in real (speed-scaled) ms. */
  totalMs: number;
}

const MINUTE = 60_000;

/**
 * A session is a list of absolute offsets from its start. Steps are due at start + offset (plus
 * whatever pauses, skips and extensions shifted), never by chaining timers, so nothing drifts.
 * `speed` scales real time: 60 makes a minute of practice pass in a second.
 */
export function buildTimeline(catalog: Catalog, sequence: Sequence, holdMinutes: number, speed = 1): Timeline {
  const scale = (ms: number) => Math.round(ms / speed);
  const steps: TimelineStep[] = [];
  let offset = 0;
  const settle = scale(sequence.settleSeconds * 1000);
  steps.push({ kind: 'opening', index: 0, offsetMs: 0, durationMs: settle });
  offset += settle;
  let number = 0;
  for (const step of sequence.steps) {
    const pose = catalog.poses.get(step.pose);
    if (!pose) throw new Error(`sequence ${sequence.id}: unknown pose ${step.pose}`);
    const sides: (Side | undefined)[] = step.sides === 'both' ? ['left', 'right'] : [step.sides];
    for (const side of sides) {
      const durationMs = scale((step.minutes ?? holdMinutes) * MINUTE);
      number += 1;
      steps.push({ kind: 'pose', index: steps.length, offsetMs: offset, durationMs, pose, number, side });
      offset += durationMs;
    }
  }
  steps.push({ kind: 'closing', index: steps.length, offsetMs: offset, durationMs: 0 });
  return { sequence, holdMinutes, speed, steps, poseCount: number, totalMs: offset };
}

/** Length of a practice in whole minutes at speed 1, for "31 min" in listings. */
export function practiceMinutes(
  catalog: Catalog,
  sequence: Sequence,
  holdMinutes = sequence.holdMinutes.default,
): number {
  return Math.round(buildTimeline(catalog, sequence, holdMinutes, 1).totalMs / MINUTE);
}
