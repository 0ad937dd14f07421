// When, inside a step, the voice says something more than the post's bell and pose: as a hold
// begins and as it draws to an end. Plain data from the session state and the timeline (absolute
// epoch ms), so VoiceGuide only arms timers for what this returns and the rule is tested apart.
import { DEFAULT_SOUND, endsAt, type SessionState } from '../domain/session.ts';
import type { Timeline } from '../domain/timeline.ts';

export interface Moment {
  /** When to speak (epoch ms). */
  atMs: number;
  /** Cue keys, queued after whatever is still playing. */
  play: string[];
}

/** Said as the hold begins, once the transition is over. */
export const HOLD_BEGIN = 'hold-begin';
/** Said a little before a hold ends, so nobody is pulled out of a pose by the next bell. */
export const COME_OUT = 'come-out';
/** Said a little before the final rest ends: wake the body, roll to the side. */
export const REST_END = 'rest-end';

/** How long before a hold or the final rest ends its closing cue is said, in practice time. */
export const LEAD_MS = 25_000;
/** A hold or rest shorter than this (in practice time) gets no closing cue: it would crowd the start. */
export const CLOSING_CUE_MIN_MS = 60_000;
/**
 * How late (real ms) a moment may still be said: the hook that arms it runs a little after the
 * post, and a timer can fire a little late. Anything later is stale (a restart, a stalled loop).
 */
export const LATE_MS = 1_000;

/**
 * The moments of `step` still to come at `now`, in order. `atPost` is the session as it was when
 * the step was posted (`s` itself when nothing happened since): the state alone can't tell a
 * +1 min from a later start, as both move the whole step.
 *
 * - A hold: `hold-begin` when its transition is over, `come-out` 25 s (scaled by the session's
 *   speed) before the step ends, if the hold lasts at least a minute.
 * - The final rest: `rest-end` 25 s before it ends, if it lasts at least a minute.
 * - Rebounds, breaks and counterposes: nothing; the bell and the pose said at the post are enough.
 * - Nothing midway through a hold, on purpose: yin is held in stillness, and a voice in the middle
 *   of it pulls people back out. The class is quiet between the hold's start and its last 25 s.
 *
 * The step's end moves with pauses and +1 min, and so does `come-out`. The hold's start moves
 * only with pauses that began before it: +1 min lengthens the hold (or, in a transition, the hold
 * about to begin), it does not push its start, so a `hold-begin` already said is never said again.
 * A paused or ended session has no moments; a moment more than LATE_MS past `now`, or not before
 * the step's end, is dropped (never said late), and only spoken cues count: sound 'bell' or 'off'
 * has none.
 */
export function momentsOf(s: SessionState, t: Timeline, step: number, now: number, atPost: SessionState): Moment[] {
  const at = t.steps[step];
  if (at?.kind !== 'pose' || s.pausedAt !== null || s.endedAt !== null) return [];
  if ((s.sound ?? DEFAULT_SOUND) !== 'bell+voice') return [];
  const end = endsAt(s, t, step);
  if (end === undefined) return [];

  // Where the hold begins: as planned when the step was posted, later by each pause since that
  // began before it (a pause during the transition delays the hold; one during the hold doesn't).
  let begins = atPost.startedAt + at.offsetMs + atPost.shiftMs + at.transitionMs;
  let pausedInHold = 0;
  for (const [from, to] of (s.pauses ?? []).slice(atPost.pauses?.length ?? 0)) {
    if (from < begins) begins += to - from;
    else pausedInHold += to - from;
  }

  const lead = Math.round(LEAD_MS / t.speed);
  // The hold's length in practice time: as planned, with any +1 min, without time spent paused.
  const long = (end - begins - pausedInHold) * t.speed >= CLOSING_CUE_MIN_MS;
  const moments: Moment[] =
    at.role === 'hold'
      ? [{ atMs: begins, play: [HOLD_BEGIN] }, ...(long ? [{ atMs: end - lead, play: [COME_OUT] }] : [])]
      : at.role === 'rest' && long
        ? [{ atMs: end - lead, play: [REST_END] }]
        : [];
  return moments.filter((m) => m.atMs >= now - LATE_MS && m.atMs < end);
}

/** Whether a moment whose timer fired at `now` is still worth saying (not stale). */
export const stillDue = (m: Moment, now: number): boolean => now <= m.atMs + LATE_MS;
