// How one step leads into the next: where the body is, what gets it to where the next pose starts,
// when a pose's counterpose is offered, and which words begin each hold. Plain data from the
// timeline, so the posts and the voice say the same thing and the rules are tested apart.
import type { Pose, Position } from './catalog-schema.ts';
import { isServerId } from '../library/limits.ts';
import type { PoseStep, Timeline } from './timeline.ts';

/** Where a pose's exit leaves the body. */
export const endOf = (pose: Pose): Position => pose.ends ?? pose.starts[0] ?? 'seated';

/**
 * The move from where `previous`'s exit leaves the body to where `next` starts, as a key of
 * `post.move_<from>_<to>` ("Bend the knees and bring the legs together, then lower yourself onto
 * your back."), or undefined when `next` can start right there (a straddle into a straddle). An
 * exit never says it: the same exit is followed by different poses in different classes.
 */
export function moveKey(previous: Pose, next: Pose): string | undefined {
  const from = endOf(previous);
  if (next.starts.includes(from)) return undefined;
  return `post.move_${from}_${next.starts[0]}`;
}

/**
 * Whether the post of `step` offers the counterpose of the pose before it. Only between two
 * holds, and only when the body changes position: a rebound, break, counterpose or final rest
 * already eases what came before, and while the body stays in a shape (the straddle of the
 * Dragonfly block, Butterfly into Deer) the block goes on and its ease comes at the block's end.
 * Between the two sides of a pose there is none either (the position is the same).
 */
export function offersCounterpose(step: PoseStep): boolean {
  const { previous, previousRole } = step;
  return (
    previous?.counterpose !== undefined &&
    previousRole === 'hold' &&
    step.role === 'hold' &&
    previous.id !== step.pose.id &&
    moveKey(previous, step.pose) !== undefined
  );
}

/** The general words as a hold begins, taken in turn from the class's first hold (locale keys). */
export const HOLD_BEGIN_TEXT = ['spoken.holdBegin', 'spoken.holdBegin2', 'spoken.holdBegin3'] as const;
/** Their audio, in the same order: `hold-begin` is the first, as it always was. */
export const HOLD_BEGIN_KEYS = ['hold-begin', 'hold-begin-2', 'hold-begin-3'] as const;

/** The audio key of a class's own hold-begin line `n` (0-based): `hold-begin-sleep-1`. */
export const ownHoldBeginKey = (sequenceId: string, n: number): string => `hold-begin-${sequenceId}-${n + 1}`;

/**
 * The words that begin hold `number` (1…poseCount) of the class: its own lines if it has them
 * (a server's class says them in its post, and the voice says the general ones: nothing is
 * synthesised at run time), else the general ones, in turn. `text` is the sentence itself (a
 * class's own line), `textKey` a locale key; `key` is the cue the voice plays.
 */
export function holdBeginOf(
  tl: Pick<Timeline, 'sequence'>,
  number: number,
): { key: string; text?: string | undefined; textKey?: string | undefined } {
  const own = tl.sequence.holdBegin;
  const turn = Math.max(0, number - 1);
  const general = turn % HOLD_BEGIN_KEYS.length;
  const generalKey = HOLD_BEGIN_KEYS[general] ?? 'hold-begin';
  if (!own?.length) return { key: generalKey, textKey: HOLD_BEGIN_TEXT[general] };
  const n = turn % own.length;
  return { key: isServerId(tl.sequence.id) ? generalKey : ownHoldBeginKey(tl.sequence.id, n), text: own[n] };
}
