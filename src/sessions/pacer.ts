import { type Cancel, type Clock, systemClock } from '../domain/clock.ts';

/**
 * Paces session posts below Discord's global limit (50 requests/s per bot), so the bot never
 * has to be told "slow down" with a 429. Waiters are served by due time, oldest first: under
 * overload every session is delayed about equally and none starves.
 */
export interface Pacer {
  /** Resolves when a post that was due at `dueAt` (epoch ms) may go out. */
  take(dueAt: number): Promise<void>;
  /** Posts waiting for their turn. */
  readonly waiting: number;
  /** Stops the timer; waiters are left pending (the runner is shutting down). */
  close(): void;
}

export interface Waiter {
  dueAt: number;
  seq: number;
  resolve: () => void;
}

export class PostPacer implements Pacer {
  readonly #intervalMs: number;
  readonly #clock: Clock;
  /** Sorted by (dueAt, seq): FIFO by due time. */
  readonly #queue: Waiter[] = [];
  #seq = 0;
  #next = 0;
  #timer: Cancel | undefined;
  #closed = false;

  constructor(perSecond: number, clock: Clock = systemClock) {
    this.#intervalMs = 1000 / perSecond;
    this.#clock = clock;
  }

  get waiting(): number {
    return this.#queue.length;
  }

  take(dueAt: number): Promise<void> {
    return new Promise((resolve) => {
      const w: Waiter = { dueAt, seq: this.#seq++, resolve };
      insertByDue(this.#queue, w);
      this.#pump();
    });
  }

  close(): void {
    this.#closed = true;
    this.#timer?.();
    this.#timer = undefined;
  }

  #pump(): void {
    if (this.#closed || this.#timer) return;
    const now = this.#clock.now();
    if (this.#queue.length && now >= this.#next) {
      (this.#queue.shift() as Waiter).resolve();
      // A timer that fired late may make up for at most one interval: never a burst, so any
      // one-second window holds at most perSecond + 2 posts.
      this.#next = Math.max(this.#next, now - this.#intervalMs) + this.#intervalMs;
    }
    if (!this.#queue.length) return;
    const at = Math.max(this.#clock.now(), Math.ceil(this.#next));
    this.#timer = this.#clock.at(at, () => {
      this.#timer = undefined;
      this.#pump();
    });
  }
}

/**
 * Puts `w` into `queue`, kept sorted by (dueAt, seq): FIFO by due time. A binary search: most
 * posts arrive in due order, so this is usually the end. Both pacers keep their waiters so.
 */
export function insertByDue(queue: Waiter[], w: Waiter): void {
  let lo = 0;
  let hi = queue.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const m = queue[mid] as Waiter;
    if (m.dueAt < w.dueAt || (m.dueAt === w.dueAt && m.seq < w.seq)) lo = mid + 1;
    else hi = mid;
  }
  queue.splice(lo, 0, w);
}
