import { type Cancel, type Clock, systemClock } from '../domain/clock.ts';
import { LEAD_MS, type Release, SendWindow, WINDOW_MS, windowLimit } from './send-window.ts';

export type { Release } from './send-window.ts';

/**
 * Paces session posts below Discord's global limit (50 requests/s per bot), so the bot never
 * has to be told "slow down" with a 429. Waiters are served by due time, oldest first: under
 * overload every session is delayed about equally and none starves.
 */
export interface Pacer {
  /**
   * Resolves when a post that is due at `dueAt` (epoch ms) may go out, with how to give its place
   * in the window back once Discord has answered it (or it failed). `ahead`: it may go up to
   * `leadMs` before its time when a burst is coming (a class's timed step; never an answer a
   * person waits on).
   */
  take(dueAt: number, ahead?: boolean): Promise<Release>;
  /** How long before its due time an `ahead` post may be let go (0: never early). */
  readonly leadMs: number;
  /** Posts waiting for their turn. */
  readonly waiting: number;
  /** Stops the timer; waiters are left pending (the runner is shutting down). */
  close(): void;
}

export interface Waiter {
  dueAt: number;
  seq: number;
  ahead: boolean;
  resolve: (release: Release) => void;
}

/**
 * One process's pacer: admits what Discord's window admits (`SendWindow`: 47 in any second, each
 * held until a second after its answer), so posts due together go together, and waits only when
 * the window is full. A class's post goes early (at most `LEAD_MS`) only when a burst is coming.
 */
export class PostPacer implements Pacer {
  readonly leadMs: number;
  readonly #window: SendWindow;
  readonly #clock: Clock;
  /** Sorted by (dueAt, seq): FIFO by due time. */
  readonly #queue: Waiter[] = [];
  #seq = 0;
  #timer: Cancel | undefined;
  #closed = false;

  constructor(perSecond: number, clock: Clock = systemClock, leadMs = LEAD_MS, windowMs = WINDOW_MS) {
    this.#window = new SendWindow(windowLimit(perSecond), windowMs, () => clock.now());
    this.#clock = clock;
    this.leadMs = leadMs;
  }

  get waiting(): number {
    return this.#queue.length;
  }

  take(dueAt: number, ahead = false): Promise<Release> {
    return new Promise((resolve) => {
      insertByDue(this.#queue, { dueAt, seq: this.#seq++, ahead, resolve });
      this.#pump();
    });
  }

  close(): void {
    this.#closed = true;
    this.#timer?.();
    this.#timer = undefined;
  }

  #pump(): void {
    if (this.#closed) return;
    this.#timer?.();
    this.#timer = undefined;
    const now = this.#clock.now();
    while (this.#queue.length) {
      const free = this.#window.nextFree();
      if (free > now) {
        this.#wakeAt(free);
        return;
      }
      const head = this.#queue[0] as Waiter;
      const go = head.dueAt <= now || (head.ahead && goesAhead(this.#queue, this.#window, now, this.leadMs));
      if (!go) {
        this.#wakeAt(nextLook(this.#queue, now, this.leadMs));
        return;
      }
      this.#queue.shift();
      // An answer frees its place: look again, something may go now.
      head.resolve(this.#window.take(now, () => this.#pump()));
    }
  }

  #wakeAt(at: number): void {
    this.#timer = this.#clock.at(at, () => {
      this.#timer = undefined;
      this.#pump();
    });
  }
}

/** The due times of the waiters within `leadMs` of now, in order. */
export function dueWithin(queue: readonly Waiter[], now: number, leadMs: number): number[] {
  const dues: number[] = [];
  for (const w of queue) {
    if (w.dueAt > now + leadMs) break;
    dues.push(w.dueAt);
  }
  return dues;
}

/** Whether the head (not due yet) should go now: it is within the lead and a burst is coming. */
export function goesAhead(queue: readonly Waiter[], window: SendWindow, now: number, leadMs: number): boolean {
  const head = queue[0];
  if (!head || head.dueAt - leadMs > now) return false;
  return window.burstComing(dueWithin(queue, now, leadMs), now);
}

/** When to look again at a head that isn't due: at its due time, or when another comes within the lead. */
export function nextLook(queue: readonly Waiter[], now: number, leadMs: number): number {
  const head = queue[0] as Waiter;
  if (!head.ahead) return head.dueAt;
  if (head.dueAt - leadMs > now) return head.dueAt - leadMs;
  const beyond = queue.find((w) => w.dueAt > now + leadMs);
  return Math.min(head.dueAt, beyond ? beyond.dueAt - leadMs : Number.POSITIVE_INFINITY);
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
