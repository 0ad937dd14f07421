import type { StepRole } from './catalog-schema.ts';
import { dueAt, endsAt, type SessionState } from './session.ts';
import type { Side, Timeline, TimelineStep } from './timeline.ts';

/**
 * What a step is, in the class view: the opening, a hold (numbered), a rebound, a break, a
 * counterpose, the final rest, or the closing.
 */
export type LiveRole = 'opening' | StepRole | 'closing';

/** Where the step is: settling in (opening), moving into the pose, holding it, or the end. */
export type LivePhase = 'waiting' | 'settle' | 'transition' | 'hold' | 'closing';

export interface LiveStep {
  index: number;
  role: LiveRole;
  /** The hold's number (1…count); 0 for everything else. */
  number: number;
  /** How many holds the class has: the N of "n/N". */
  count: number;
  poseId?: string | undefined;
  side?: Side | undefined;
}

/**
 * The class view's state: language-free facts, worded by the Activity's snapshot. Its times are
 * the ones the step's post shows (`dueAt`, hold begins = due + transition, `endsAt`), so the
 * view and the channel agree by construction, at any speed.
 */
export interface LiveView {
  sessionId: string;
  /** The step the channel shows: the last one posted (-1: the opening isn't out yet). */
  step: LiveStep | undefined;
  phase: LivePhase;
  /** When the step's post was due (epoch ms). */
  startsAt: number | undefined;
  /** When its hold (a rest: its rest) begins; equal to `startsAt` for a step with no transition. */
  holdBeginsAt: number | undefined;
  /** When the step ends: the next one is due. Undefined for the closing. */
  endsAt: number | undefined;
  /** Paused: the time left, frozen, until the hold begins (in a transition) or the step ends. */
  paused: boolean;
  pausedRemainingMs: number | undefined;
  next: LiveStep | undefined;
  ended: boolean;
}

function liveStep(t: Timeline, step: TimelineStep): LiveStep {
  if (step.kind !== 'pose') return { index: step.index, role: step.kind, number: 0, count: t.poseCount };
  return {
    index: step.index,
    role: step.role,
    number: step.number,
    count: t.poseCount,
    poseId: step.pose.id,
    side: step.side,
  };
}

/**
 * The class view of a session at `now`: the step its last post shows, whether that step is in
 * its transition or its hold, when the hold begins and when the step ends, what comes next, and
 * how much time a pause froze.
 */
export function liveView(s: SessionState, t: Timeline, now: number): LiveView {
  const index = s.posted;
  const current = index >= 0 ? t.steps[index] : undefined;
  const ended = s.endedAt !== null || current?.kind === 'closing';
  const base = { sessionId: s.id, paused: false, pausedRemainingMs: undefined, ended };
  if (!current) {
    const next = t.steps[0];
    return {
      ...base,
      step: undefined,
      phase: 'waiting',
      startsAt: undefined,
      holdBeginsAt: undefined,
      endsAt: dueAt(s, t, 0),
      next: next ? liveStep(t, next) : undefined,
    };
  }
  const startsAt = dueAt(s, t, index) as number;
  if (current.kind === 'closing' || ended) {
    return {
      ...base,
      step: liveStep(t, current),
      phase: 'closing',
      startsAt,
      holdBeginsAt: undefined,
      endsAt: undefined,
      next: undefined,
      ended: true,
    };
  }
  const holdBeginsAt = current.kind === 'pose' ? startsAt + current.transitionMs : startsAt;
  const ends = endsAt(s, t, index);
  // A paused session stands still at the moment it was paused.
  const at = s.pausedAt ?? now;
  const phase: LivePhase = current.kind === 'opening' ? 'settle' : at < holdBeginsAt ? 'transition' : 'hold';
  const target = phase === 'transition' ? holdBeginsAt : ends;
  const next = t.steps[index + 1];
  return {
    ...base,
    step: liveStep(t, current),
    phase,
    startsAt,
    holdBeginsAt,
    endsAt: ends,
    paused: s.pausedAt !== null,
    pausedRemainingMs: s.pausedAt !== null && target !== undefined ? Math.max(0, target - s.pausedAt) : undefined,
    next: next ? liveStep(t, next) : undefined,
  };
}
