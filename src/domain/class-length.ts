// A class that fits the time you have (`/yin start back length:30`): the sequence planned to a
// length in minutes. Pure and deterministic: the same sequence, length and hold always give the
// same plan, which the session then saves (and a schedule saves the length it was asked for).
import type { Sequence } from './catalog-schema.ts';
import { InputError } from './input-error.ts';
import { LENGTH_MINUTES } from './session.ts';
import { planOf, type Plan } from './timeline.ts';

/** Holds are planned in half minutes: "3½ min", never "3 min 20 s". */
export const HOLD_STEP_SEC = 30;

/**
 * What the planner chose: the plan, the hold every hold without its own minutes lasts (minutes,
 * in half minutes) and how many of the sequence's drop groups it left out.
 */
export interface LengthPlan {
  plan: Plan;
  holdMinutes: number;
  dropped: number;
}

/** A length that can't be planned: the nearest whole-minute lengths that can (either may be absent). */
export interface LengthMiss {
  below?: number | undefined;
  above?: number | undefined;
}

/** The drop groups a sequence states (`drop` on its steps), in the order they go. */
export function dropGroups(sequence: Sequence): number[] {
  return [...new Set(sequence.steps.flatMap((s) => (s.drop === undefined ? [] : [s.drop])))].sort((a, b) => a - b);
}

/** The sequence without its first `k` drop groups (the final rest is never in one). */
function without(sequence: Sequence, k: number): Sequence {
  const gone = new Set(dropGroups(sequence).slice(0, k));
  return { ...sequence, steps: sequence.steps.filter((s) => s.drop === undefined || !gone.has(s.drop)) };
}

/** The half-minute holds the planner may use: the sequence's range, or the one hold asked for. */
function holdsToTry(sequence: Sequence, hold: number | undefined): number[] {
  if (hold !== undefined) return [hold];
  const out: number[] = [];
  for (let sec = sequence.holdMinutes.max * 60; sec >= sequence.holdMinutes.min * 60; sec -= HOLD_STEP_SEC)
    out.push(sec / 60);
  return out;
}

/**
 * The class at `k` drop groups and `minutes` long, or undefined: the longest hold (half minutes,
 * inside the range) that doesn't run over, and what is left over goes to the final rest, which
 * only ever grows, and by less than half a minute per hold (at least a minute may always go).
 */
function fitWith(sequence: Sequence, k: number, minutes: number, hold: number | undefined): LengthPlan | undefined {
  const kept = without(sequence, k);
  const target = minutes * 60;
  const holds = kept.steps.reduce((n, s) => n + (s.minutes === undefined ? (s.sides === 'both' ? 2 : 1) : 0), 0);
  const slack = Math.max(60, holds * HOLD_STEP_SEC);
  for (const h of holdsToTry(sequence, hold)) {
    // planOf gives every hold that sets no minutes `h` (capped by its `maxMinutes`).
    const plan = planOf(kept, h);
    const total = plan.steps.reduce((sum, s) => sum + s.transitionSec + s.holdSec, plan.settleSec);
    if (total > target) continue;
    const left = target - total;
    if (left >= slack) return undefined;
    const rest = plan.steps.findLastIndex((s) => s.role === 'rest');
    const at = rest < 0 ? plan.steps.length - 1 : rest;
    const steps = plan.steps.map((s, i) => (i === at ? { ...s, holdSec: s.holdSec + left } : s));
    return { plan: { ...plan, steps }, holdMinutes: h, dropped: k };
  }
  return undefined;
}

/**
 * The class planned to `minutes`, or where it can't be, the nearest lengths that can:
 *
 * 1. Every step stays, if it can: the sequence's optional steps (`drop` on a step) go only when
 *    the holds alone can't make the class short enough, a group at a time, lowest `drop` first
 *    (steps sharing a number go together). The final rest never goes.
 * 2. Every hold that sets no minutes of its own gets the same hold, in half minutes inside the
 *    sequence's range (`holdMinutes` min–max): the longest that doesn't run over.
 * 3. The few seconds left over go to the final rest, so the class lasts exactly `minutes`
 *    (`minutes` × 60 s, opening to closing), and the rest grows by less than half a minute per hold.
 *
 * `hold` (`/yin start hold:`) pins the hold: then only dropping steps fits the length, and a
 * length that needs another hold is refused.
 */
export function planToLength(
  sequence: Sequence,
  minutes: number,
  hold?: number,
): { ok: true; fit: LengthPlan } | { ok: false; miss: LengthMiss } {
  const groups = dropGroups(sequence).length;
  for (let k = 0; k <= groups; k++) {
    const found = fitWith(sequence, k, minutes, hold);
    if (found) return { ok: true, fit: found };
  }
  return { ok: false, miss: nearestLengths(sequence, minutes, hold) };
}

/** Whether a whole-minute length can be planned. */
function feasible(sequence: Sequence, minutes: number, hold: number | undefined): boolean {
  const groups = dropGroups(sequence).length;
  for (let k = 0; k <= groups; k++) if (fitWith(sequence, k, minutes, hold)) return true;
  return false;
}

/** The nearest whole-minute lengths on either side of `minutes` (inside LENGTH_MINUTES) that can be planned. */
export function nearestLengths(sequence: Sequence, minutes: number, hold?: number): LengthMiss {
  let below: number | undefined;
  let above: number | undefined;
  for (let m = Math.min(Math.ceil(minutes) - 1, LENGTH_MINUTES.max); m >= LENGTH_MINUTES.min; m--)
    if (feasible(sequence, m, hold)) {
      below = m;
      break;
    }
  for (let m = Math.max(Math.floor(minutes) + 1, LENGTH_MINUTES.min); m <= LENGTH_MINUTES.max; m++)
    if (feasible(sequence, m, hold)) {
      above = m;
      break;
    }
  return { below, above };
}

/** Every whole-minute length (inside LENGTH_MINUTES) the sequence can be planned to, as ranges. */
export function lengthRanges(sequence: Sequence, hold?: number): [number, number][] {
  const ranges: [number, number][] = [];
  for (let m = LENGTH_MINUTES.min; m <= LENGTH_MINUTES.max; m++) {
    if (!feasible(sequence, m, hold)) continue;
    const last = ranges.at(-1);
    if (last && last[1] === m - 1) last[1] = m;
    else ranges.push([m, m]);
  }
  return ranges;
}

/**
 * The private answer to a length that can't be planned: the nearest lengths that can, and with a
 * pinned hold, that leaving `hold:` out lets the holds change too.
 */
export function lengthRefusal(sequence: Sequence, minutes: number, miss: LengthMiss, hold?: number): InputError {
  const hint = hold === undefined ? '' : new InputError('session.lengthWithHold', { hold });
  const values = { name: sequence.name, minutes, below: miss.below, above: miss.above, hint };
  if (miss.below !== undefined && miss.above !== undefined) return new InputError('session.lengthNearest', values);
  if (miss.below !== undefined) return new InputError('session.lengthLongest', values);
  if (miss.above !== undefined) return new InputError('session.lengthShortest', values);
  return new InputError('session.lengthNone', { ...values, ...LENGTH_MINUTES });
}
