import type { Catalog, Pose, Sequence, StepRole } from './catalog-schema.ts';

export type Side = 'left' | 'right';

/**
 * A session's plan: each step's pose, role and side, and how long its transition and its hold
 * last, in real seconds. It is worked out once from the sequence when a session starts and saved
 * with it, so a session resumes on the timeline it began with even if the data changed since.
 */
export interface PlanStep {
  pose: string;
  role: StepRole;
  side?: Side | undefined;
  /** Coming out of the last pose and setting this one up: the post goes out as it begins. */
  transitionSec: number;
  holdSec: number;
  /** An addition the class's source doesn't have (the post labels it, and says it may be skipped). */
  optional?: true | undefined;
}

export interface Plan {
  settleSec: number;
  steps: PlanStep[];
}

export type PoseStep = {
  kind: 'pose';
  role: StepRole;
  index: number;
  /** When the step's post is due: the start of its transition. */
  offsetMs: number;
  transitionMs: number;
  holdMs: number;
  /** transitionMs + holdMs: the next step is due at offsetMs + durationMs. */
  durationMs: number;
  pose: Pose;
  side?: Side | undefined;
  /** The hold's number (1…poseCount); 0 for rebounds, breaks, counterposes and the rest. */
  number: number;
  /** An addition to the class's source, which may be skipped. */
  optional?: true | undefined;
  /** The pose coming out of, when the step before was a pose, and its role. */
  previous?: Pose | undefined;
  previousRole?: StepRole | undefined;
};

export type TimelineStep =
  | { kind: 'opening'; index: number; offsetMs: number; durationMs: number }
  | PoseStep
  | { kind: 'closing'; index: number; offsetMs: number; durationMs: 0 };

export interface Timeline {
  sequence: Sequence;
  holdMinutes: number;
  speed: number;
  steps: TimelineStep[];
  /** How many holds the session has: the N of "n/N". */
  poseCount: number;
  /** Offset of the closing: the whole session, in real (speed-scaled) ms. */
  totalMs: number;
}

const MINUTE = 60_000;

/** The class as the sequence describes it, with `holdMinutes` for holds that set no length. */
export function planOf(sequence: Sequence, holdMinutes: number): Plan {
  const steps: PlanStep[] = [];
  for (const step of sequence.steps) {
    const sides: (Side | undefined)[] = step.sides === 'both' ? ['left', 'right'] : [step.sides];
    const minutes = step.minutes ?? Math.min(holdMinutes, step.maxMinutes ?? holdMinutes);
    for (const side of sides) {
      steps.push({
        pose: step.pose,
        role: step.role,
        side,
        transitionSec: step.transitionSeconds ?? sequence.transitionSeconds,
        holdSec: Math.round(minutes * 60),
        ...(step.optional ? { optional: true as const } : {}),
      });
    }
  }
  return { settleSec: sequence.settleSeconds, steps };
}

/**
 * The plan of a session saved before plans were saved with it: its holds and counterposes back
 * to back at the session's hold, after a minute to settle, as sessions then ran.
 */
export function legacyPlan(sequence: Sequence, holdMinutes: number): Plan {
  const steps = planOf(sequence, holdMinutes)
    .steps.filter((s) => s.role === 'hold' || s.role === 'counterpose')
    .map((s) => ({ ...s, transitionSec: 0, holdSec: holdMinutes * 60 }));
  return { settleSec: 60, steps };
}

/**
 * A session is a list of absolute offsets from its start. Steps are due at start + offset (plus
 * whatever pauses, skips and extensions shifted), never by chaining timers, so nothing drifts.
 * `speed` scales real time: 60 makes a minute of practice pass in a second. Throws for a plan
 * naming a pose the catalog no longer has.
 */
export function buildTimeline(
  catalog: Catalog,
  sequence: Sequence,
  holdMinutes: number,
  speed = 1,
  plan: Plan = planOf(sequence, holdMinutes),
): Timeline {
  const scale = (seconds: number) => Math.round((seconds * 1000) / speed);
  const settle = scale(plan.settleSec);
  const steps: TimelineStep[] = [{ kind: 'opening', index: 0, offsetMs: 0, durationMs: settle }];
  let offset = settle;
  let number = 0;
  let previous: Pose | undefined;
  let previousRole: StepRole | undefined;
  for (const p of plan.steps) {
    const pose = catalog.poses.get(p.pose);
    if (!pose) throw new Error(`sequence ${sequence.id}: unknown pose ${p.pose}`);
    const transitionMs = scale(p.transitionSec);
    const holdMs = scale(p.holdSec);
    if (p.role === 'hold') number += 1;
    steps.push({
      kind: 'pose',
      role: p.role,
      index: steps.length,
      offsetMs: offset,
      transitionMs,
      holdMs,
      durationMs: transitionMs + holdMs,
      pose,
      side: p.side,
      ...(p.optional ? { optional: true as const } : {}),
      number: p.role === 'hold' ? number : 0,
      previous,
      previousRole,
    });
    offset += transitionMs + holdMs;
    previous = pose;
    previousRole = p.role;
  }
  steps.push({ kind: 'closing', index: steps.length, offsetMs: offset, durationMs: 0 });
  return { sequence, holdMinutes, speed, steps, poseCount: number, totalMs: offset };
}

/** When the step's hold begins (after its transition), relative to the session's start. */
export function holdOffset(step: TimelineStep): number {
  return step.kind === 'pose' ? step.offsetMs + step.transitionMs : step.offsetMs;
}

/** A class's length in minutes at speed 1, settling and transitions included; at its usual hold unless told. */
export function classMinutesExact(
  catalog: Catalog,
  sequence: Sequence,
  holdMinutes = sequence.holdMinutes.default,
): number {
  return buildTimeline(catalog, sequence, holdMinutes, 1).totalMs / MINUTE;
}

/** The same in whole minutes, for "31 min" in listings. */
export const classMinutes = (
  catalog: Catalog,
  sequence: Sequence,
  holdMinutes = sequence.holdMinutes.default,
): number => Math.round(classMinutesExact(catalog, sequence, holdMinutes));

/** A hold the sequence allows, or undefined. */
export function holdInRange(sequence: Sequence, minutes: number): boolean {
  return Number.isInteger(minutes) && minutes >= sequence.holdMinutes.min && minutes <= sequence.holdMinutes.max;
}

/** The nearest hold the sequence allows (a schedule saved before ranges were checked). */
export function clampHold(sequence: Sequence, minutes: number): number {
  return Math.min(sequence.holdMinutes.max, Math.max(sequence.holdMinutes.min, Math.round(minutes)));
}
