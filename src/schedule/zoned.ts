/**
 * Wall-clock arithmetic in an IANA time zone using only Intl, so occurrences can be computed
 * without timers or a date library. Formatters are cached per zone: building one costs far
 * more than using it.
 */

export interface WallDate {
  year: number;
  month: number; // 1–12
  day: number; // 1–31
}

export interface WallTime extends WallDate {
  hour: number;
  minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall clock in `timeZone` at instant `ms` (seconds dropped). */
export function wallTimeAt(ms: number, timeZone: string): WallTime & { second: number } {
  const out = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const part of formatter(timeZone).formatToParts(ms)) {
    if (part.type in out) out[part.type as keyof typeof out] = Number(part.value);
  }
  return out;
}

/** UTC offset of `timeZone` at instant `ms`, in ms (Berlin in winter: +3_600_000). */
export function offsetAt(ms: number, timeZone: string): number {
  const w = wallTimeAt(ms, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/** The wall time read as if it were UTC; subtracting the zone's offset gives the instant. */
export function wallAsUtc(w: WallTime): number {
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute);
}

/** 0 = Sunday … 6 = Saturday, as cron counts. */
export function weekdayOf(d: WallDate): number {
  return new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay();
}

export function addDays(d: WallDate, n: number): WallDate {
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day + n));
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * Offsets that can apply during local day `d`. UTC offsets lie within −12 h … +14 h, so every
 * instant of the local day lies between `d 00:00 UTC − 14 h` and `d+1 00:00 UTC + 12 h`;
 * sampling both ends tells whether a transition touches the day (zones change at most once
 * in such a window).
 */
export function offsetsAround(d: WallDate, timeZone: string): { before: number; after: number } {
  const start = Date.UTC(d.year, d.month - 1, d.day);
  return {
    before: offsetAt(start - 14 * HOUR, timeZone),
    after: offsetAt(start + 24 * HOUR + 12 * HOUR, timeZone),
  };
}

/**
 * The instant a wall time names, by the rules this bot promises:
 * - normal: the one instant;
 * - repeated (fall-back overlap): the first of the two;
 * - skipped (spring-forward gap): the first minute after the gap, i.e. the transition itself
 *   (02:30 in Berlin on 2027-03-28 → 03:00 CEST).
 * `around` is offsetsAround(the wall date) so callers stepping day by day compute it once.
 */
export function resolveWallTime(w: WallTime, timeZone: string, around: { before: number; after: number }): number {
  const guess = wallAsUtc(w);
  if (around.before === around.after) return guess - around.before;
  const candidates = [guess - around.before, guess - around.after]
    .filter((t) => offsetAt(t, timeZone) === guess - t)
    .sort((a, b) => a - b);
  if (candidates[0] !== undefined) return candidates[0];
  // In the gap: the old offset reads the wall time too early, the new one too late. The
  // transition lies between; binary-search it to the minute (zones change on whole minutes).
  let lo = Math.min(guess - around.before, guess - around.after);
  let hi = Math.max(guess - around.before, guess - around.after);
  const loOffset = offsetAt(lo, timeZone);
  while (hi - lo > MINUTE) {
    const mid = lo + Math.floor((hi - lo) / 2 / MINUTE) * MINUTE;
    if (offsetAt(mid, timeZone) === loOffset) lo = mid;
    else hi = mid;
  }
  return hi;
}

/**
 * True when `timeZone` changes its UTC offset within `windowMs` of `ms` — the only time a
 * wall-clock schedule can differ from node-cron's own reading of it.
 */
export function nearOffsetChange(ms: number, timeZone: string, windowMs = 3 * HOUR): boolean {
  return offsetAt(ms - windowMs, timeZone) !== offsetAt(ms + windowMs, timeZone);
}
