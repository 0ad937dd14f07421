/**
 * What Discord's global limit admits, kept on the bot's side: at most `limit` requests in any
 * `WINDOW_MS` (a sliding window over the times yin let requests go). Discord allows 50 requests
 * in a second per token; yin paces 47 of them by default (`YIN_POST_RATE`), leaving 3 for the
 * requests it sends without pacing (schedule events, notices, member-started posts), and its
 * window is 1 s plus a 10 ms guard, for two requests let go 1,000 ms apart that reach Discord a
 * little closer together. Why these figures: docs/operating.md, "Reliability and scale".
 */
export const WINDOW_MS = 1_010;

/**
 * How far before its due time a class's post may go when a burst is coming and the window has
 * room now. Half a second: a `<t:…:R>` countdown, shown to the second, reads the same, and it is
 * room for a window's worth of posts due together to go over half a second instead of all late.
 */
export const LEAD_MS = 500;

/** The window's limit for a budget of `perSecond` (a shard's share may be fractional). */
export function windowLimit(perSecond: number): number {
  return Math.max(1, Math.floor(perSecond));
}

export class SendWindow {
  readonly limit: number;
  readonly ms: number;
  /** The last `limit` send times; `#oldest` indexes the oldest. */
  readonly #ring: Float64Array;
  #oldest = 0;

  constructor(limit: number, ms = WINDOW_MS) {
    this.limit = limit;
    this.ms = ms;
    this.#ring = new Float64Array(limit).fill(Number.NEGATIVE_INFINITY);
  }

  /** When the next request may go: `ms` after the oldest of the last `limit`. */
  nextFree(): number {
    return (this.#ring[this.#oldest] as number) + this.ms;
  }

  record(at: number): void {
    this.#ring[this.#oldest] = at;
    this.#oldest = (this.#oldest + 1) % this.limit;
  }

  /**
   * The total lateness of `dues` (ascending) from index `from` on, if each goes at its due time or
   * as soon after as the window lets it; `sendNow`: with one more request sent at `now` first.
   */
  lateness(dues: readonly number[], from: number, now: number, sendNow: boolean): number {
    const L = this.limit;
    const shift = sendNow ? 1 : 0;
    const sim: number[] = [];
    let total = 0;
    for (let j = from; j < dues.length; j++) {
      const k = j - from;
      // The request `limit` before this one: a past send, the one sent now, or a simulated one.
      const q = shift + k;
      const back =
        q < L ? (this.#ring[(this.#oldest + q) % L] as number) : q - L < shift ? now : (sim[q - L - shift] as number);
      const due = dues[j] as number;
      const at = Math.max(due, now, back + this.ms);
      total += at - due;
      sim.push(at);
    }
    return total;
  }

  /**
   * Whether a burst is coming: some of `dues` (ascending) can't go at their due time, given what
   * the window already holds. Then sending the first now, while there is room, makes room sooner.
   */
  burstComing(dues: readonly number[], now: number): boolean {
    return dues.length > 0 && this.lateness(dues, 0, now, false) > 0;
  }
}
