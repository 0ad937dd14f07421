/**
 * What Discord's global limit admits, kept on the bot's side: at most `limit` requests in any
 * `WINDOW_MS`. Discord allows 50 requests in a second per token; yin paces 47 of them by default
 * (`YIN_POST_RATE`), leaving 3 for the requests it sends without pacing (a schedule's event, its
 * notices, answers outside interactions).
 *
 * A request holds its place in the window from the moment it may go until `WINDOW_MS` after its
 * answer came back — not after it was let go: Discord counts a request when it arrives, which is
 * somewhere in between, and a burst let go at once can take a busy process hundreds of
 * milliseconds to put on the wire. So however late each request leaves or arrives, no 1,000 ms of
 * Discord's holds more than `limit` of them. Why: docs/decisions.md, "The pacer".
 */
export const WINDOW_MS = 1_000;

/**
 * How far before its due time a class's post may go when a burst is coming and the window has
 * room now. Half a second: a `<t:…:R>` countdown, shown to the second, reads the same, and the
 * room a burst can go ahead into frees up that much sooner for the next.
 */
export const LEAD_MS = 500;

/**
 * A request not answered holds its place this long at most: the REST timeout (YIN_REST_TIMEOUT_MS's
 * default). Shorter, a machine so busy that answers took seconds freed places early: 3 × 429 in
 * bench/results/2026-12-07/fast-steady.txt, with a cap of 2 s.
 */
export const IN_FLIGHT_CAP_MS = 15_000;

/** The window's limit for a budget of `perSecond` (a shard's share may be fractional). */
export function windowLimit(perSecond: number): number {
  return Math.max(1, Math.floor(perSecond));
}

/** Gives a request's place back when its answer is in (or it failed); calling it again does nothing. */
export type Release = () => void;

/** Runs one request in its turn of the post budget; its place is given back once it is answered. */
export type Paced = <T>(request: () => Promise<T>) => Promise<T>;

/** `Paced` over a pacer's `take`: the one way a request outside a session's steps waits its turn. */
export function pacedBy(take: () => Promise<Release>): Paced {
  return async (request) => {
    const release = await take();
    try {
      return await request();
    } finally {
      release();
    }
  };
}

/** A place in a window: when its request was answered, or when it was let go while it is in flight. */
export interface HeldPlace {
  at: number;
  inFlight: boolean;
}

export class SendWindow {
  readonly limit: number;
  readonly ms: number;
  /**
   * Per place: when its request was answered, or, while it is in flight, when it was let go plus
   * IN_FLIGHT_CAP_MS. A place is free once that is `ms` in the past.
   */
  readonly #at: Float64Array;
  readonly #inFlight: Uint8Array;
  /** Bumped each time a place is taken, so a late release can't free the next request's place. */
  readonly #generation: Uint32Array;

  /** The clock a release reads the answer's time from. */
  readonly #now: () => number;

  constructor(limit: number, ms = WINDOW_MS, now: () => number = Date.now) {
    this.limit = limit;
    this.ms = ms;
    this.#now = now;
    this.#at = new Float64Array(limit).fill(Number.NEGATIVE_INFINITY);
    this.#inFlight = new Uint8Array(limit);
    this.#generation = new Uint32Array(limit);
  }

  /**
   * A window holding `places` (each answered at `at`, or in flight), for judging whether a burst is
   * coming from what another process saw; the latest `limit` of them (the rest have left it).
   */
  static holding(limit: number, ms: number, now: () => number, places: readonly HeldPlace[]): SendWindow {
    const w = new SendWindow(limit, ms, now);
    const latest = [...places].sort((a, b) => Number(b.inFlight) - Number(a.inFlight) || b.at - a.at).slice(0, limit);
    latest.forEach((p, i) => {
      w.#at[i] = p.inFlight ? p.at + IN_FLIGHT_CAP_MS : p.at;
      w.#inFlight[i] = p.inFlight ? 1 : 0;
    });
    return w;
  }

  /** The places held now: when each was answered (or let go, while in flight). */
  held(): HeldPlace[] {
    const places: HeldPlace[] = [];
    this.#at.forEach((at, i) => {
      if (at === Number.NEGATIVE_INFINITY) return;
      const inFlight = this.#inFlight[i] === 1;
      places.push({ at: inFlight ? at - IN_FLIGHT_CAP_MS : at, inFlight });
    });
    return places;
  }

  #earliest(): number {
    let best = 0;
    for (let i = 1; i < this.limit; i++) if ((this.#at[i] as number) < (this.#at[best] as number)) best = i;
    return best;
  }

  /** How many requests may go at `now`. */
  free(now: number): number {
    let n = 0;
    for (const at of this.#at) if (at + this.ms <= now) n++;
    return n;
  }

  /** When the next request may go (a release may bring it forward). */
  nextFree(): number {
    return (this.#at[this.#earliest()] as number) + this.ms;
  }

  /** Takes a place at `now` (the caller checked `nextFree() <= now`); returns how to give it back. */
  take(now: number, onRelease?: () => void): Release {
    const slot = this.#earliest();
    this.#at[slot] = now + IN_FLIGHT_CAP_MS;
    this.#inFlight[slot] = 1;
    const generation = ++(this.#generation[slot] as number);
    this.#generation[slot] = generation;
    return () => {
      if (this.#generation[slot] !== generation || !this.#inFlight[slot]) return;
      this.#inFlight[slot] = 0;
      this.#at[slot] = Math.min(this.#at[slot] as number, Math.max(now, this.#now()));
      onRelease?.();
    };
  }

  /**
   * The total lateness of `dues` (ascending) from index `from` on, if each goes at its due time or
   * as soon after as the window lets it; `sendNow`: with one more request sent at `now` first.
   * Requests in flight count as answered now.
   */
  lateness(dues: readonly number[], from: number, now: number, sendNow: boolean): number {
    const L = this.limit;
    const past = Array.from(this.#at, (at, i) => (this.#inFlight[i] ? now : at)).sort((a, b) => a - b);
    const shift = sendNow ? 1 : 0;
    const sim: number[] = [];
    let total = 0;
    for (let j = from; j < dues.length; j++) {
      const k = j - from;
      // The request `limit` before this one: a past send, the one sent now, or a simulated one.
      const q = shift + k;
      const back = q < L ? (past[q] as number) : q - L < shift ? now : (sim[q - L - shift] as number);
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
