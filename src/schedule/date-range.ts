import { InputError } from '../domain/input-error.ts';
import { addDays, offsetsAround, resolveWallTime, type WallDate, wallTimeAt } from './zoned.ts';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function parseDay(text: string): WallDate {
  const m = DATE.exec(text.trim());
  const d = m && { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  // 2026-02-30 is not a day: the date must read back as written.
  const real = d && addDays(d, 0);
  if (!d || !real || real.year !== d.year || real.month !== d.month || real.day !== d.day)
    throw new InputError('attendance.badDate', { date: text });
  return d;
}

const midnight = (d: WallDate, timeZone: string): number =>
  resolveWallTime({ ...d, hour: 0, minute: 0 }, timeZone, offsetsAround(d, timeZone));

/**
 * Whole local days `from`–`to` (YYYY-MM-DD, both included) in a time zone, as [fromMs, toMs).
 * Unset: the 30 days up to today. A range of more than a year, or ending before it starts, is
 * refused.
 */
export function dayRange(
  o: { from?: string | undefined; to?: string | undefined },
  timeZone: string,
  nowMs: number,
): { fromMs: number; toMs: number } {
  const today = wallTimeAt(nowMs, timeZone);
  const to = o.to ? parseDay(o.to) : { year: today.year, month: today.month, day: today.day };
  const from = o.from ? parseDay(o.from) : addDays(to, -29);
  const fromMs = midnight(from, timeZone);
  const toMs = midnight(addDays(to, 1), timeZone);
  if (toMs <= fromMs) throw new InputError('attendance.rangeBackwards');
  if (toMs - fromMs > 367 * 24 * 60 * 60_000) throw new InputError('attendance.rangeTooLong');
  return { fromMs, toMs };
}

/** "2026-12-01 19:00" on the wall clock of `timeZone`. */
export function wallText(ms: number, timeZone: string): string {
  const w = wallTimeAt(ms, timeZone);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${w.year}-${two(w.month)}-${two(w.day)} ${two(w.hour)}:${two(w.minute)}`;
}
