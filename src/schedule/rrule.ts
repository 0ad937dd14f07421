import { parse } from 'node-cron';
import { InputError } from '../domain/input-error.ts';
import { compileCron } from './cron-fields.ts';
import { occurrencesAfter, occurrencesBetween } from './next.ts';
import type { ScheduleRule } from './rule.ts';
import {
  addDays,
  offsetAt,
  offsetsAround,
  resolveWallTime,
  wallTimeAt,
  type WallDate,
  type WallTime,
} from './zoned.ts';

/*
 * A schedule's rule as RFC 5545 recurrence lines, read from node-cron's own parse of the cron (as
 * cron-fields.ts reads it), so a calendar repeats exactly what yin starts:
 * - minutes × hours → BYMINUTE × BYHOUR (both expand, as cron's fields combine);
 * - weekdays → BYDAY; "5L" (last Friday) → -1FR, "2#1" (first Tuesday) → 1TU, with FREQ=MONTHLY;
 * - days of the month → BYMONTHDAY, "L" → -1, "L-2" → -3; months → BYMONTH.
 * Like node-cron, a day must match both the day-of-month and the weekday field: in RFC 5545 a
 * BYDAY beside a BYMONTHDAY limits it, which is that AND. Refused: the nearest weekday ("15W"),
 * which no RRULE part says, and a numbered weekday beside days of the month.
 *
 * DST: a time that doesn't exist (spring forward) is, by RFC 5545, read with the offset before the
 * gap (02:30 → 03:30 CEST), while yin starts at the first minute after it (03:00 CEST); a time
 * that repeats (fall back) is its first instance in both, but not in every reader. So each such
 * start in the next HORIZON_YEARS is an EXDATE of the wall time and an RDATE of yin's instant.
 */

const BYDAY = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'] as const;
const HORIZON_YEARS = 5;
const HOUR = 60 * 60_000;

export interface Recurrence {
  /** "FREQ=WEEKLY;BYDAY=TU;BYHOUR=19;BYMINUTE=0" (without "RRULE:"). */
  rrule: string;
  /** The event's DTSTART: the first start at a wall time that neither repeats nor is skipped. */
  dtstartMs: number;
  /** Wall times (in the rule's zone) the RRULE names but yin doesn't start at: spring-forward gaps. */
  exdates: WallTime[];
  /** yin's starts for those, as instants (epoch ms). */
  rdates: number[];
}

const isAll = (values: readonly (number | string)[], from: number, to: number): boolean =>
  values.length === to - from + 1 && values.every((v, i) => v === from + i);

function unsupported(rule: ScheduleRule): InputError {
  return new InputError('calendar.unsupported', { cron: rule.cron });
}

function monthDay(token: number | string, rule: ScheduleRule): number {
  if (typeof token === 'number') return token;
  if (token === 'L') return -1;
  const back = /^L-(\d{1,2})$/.exec(token);
  if (back?.[1] && Number(back[1]) <= 30) return -(Number(back[1]) + 1);
  throw unsupported(rule);
}

function weekday(token: number | string, rule: ScheduleRule): string {
  if (typeof token === 'number') return BYDAY[token % 7]!;
  const last = /^([0-7])L$/i.exec(token);
  if (last?.[1]) return `-1${BYDAY[Number(last[1]) % 7]}`;
  const nth = /^([0-7])#([1-5])$/.exec(token);
  if (nth?.[1] && nth[2]) return `${nth[2]}${BYDAY[Number(nth[1]) % 7]}`;
  throw unsupported(rule);
}

/** The RRULE for `rule`; throws InputError('calendar.unsupported') for what RFC 5545 can't say. */
export function rruleOf(rule: ScheduleRule): string {
  const f = parse(rule.cron);
  const everyDay = isAll(f.dayOfMonth, 1, 31);
  const everyWeekday = [0, 1, 2, 3, 4, 5, 6].every((d) => f.dayOfWeek.some((v) => v === d || v === d + 7));
  const numbered = f.dayOfWeek.some((v) => typeof v === 'string');
  if (numbered && !everyDay) throw unsupported(rule);
  const days = [...new Set(f.dayOfWeek.map((v) => weekday(v, rule)))];
  const monthDays = everyDay ? [] : [...new Set(f.dayOfMonth.map((v) => monthDay(v, rule)))];
  const freq = numbered || !everyDay ? 'MONTHLY' : everyWeekday ? 'DAILY' : 'WEEKLY';
  const parts = [`FREQ=${freq}`];
  if (!isAll(f.month, 1, 12)) parts.push(`BYMONTH=${f.month.join(',')}`);
  if (monthDays.length) parts.push(`BYMONTHDAY=${monthDays.join(',')}`);
  if (!everyWeekday || numbered) parts.push(`BYDAY=${days.join(',')}`);
  parts.push(`BYHOUR=${[...f.hour].sort((a, b) => a - b).join(',')}`);
  parts.push(`BYMINUTE=${[...f.minute].sort((a, b) => a - b).join(',')}`);
  return parts.join(';');
}

/** On a day the offset changes: each listed wall time's instant by yin's rules, and whether RFC 5545 readers agree. */
function slotsOn(day: WallDate, hours: readonly number[], minutes: readonly number[], tz: string) {
  const around = offsetsAround(day, tz);
  return hours.flatMap((hour) =>
    minutes.map((minute) => {
      const wall = { year: day.year, month: day.month, day: day.day, hour, minute };
      const at = resolveWallTime(wall, tz, around);
      const back = wallTimeAt(at, tz);
      const missing = back.hour !== hour || back.minute !== minute;
      // Read with the other offset, the same wall time names a second instant: it repeats.
      const other = at + around.before - around.after;
      const again = wallTimeAt(other, tz);
      const repeated = !missing && other !== at && again.hour === hour && again.minute === minute;
      return { wall, at, plain: !missing && !repeated };
    }),
  );
}

/**
 * The rule's recurrence from `firstMs` (its first start) on: the RRULE, and on the days the
 * offset changes, every start at a wall time that doesn't exist or repeats as an EXDATE of that
 * wall time and an RDATE of yin's instant. RFC 5545 reads a repeated time as its first instance,
 * as yin does, but readers differ (ical.js takes the second): spelt out, the instant is the same
 * in every calendar. DTSTART is the first start at a plain wall time, so it always matches the
 * RRULE (a DTSTART that doesn't leaves the set undefined); any start before it is an RDATE.
 */
export function recurrenceOf(rule: ScheduleRule, firstMs: number): Recurrence {
  const rrule = rruleOf(rule);
  const { hour: hours, minute: minutes } = parse(rule.cron);
  const tz = rule.timezone;
  const cron = compileCron(rule.cron);
  const exdates: WallTime[] = [];
  const rdates: number[] = [];
  for (const day of changeDays(tz, wallTimeAt(firstMs, tz), HORIZON_YEARS * 366)) {
    if (!cron.matchesDay(day)) continue;
    const slots = slotsOn(day, hours, minutes, tz);
    const plain = new Set(slots.filter((x) => x.plain).map((x) => x.at));
    exdates.push(...slots.filter((x) => !x.plain).map((x) => x.wall));
    const midnight = Date.UTC(day.year, day.month - 1, day.day);
    for (const start of occurrencesBetween(rule, midnight - 15 * HOUR, midnight + 37 * HOUR)) {
      const w = wallTimeAt(start, tz);
      if (start >= firstMs && w.day === day.day && w.month === day.month && !plain.has(start)) rdates.push(start);
    }
  }
  let dtstartMs = firstMs;
  for (const start of occurrencesAfter(rule, firstMs - 1)) {
    dtstartMs = start;
    if (!rdates.includes(start)) break;
  }
  return { rrule, dtstartMs, exdates, rdates };
}

/**
 * The local days in the `days` after `from` on which the zone's offset changes: the offset at
 * each UTC noon, and where it differs from the day before, the days around it checked one by one.
 */
function changeDays(tz: string, from: WallDate, days: number): WallDate[] {
  const found = new Map<string, WallDate>();
  const noon = (d: WallDate) => Date.UTC(d.year, d.month - 1, d.day, 12);
  let last = offsetAt(noon(addDays(from, -2)), tz);
  for (let i = -1; i <= days; i++) {
    const d = addDays(from, i);
    const offset = offsetAt(noon(d), tz);
    if (offset !== last)
      for (let k = -2; k <= 1; k++) {
        const c = addDays(d, k);
        const around = offsetsAround(c, tz);
        if (around.before !== around.after && noon(c) >= noon(from)) found.set(`${c.year}-${c.month}-${c.day}`, c);
      }
    last = offset;
  }
  return [...found.values()];
}
