import { parse } from 'node-cron';
import { weekdayOf, type WallDate } from './zoned.ts';

/**
 * A cron expression compiled from node-cron's own parser (`parse`), so our matcher reads an
 * expression exactly the way node-cron fires it: names, ranges, steps, `7` = Sunday, and the
 * `L`, `W`, `L-n`, `nL`, `n#k` extensions. Like node-cron (and unlike Vixie cron), a day must
 * match BOTH the day-of-month and the day-of-week field.
 */
export interface CompiledCron {
  minutes: number[]; // sorted
  hours: number[]; // sorted
  matchesDay(d: WallDate): boolean;
}

const cache = new Map<string, CompiledCron>();

/** Throws node-cron's error for an invalid expression; callers validate first. */
export function compileCron(expr: string): CompiledCron {
  let c = cache.get(expr);
  if (!c) {
    c = build(expr);
    cache.set(expr, c);
  }
  return c;
}

function build(expr: string): CompiledCron {
  const f = parse(expr);
  const months = new Set(f.month);
  const dom = f.dayOfMonth;
  const dow = f.dayOfWeek;
  return {
    minutes: [...f.minute].sort((a, b) => a - b),
    hours: [...f.hour].sort((a, b) => a - b),
    matchesDay: (d) => months.has(d.month) && dom.some((t) => domMatches(t, d)) && dow.some((t) => dowMatches(t, d)),
  };
}

function lastDayOfMonth(d: WallDate): number {
  return new Date(Date.UTC(d.year, d.month, 0)).getUTCDate();
}

/** The weekday (Mon–Fri) nearest to `target` without leaving the month — cron's `W`. */
function nearestWeekday(d: WallDate, target: number): number {
  const last = lastDayOfMonth(d);
  if (target < 1 || target > last) return -1;
  const wd = weekdayOf({ ...d, day: target });
  if (wd === 6) return target === 1 ? 3 : target - 1;
  if (wd === 0) return target === last ? target - 2 : target + 1;
  return target;
}

function domMatches(token: number | string, d: WallDate): boolean {
  if (typeof token === 'number') return token === d.day;
  if (token === 'L') return d.day === lastDayOfMonth(d);
  const w = /^(\d{1,2}|L)W$/.exec(token);
  if (w?.[1]) return nearestWeekday(d, w[1] === 'L' ? lastDayOfMonth(d) : Number(w[1])) === d.day;
  const back = /^L-(\d{1,2})$/.exec(token);
  if (back?.[1]) return lastDayOfMonth(d) - Number(back[1]) === d.day;
  return false;
}

function dowMatches(token: number | string, d: WallDate): boolean {
  const wd = weekdayOf(d);
  if (typeof token === 'number') return token === wd;
  const last = /^([0-7])L$/i.exec(token);
  if (last?.[1]) return Number(last[1]) % 7 === wd && d.day + 7 > lastDayOfMonth(d);
  const nth = /^([0-7])#([1-5])$/.exec(token);
  if (nth?.[1] && nth[2]) return Number(nth[1]) % 7 === wd && Math.floor((d.day - 1) / 7) + 1 === Number(nth[2]);
  return false;
}
