import { compileCron } from './cron-fields.ts';
import { addDays, offsetsAround, resolveWallTime, wallTimeAt, type WallDate } from './zoned.ts';
import type { ScheduleRule } from './rule.ts';

/*
 * Why our own matcher rather than node-cron's: node-cron 4.6 does expose `parse` (used here,
 * so both read an expression identically) and per-task `getNextRuns`, but its next-run search
 * is anchored to `new Date()` (not to an arbitrary instant, nor to our Clock) and needs a task
 * object. It also resolves DST differently from what this bot promises: on a spring-forward
 * day it silently skips a time in the gap, and on a fall-back day it fires the SECOND of a
 * repeated time. So occurrences are computed here by stepping local days (cheap UTC date
 * arithmetic), testing each day against the compiled fields, and turning the day's listed
 * times into instants with a few Intl lookups — only on days that actually match. A weekly
 * rule costs one formatToParts for the start plus ~4 per matching day: a few microseconds.
 */

/** How far ahead to look before deciding a rule never fires again (e.g. "31 2 *" never does). */
const MAX_DAYS = 366 * 8 + 2;

/**
 * Occurrences of `rule` strictly after `fromMs`, ascending, lazily. DST: a wall time in a
 * spring-forward gap runs at the first minute after the gap, that day; a repeated wall time
 * (fall-back) runs once, at its first instance.
 */
export function* occurrencesAfter(rule: ScheduleRule, fromMs: number): Generator<number, void> {
  const cron = compileCron(rule.cron);
  const tz = rule.timezone;
  // Start a day early: cheap, and safe against any zone whose shifts cross midnight.
  let day: WallDate = addDays(wallTimeAt(fromMs, tz), -1);
  let last = fromMs;
  for (let i = 0; i < MAX_DAYS; i++, day = addDays(day, 1)) {
    if (!cron.matchesDay(day)) continue;
    const around = offsetsAround(day, tz);
    for (const hour of cron.hours) {
      for (const minute of cron.minutes) {
        const t = resolveWallTime({ ...day, hour, minute }, tz, around);
        // `> last` drops earlier times, and a gap time that lands on a time already listed.
        if (t > last) {
          last = t;
          yield t;
        }
      }
    }
  }
}

/**
 * The next `count` occurrences of `rule` strictly after `fromMs`, as epoch ms, ascending.
 * Fewer come back only for rules that (almost) never fire, like "0 0 29 2 1".
 */
export function nextOccurrences(rule: ScheduleRule, fromMs: number, count: number): number[] {
  const out: number[] = [];
  if (count <= 0) return out;
  for (const t of occurrencesAfter(rule, fromMs)) {
    out.push(t);
    if (out.length >= count) break;
  }
  return out;
}

/** Occurrences in (afterMs, untilMs], ascending, at most `limit` of them. */
export function occurrencesBetween(rule: ScheduleRule, afterMs: number, untilMs: number, limit = 1000): number[] {
  const out: number[] = [];
  for (const t of occurrencesAfter(rule, afterMs)) {
    if (t > untilMs || out.length >= limit) break;
    out.push(t);
  }
  return out;
}

/** The latest occurrence in (atMs − lookbackMs, atMs], if any. */
export function latestOccurrence(rule: ScheduleRule, atMs: number, lookbackMs: number): number | undefined {
  return occurrencesBetween(rule, atMs - lookbackMs, atMs).at(-1);
}
