/**
 * When the benchmark starts sessions. Each session makes its requests at fixed offsets from its
 * start (its steps after the opening, and the discoveries thread), so the plan — how
 * many requests are due in each second — is known the moment a session starts, and everything
 * beyond it (lateness, 429s) is the bot's doing.
 *
 * Two ways to start:
 * - `StartPlanner.tryAdmit` (greedy): a start is admitted only if none of its requests would push
 *   any one-second window over `perSecond`. Fast to fill, but with 3-minute holds a session's poses
 *   all fall in the same phase of the 3-minute cycle, so greedy packing stalls at about 2/3 of the
 *   budget.
 * - `uniformStarts` (steady state): one start every `requests ÷ perSecond` seconds. Once the
 *   oldest session reaches its closing, every offset has a session behind it and the plan is
 *   `perSecond` on average, at most a few requests over it in any one second (the bot's pacer
 *   spreads those).
 */
const BIN_MS = 100;
const BINS_PER_WINDOW = 1000 / BIN_MS;

export class StartPlanner {
  readonly #offsets: readonly number[];
  readonly #cap: number;
  /** Requests per 100 ms bin: keeps a window's requests spread out, not bunched at one instant. */
  readonly #binCap: number;
  readonly #horizon: number;
  readonly #bins = new Map<number, number>();
  planned = 0;

  /** Requests due at or after `horizon` (epoch ms; the run has ended by then) are not planned. */
  constructor(offsetsMs: readonly number[], perSecond: number, horizon = Number.POSITIVE_INFINITY) {
    this.#offsets = offsetsMs;
    this.#cap = perSecond;
    this.#binCap = Math.ceil((perSecond * BIN_MS) / 1000);
    this.#horizon = horizon;
  }

  #count(bin: number): number {
    return this.#bins.get(bin) ?? 0;
  }

  /** The fullest one-second window that contains `bin`. */
  #fullest(bin: number): number {
    let sum = 0;
    for (let b = bin - BINS_PER_WINDOW + 1; b <= bin; b++) sum += this.#count(b);
    let max = sum;
    for (let start = bin - BINS_PER_WINDOW + 2; start <= bin; start++) {
      sum += this.#count(start + BINS_PER_WINDOW - 1) - this.#count(start - 1);
      max = Math.max(max, sum);
    }
    return max;
  }

  #binsFor(at: number): number[] {
    return this.#offsets.filter((o) => at + o < this.#horizon).map((o) => Math.floor((at + o) / BIN_MS));
  }

  /** Admits a session starting at `at` (epoch ms) if its requests fit; records them if so. */
  tryAdmit(at: number): boolean {
    const bins = this.#binsFor(at);
    if (bins.some((b) => this.#count(b) >= this.#binCap || this.#fullest(b) >= this.#cap)) return false;
    this.#record(bins);
    return true;
  }

  /** Records a session starting at `at` without checking (the uniform plan). */
  admit(at: number): void {
    this.#record(this.#binsFor(at));
  }

  #record(bins: number[]): void {
    for (const b of bins) this.#bins.set(b, this.#count(b) + 1);
    this.planned += bins.length;
  }

  /** Planned requests due in [from, to). */
  plannedBetween(from: number, to: number): number {
    let n = 0;
    for (let b = Math.floor(from / BIN_MS); b < Math.floor(to / BIN_MS); b++) n += this.#count(b);
    return n;
  }

  /** The most requests planned in any one-second window (bin-aligned) in [from, to). */
  peakSecond(from: number, to: number): number {
    let peak = 0;
    for (let b = Math.floor(from / BIN_MS); b + BINS_PER_WINDOW <= Math.floor(to / BIN_MS); b++) {
      let sum = 0;
      for (let k = 0; k < BINS_PER_WINDOW; k++) sum += this.#count(b + k);
      peak = Math.max(peak, sum);
    }
    return peak;
  }
}

/**
 * What the global limit counts of one session, at offsets from its start (its steps' offsets):
 * every post but the opening (the edited answer to `/yin start`, which Discord doesn't count),
 * and the discoveries thread its closing opens just after it.
 */
export function countedOffsets(stepOffsetsMs: readonly number[]): number[] {
  const closing = stepOffsetsMs.at(-1) ?? 0;
  return [...stepOffsetsMs.slice(1), closing + 100];
}

/** Milliseconds between starts so that, in the steady state, `perSecond` requests are due each second. */
export function uniformInterval(requestsPerSession: number, perSecond: number): number {
  return (1000 * requestsPerSession) / perSecond;
}
