import { z } from 'zod';
import { parse, validateDetailed } from 'node-cron';
import { describeDays, parseDays } from './days.ts';
import { ScheduleInputError } from './input-error.ts';
import { resolveTimeZone } from './timezones.ts';

export { ScheduleInputError } from './input-error.ts';
export { timezoneChoices } from './timezones.ts';

/**
 * When a schedule fires. `cron` (5 fields, node-cron dialect) is what drives firing; `days`
 * (0 = Sunday) and `time` ("HH:MM") are kept when the rule came from — or reads as — plain
 * days and a time, so it can be described in words.
 */
export const ScheduleRuleSchema = z.object({
  cron: z.string().refine((c) => c.trim().split(/\s+/).length === 5 && validateDetailed(c).valid, 'invalid cron'),
  timezone: z.string().refine((tz) => resolveTimeZone(tz) === tz, 'unknown time zone'),
  days: z.array(z.number().int().min(0).max(6)).min(1).optional(),
  time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/).optional(),
});
export type ScheduleRule = z.infer<typeof ScheduleRuleSchema>;

/** The slash-command options, as typed. Discord hands strings; blanks count as absent. */
const RuleInputSchema = z.object({
  day: z.string().trim().optional(),
  days: z.string().trim().optional(),
  time: z.string().trim().optional(),
  cron: z.string().trim().optional(),
  timezone: z.string().trim().min(1, 'Pick a time zone, like Europe/Berlin.'),
});
export type RuleInput = z.input<typeof RuleInputSchema>;

/** Turns organiser input into a rule, or throws ScheduleInputError with a sentence to show. */
export function parseRule(input: RuleInput): ScheduleRule {
  const checked = RuleInputSchema.safeParse(input);
  if (!checked.success) {
    throw new ScheduleInputError(checked.error.issues[0]?.message ?? 'That schedule is incomplete.');
  }
  const { day, days, time, cron, timezone } = checked.data;
  const tz = resolveTimeZone(timezone);
  if (!tz) {
    throw new ScheduleInputError(`“${timezone}” is not a time zone I know — pick one from the list, like Europe/Berlin.`);
  }
  const dayText = [day, days].filter((d) => d).join(',');
  if (cron) {
    if (dayText || time) throw new ScheduleInputError('Use either cron, or day/days with a time — not both.');
    return ScheduleRuleSchema.parse({ ...fromCron(cron), timezone: tz });
  }
  if (!time) {
    throw new ScheduleInputError(
      dayText ? 'Add a time too, like time:19:00.' : 'Tell me when: a day and a time (like tuesday 19:00), or a cron rule.',
    );
  }
  const hhmm = parseTime(time);
  const dayList = dayText ? parseDays(dayText) : undefined;
  const [hh, mm] = hhmm.split(':').map(Number);
  const dow = !dayList || dayList.length === 7 ? '*' : dayList.join(',');
  return ScheduleRuleSchema.parse({
    cron: `${mm} ${hh} * * ${dow}`,
    timezone: tz,
    ...(dayList && dayList.length < 7 ? { days: dayList } : {}),
    time: hhmm,
  });
}

/** "19:00", "7:30", "19.00", "7pm", "7:30 am" → "HH:MM". */
export function parseTime(input: string): string {
  const m = /^(\d{1,2})(?:[:.h](\d{2}))?\s*([ap]\.?m\.?)?$/i.exec(input.trim());
  const bad = new ScheduleInputError(`“${input}” is not a time — use HH:MM, like 19:00.`);
  if (!m?.[1] || (m[2] === undefined && !m[3])) throw bad;
  let hour = Number(m[1]);
  const minute = Number(m[2] ?? 0);
  if (m[3]) {
    if (hour < 1 || hour > 12) throw bad;
    hour = (hour % 12) + (m[3].toLowerCase().startsWith('p') ? 12 : 0);
  }
  if (hour > 23 || minute > 59) throw bad;
  return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
}

const FIELD_NAMES: Record<string, string> = {
  minute: 'minute (0–59)',
  hour: 'hour (0–23)',
  dayOfMonth: 'day of the month (1–31)',
  month: 'month (1–12 or jan–dec)',
  dayOfWeek: 'weekday (0–7 or sun–sat)',
};

/** Starts closer together than this are refused: a session is longer, and members need a break. */
export const MIN_GAP_MINUTES = 30;

/**
 * The shortest gap between two start times of one day (hours × minutes), counted around the
 * clock so 23:45 → 00:00 counts as 15 minutes. Conservative for rules that skip days (it may
 * refuse a "Mondays 00:00 and 23:45" rule), never lenient.
 */
export function minGapMinutes(hours: readonly number[], minutes: readonly number[]): number {
  const times = [...new Set(hours.flatMap((h) => minutes.map((m) => h * 60 + m)))].sort((a, b) => a - b);
  if (times.length < 2) return 24 * 60;
  let gap = 24 * 60 - (times.at(-1) ?? 0) + (times[0] ?? 0);
  for (let i = 1; i < times.length; i++) gap = Math.min(gap, (times[i] ?? 0) - (times[i - 1] ?? 0));
  return gap;
}

/** A validated 5-field cron; plain "M H * * days" rules also get days/time for describing. */
function fromCron(raw: string): Omit<ScheduleRule, 'timezone'> {
  const cron = raw.replace(/\s+/g, ' ');
  const fields = cron.split(' ');
  if (fields.length !== 5) {
    throw new ScheduleInputError(
      `A cron rule needs 5 fields (minute hour day month weekday); “${cron}” has ${fields.length}.`,
    );
  }
  const result = validateDetailed(cron);
  if (!result.valid) {
    const e = result.errors[0];
    const name = e ? FIELD_NAMES[e.field] : undefined;
    if (e && name && e.message.includes('invalid expression')) {
      throw new ScheduleInputError(`“${cron}” is not a cron rule I can read: “${e.value}” is not a valid ${name}.`);
    }
    if (e?.message.includes('impossible')) {
      throw new ScheduleInputError(`“${cron}” would never run: that day doesn't exist in that month.`);
    }
    throw new ScheduleInputError(`“${cron}” is not a cron rule I can read — try something like “0 19 * * 2”.`);
  }
  const parsed = parse(cron);
  if (minGapMinutes(parsed.hour, parsed.minute) < MIN_GAP_MINUTES) {
    throw new ScheduleInputError(
      `“${cron}” would start a practice more often than every ${MIN_GAP_MINUTES} minutes, and a session needs longer than that — try something like “0 19 * * 2”.`,
    );
  }
  const [min, hour, dom, month] = fields;
  const minute = parsed.minute[0] ?? 0;
  const hours = parsed.hour;
  const simple = /^\d+$/.test(min ?? '') && /^\d+$/.test(hour ?? '') && dom === '*' && month === '*';
  const days = parsed.dayOfWeek;
  if (!simple || hours.length !== 1 || !days.every((d) => typeof d === 'number')) return { cron };
  const time = `${String(hours[0]).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
  const dayList = [...new Set(days as number[])].sort((a, b) => a - b);
  return dayList.length === 7 ? { cron, time } : { cron, time, days: dayList };
}

/** "Tuesdays at 19:00 Europe/Berlin"; rules that aren't days-and-a-time show their cron. */
export function describeRule(rule: ScheduleRule): string {
  if (!rule.time) return `At cron “${rule.cron}” (${rule.timezone})`;
  const when = rule.days ? describeDays(rule.days) : 'Every day';
  return `${when} at ${rule.time} ${rule.timezone}`;
}
