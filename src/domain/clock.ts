/**
 * Time is injected everywhere the domain needs it, so tests can drive hours of practice in
 * milliseconds. `now()` is epoch milliseconds, like Date.now(). The same clock wakes things up:
 * the session runner's next step, the voice guide's moments, the pacers' turns and the
 * scheduler's alarms all wait on `at()`, so a test clock that jumps moves every one of them.
 */
export interface Clock {
  now(): number;
  /**
   * Calls `fire` once, when the clock reaches `atMs` (never before; later if the loop is busy),
   * never synchronously, even when `atMs` has already passed. Returns a function that cancels it.
   */
  at(atMs: number, fire: () => void): Cancel;
}

/** Cancels what `Clock.at` armed; calling it again, or after the alarm fired, does nothing. */
export type Cancel = () => void;

/**
 * Calls `fire(at)` at each time `next` gives, in turn, until cancelled: `next(after)` is the
 * first time after `after` (undefined: no more). What a recurring trigger needs, on any clock:
 * the test clock drives the same code path the system clock does.
 */
export function every(clock: Clock, next: (after: number) => number | undefined, fire: (at: number) => void): Cancel {
  let cancel: Cancel | undefined;
  let stopped = false;
  const arm = (after: number): void => {
    const at = next(after);
    if (at === undefined || stopped) return;
    cancel = clock.at(at, () => {
      if (stopped) return;
      arm(at);
      fire(at);
    });
  };
  arm(clock.now());
  return () => {
    stopped = true;
    cancel?.();
  };
}

/** setTimeout fires at once for delays past 2^31−1 ms (~24.8 days), so long waits hop daily. */
const MAX_HOP_MS = 24 * 60 * 60_000;

/**
 * An alarm on real timers that re-reads `now` at each hop, so a suspended machine or a long wait
 * doesn't drift. `now` must move with the timers: Date.now, which under vi.useFakeTimers() moves
 * with them too.
 */
export function timerAlarm(now: () => number, atMs: number, fire: () => void): Cancel {
  let handle: ReturnType<typeof setTimeout> | undefined;
  const hop = (): void => {
    const wait = atMs - now();
    if (wait <= 0) {
      handle = undefined;
      fire();
      return;
    }
    handle = setTimeout(hop, Math.min(wait, MAX_HOP_MS));
  };
  // Always go through a timer, even when already due, so callers never re-enter synchronously.
  handle = setTimeout(hop, Math.max(0, Math.min(atMs - now(), MAX_HOP_MS)));
  return () => {
    if (handle !== undefined) clearTimeout(handle);
    handle = undefined;
  };
}

export const systemClock: Clock = {
  now: () => Date.now(),
  at: (atMs, fire) => timerAlarm(Date.now, atMs, fire),
};

interface Alarm {
  atMs: number;
  seq: number;
  fire: () => void;
}

/**
 * A clock tests move by hand. Time stands still until `set` or `advance` moves it; then every
 * alarm that has come due fires, in time order, each on a macrotask of its own (as a timer
 * would), so the work one alarm starts can run before the next. `next()` says when the next
 * alarm is due, so a test can jump from one to the next: hours of practice in milliseconds.
 */
export class ManualClock implements Clock {
  #now: number;
  #seq = 0;
  /** Sorted by (atMs, seq). */
  readonly #alarms: Alarm[] = [];
  #pumping = false;
  readonly #listeners = new Set<() => void>();

  constructor(start = Date.UTC(2026, 10, 25, 18, 0, 0)) {
    this.#now = start;
  }
  now(): number {
    return this.#now;
  }
  set(ms: number): void {
    this.#now = ms;
    this.#pump();
  }
  advance(ms: number): void {
    this.set(this.#now + ms);
  }

  at(atMs: number, fire: () => void): Cancel {
    const alarm: Alarm = { atMs, seq: this.#seq++, fire };
    let lo = 0;
    let hi = this.#alarms.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const m = this.#alarms[mid] as Alarm;
      if (m.atMs < atMs || (m.atMs === atMs && m.seq < alarm.seq)) lo = mid + 1;
      else hi = mid;
    }
    this.#alarms.splice(lo, 0, alarm);
    this.#changed();
    this.#pump();
    return () => {
      const i = this.#alarms.indexOf(alarm);
      if (i >= 0) {
        this.#alarms.splice(i, 1);
        this.#changed();
      }
    };
  }

  /** When the next alarm is due (epoch ms), or undefined when none is armed. */
  next(): number | undefined {
    return this.#alarms[0]?.atMs;
  }

  /** Alarms armed and not yet fired. */
  get pending(): number {
    return this.#alarms.length;
  }

  /** Alarms already due, about to fire. */
  get due(): number {
    return this.#alarms.filter((a) => a.atMs <= this.#now).length;
  }

  /** Calls `fn` whenever an alarm is armed, cancelled or fired; returns a function that stops it. */
  onChange(fn: () => void): () => void {
    this.#listeners.add(fn);
    return () => this.#listeners.delete(fn);
  }

  #changed(): void {
    for (const fn of this.#listeners) fn();
  }

  /** Fires the due alarms one macrotask at a time, oldest first. */
  #pump(): void {
    if (this.#pumping || !this.#alarms.some((a) => a.atMs <= this.#now)) return;
    this.#pumping = true;
    setImmediate(() => {
      this.#pumping = false;
      const first = this.#alarms[0];
      if (first && first.atMs <= this.#now) {
        this.#alarms.shift();
        this.#changed();
        first.fire();
      }
      this.#pump();
    });
  }
}
