import type { Clock } from '../domain/clock.ts';

/** setTimeout fires at once for delays past 2^31−1 ms (~24.8 days), so long waits hop daily. */
const MAX_HOP_MS = 24 * 60 * 60_000;

/**
 * Calls `fire` once, when `clock` reaches `atMs` (never before; later if the loop is busy).
 * Each hop re-reads the clock, so a suspended machine or a long wait doesn't drift. Returns
 * a function that cancels it. The clock must move with the timers: systemClock in the app,
 * and under vi.useFakeTimers() systemClock moves with them too.
 */
export function setAlarm(atMs: number, clock: Clock, fire: () => void): () => void {
  let handle: ReturnType<typeof setTimeout> | undefined;
  const hop = (): void => {
    const wait = atMs - clock.now();
    if (wait <= 0) {
      handle = undefined;
      fire();
      return;
    }
    handle = setTimeout(hop, Math.min(wait, MAX_HOP_MS));
  };
  // Always go through a timer, even when already due, so callers never re-enter synchronously.
  handle = setTimeout(hop, Math.max(0, Math.min(atMs - clock.now(), MAX_HOP_MS)));
  return () => {
    if (handle !== undefined) clearTimeout(handle);
    handle = undefined;
  };
}
