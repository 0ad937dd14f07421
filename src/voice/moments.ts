// When, inside a step, the voice guide plays something more than the post's bell and pose: as a
// hold begins, halfway through a long hold (the interval bell, when chosen) and as it draws to an
// end. Plain data from the session state and the timeline (absolute epoch ms), so VoiceGuide only
// arms timers for what this returns and the rule is tested apart.
import { voiceFor } from './voices.ts';
import { endsAt, type SessionState } from '../domain/session.ts';
import { bellKey, INTERVAL_MIN_MS, sessionSound, softer } from '../domain/sound.ts';
import type { Timeline } from '../domain/timeline.ts';
import { clip, type Clip } from './clips.ts';
import { holdBeginOf } from '../domain/flow.ts';

export interface Moment {
  /** Which moment: HOLD_BEGIN, INTERVAL, COME_OUT or REST_END. */
  id: string;
  /** When to play it (epoch ms). */
  atMs: number;
  /** Clips (a cue's key at a volume: clips.ts), queued after whatever is still playing. */
  play: Clip[];
}

/** Said as the hold begins, once the transition is over. */
export const HOLD_BEGIN = 'hold-begin';
/** Rung halfway through a hold of INTERVAL_MIN_MS or more, when the session chose the interval bell. */
export const INTERVAL = 'interval';
/** Said a little before a hold ends, so nobody is pulled out of a pose by the next bell. */
export const COME_OUT = 'come-out';
/**
 * Said a little before the final rest ends: wake the body, roll to the side. Not in a class that
 * ends in rest (`endsInRest`, sleep): there the rest runs on and the closing is one quiet bell.
 */
export const REST_END = 'rest-end';

/**
 * Said during the opening's settle, after the welcome and the safety rule: arrive and notice the
 * breath, then let the exhale lengthen (the sequence's `arrival`: the sleep class breathes
 * slower, counting in for four and out for six). Keys `arrival-<arrival>` and
 * `arrival-<arrival>-exhale` (arrivalKey).
 */
export const ARRIVAL = 'arrival';
export const ARRIVAL_EXHALE = 'arrival-exhale';
/**
 * When the arrival cues are said, counted back from the first pose (practice time): the
 * guided arrival fills the last minute and a half of the settle, leaving the breath some quiet
 * before the bell.
 */
export const ARRIVAL_BEFORE_MS: Readonly<Record<string, number>> = { [ARRIVAL]: 90_000, [ARRIVAL_EXHALE]: 55_000 };
/** An opening shorter than this (practice time) has no spoken arrival: the welcome fills it. */
export const ARRIVAL_MIN_SETTLE_MS = 120_000;
/**
 * Nor is an arrival cue said sooner than this after the opening began (real time): the bell,
 * the welcome and the safety rule take about half a minute, and a sped-up session (YIN_SPEED)
 * has no room for more.
 */
export const ARRIVAL_AFTER_MS = 25_000;
/** The cue a moment plays for the sequence's arrival: `arrival-settle`, `arrival-sleep-exhale`. */
export const arrivalKey = (arrival: string, id: string): string =>
  id === ARRIVAL ? `arrival-${arrival}` : `arrival-${arrival}-exhale`;

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
 * +1 min from a later start, as both move the whole step. `played` holds the moments of this step
 * already played: the interval bell rings once per hold, even when +1 min moves its halfway point
 * past a bell that rang.
 *
 * - A hold: `hold-begin` when its transition is over (the class's own words, or the general ones
 *   in turn: `hold-begin`, `hold-begin-2`, `hold-begin-3`), `come-out` 25 s (scaled by the session's
 *   speed) before the step ends, if the hold lasts at least a minute.
 * - Halfway through a hold of 3 minutes or more (practice time, +1 min counted, pauses not), when
 *   the session chose it: the interval bell, its chosen bell a level softer (`softer`). Nothing is
 *   *said* midway, on purpose: yin is held in stillness, and a voice in the middle pulls people
 *   back out; a soft bell only marks the time. It rings with sound 'bell' too.
 * - The final rest: `rest-end` 25 s before it ends, if it lasts at least a minute, unless the
 *   class ends in rest (`endsInRest`).
 * - Rebounds, breaks and counterposes: nothing; the bell and the pose said at the post are enough.
 *
 * The step's end moves with pauses and +1 min, and so do `come-out` and the halfway point. The
 * hold's start moves only with pauses that began before it: +1 min lengthens the hold (or, in a
 * transition, the hold about to begin), it does not push its start, so a `hold-begin` already
 * said is never said again. The halfway point moves by pauses that began before it. A paused or
 * ended session has no moments; a moment more than LATE_MS past `now`, or not before the step's
 * end, is dropped (never played late). Spoken moments need sound 'bell+voice'; 'off' has none.
 * Every clip is at the session's volume (the interval bell a level below it).
 */
export function momentsOf(
  s: SessionState,
  t: Timeline,
  step: number,
  now: number,
  atPost: SessionState,
  played: ReadonlySet<string> = new Set(),
): Moment[] {
  const at = t.steps[step];
  if (s.pausedAt !== null || s.endedAt !== null) return [];
  if (at?.kind === 'opening') return arrivalMoments(s, t, now, played);
  if (at?.kind !== 'pose') return [];
  const sound = sessionSound(s);
  if (sound.mode === 'off') return [];
  // Said in the session's language by its voice; a language without one rings the bell only.
  const said = voiceFor(s.language);
  const voice = sound.mode === 'bell+voice' && said !== undefined;
  const end = endsAt(s, t, step);
  if (end === undefined) return [];

  // Where the hold begins: as planned when the step was posted, later by each pause since that
  // began before it (a pause during the transition delays the hold; one during the hold doesn't).
  let begins = atPost.startedAt + at.offsetMs + atPost.shiftMs + at.transitionMs;
  const inHold: [number, number][] = [];
  for (const [from, to] of (s.pauses ?? []).slice(atPost.pauses?.length ?? 0)) {
    if (from < begins) begins += to - from;
    else inHold.push([from, to]);
  }
  const pausedInHold = inHold.reduce((sum, [from, to]) => sum + to - from, 0);

  const lead = Math.round(LEAD_MS / t.speed);
  // The hold's length in practice time: as planned, with any +1 min, without time spent paused.
  const holdMs = end - begins - pausedInHold;
  const long = holdMs * t.speed >= CLOSING_CUE_MIN_MS;
  // Halfway in practice time, then later by each pause in the hold that began before it.
  let halfway = begins + holdMs / 2;
  for (const [from, to] of inHold) if (from < halfway) halfway += to - from;
  halfway = Math.round(halfway);

  const spoken = (id: string, atMs: number, key = id): Moment => ({
    id,
    atMs,
    play: [clip(said?.dir ? `${said.dir}/${key}` : key, sound.volume)],
  });
  const moments: Moment[] = [];
  if (at.role === 'hold') {
    // The class's own words, or the general ones in turn (flow.ts): the post says the same.
    if (voice) moments.push(spoken(HOLD_BEGIN, begins, holdBeginOf(t, at.number).key));
    if (sound.interval && holdMs * t.speed >= INTERVAL_MIN_MS && !played.has(INTERVAL))
      moments.push({ id: INTERVAL, atMs: halfway, play: [clip(bellKey(sound.bell), softer(sound.volume))] });
    if (voice && long) moments.push(spoken(COME_OUT, end - lead));
  } else if (at.role === 'rest' && voice && long && !t.sequence.endsInRest) moments.push(spoken(REST_END, end - lead));
  return moments.filter((m) => m.atMs >= now - LATE_MS && m.atMs < end);
}

/**
 * The opening's moments: the two arrival cues, ARRIVAL_BEFORE_MS before the first pose is due
 * (scaled by the session's speed; later by a pause), when the opening is at least
 * ARRIVAL_MIN_SETTLE_MS long and the voice is on in a language that has one, and not sooner
 * than ARRIVAL_AFTER_MS into the opening. Each is said once.
 */
function arrivalMoments(s: SessionState, t: Timeline, now: number, played: ReadonlySet<string>): Moment[] {
  const sound = sessionSound(s);
  const said = voiceFor(s.language);
  const end = endsAt(s, t, 0);
  const opening = t.steps[0];
  if (sound.mode !== 'bell+voice' || !said || end === undefined || !opening) return [];
  if (opening.durationMs * t.speed < ARRIVAL_MIN_SETTLE_MS) return [];
  const began = end - opening.durationMs;
  const arrival = t.sequence.arrival ?? 'settle';
  return [ARRIVAL, ARRIVAL_EXHALE]
    .filter((id) => !played.has(id))
    .map((id) => {
      const key = arrivalKey(arrival, id);
      return {
        id,
        atMs: end - Math.round((ARRIVAL_BEFORE_MS[id] ?? 0) / t.speed),
        play: [clip(said.dir ? `${said.dir}/${key}` : key, sound.volume)],
      };
    })
    .filter((m) => m.atMs - began >= ARRIVAL_AFTER_MS && m.atMs >= now - LATE_MS && m.atMs < end);
}

/** Whether a moment whose timer fired at `now` is still worth saying (not stale). */
export const stillDue = (m: Moment, now: number): boolean => now <= m.atMs + LATE_MS;
