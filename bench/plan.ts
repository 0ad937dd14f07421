/**
 * Decides when the benchmark may start another session: a start is admitted only if none of
 * its posts (opening, poses, closing, at fixed offsets) would push any one-second window of the
 * planned post rate over `perSecond`. So the plan itself never asks for more than the budget,
 * and everything the bot does beyond it (lateness, 429s) is the bot's doing.
 */
const BIN_MS = 100;
const BINS_PER_WINDOW = 1000 / BIN_MS;

export class StartPlanner {
  readonly #offsets: readonly number[];
  readonly #cap: number;
  /** Posts per 100 ms bin: keeps a window's posts spread out, not bunched at one instant. */
  readonly #binCap: number;
  readonly #bins = new Map<number, number>();
  planned = 0;

  constructor(offsetsMs: readonly number[], perSecond: number) {
    this.#offsets = offsetsMs;
    this.#cap = perSecond;
    this.#binCap = Math.ceil((perSecond * BIN_MS) / 1000);
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

  /** Admits a session starting at `at` (epoch ms) if its posts fit; records them if so. */
  tryAdmit(at: number): boolean {
    const bins = this.#offsets.map((o) => Math.floor((at + o) / BIN_MS));
    if (bins.some((b) => this.#count(b) >= this.#binCap || this.#fullest(b) >= this.#cap)) return false;
    for (const b of bins) this.#bins.set(b, this.#count(b) + 1);
    this.planned += bins.length;
    return true;
  }

  /** Planned posts due in [from, to). */
  plannedBetween(from: number, to: number): number {
    let n = 0;
    for (let b = Math.floor(from / BIN_MS); b < Math.floor(to / BIN_MS); b++) n += this.#count(b);
    return n;
  }
}
