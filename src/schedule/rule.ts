import { t } from '../i18n.ts';
import type { Language } from '../languages.ts';
import { z } from 'zod';
import { parse, validateDetailed } from 'node-cron';
import { describeDays, parseDays } from './days.ts';
import { InputError } from '../domain/input-error.ts';
import { hasText } from '../i18n.ts';
import { resolveTimeZone } from './timezones.ts';

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
  time: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/)
    .optional(),
});
export type ScheduleRule = z.infer<typeof ScheduleRuleSchema>;

/** The slash-command options, as typed. Discord hands strings; blanks count as absent. */
const RuleInputSchema = z.object({
  day: z.string().trim().optional(),
  days: z.string().trim().optional(),
  time: z.string().trim().optional(),
  cron: z.string().trim().optional(),
  timezone: z.string().trim().min(1, 'schedule.timezoneMissing'),
});
export type RuleInput = z.input<typeof RuleInputSchema>;

/** Turns organiser input into a rule, or throws InputError with a sentence to show. */
export function parseRule(input: RuleInput, language: Language = 'en'): ScheduleRule {
  const checked = RuleInputSchema.safeParse(input);
  if (!checked.success) {
    // The schema's own messages are text keys; anything else zod says is no sentence for a member.
    const key = checked.error.issues[0]?.message;
    throw new InputError(key && hasText(key) ? key : 'schedule.incomplete');
  }
  const { day, days, time, cron, timezone } = checked.data;
  const tz = resolveTimeZone(timezone);
  if (!tz) {
    throw new InputError('schedule.timezoneUnknown', { timezone });
  }
  const dayText = [day, days].filter((d) => d).join(',');
  if (cron) {
    if (dayText || time) throw new InputError('schedule.cronOrDays');
    return ScheduleRuleSchema.parse({ ...fromCron(cron), timezone: tz });
  }
  if (!time) {
    throw new InputError(dayText ? 'schedule.timeMissing' : 'schedule.whenMissing');
  }
  const hhmm = parseTime(time);
  const dayList = dayText ? parseDays(dayText, language) : undefined;
  const [hh, mm] = hhmm.split(':').map(Number);
  const dow = !dayList || dayList.length === 7 ? '*' : dayList.join(',');
  return ScheduleRuleSchema.parse({
    cron: `${mm} ${hh} * * ${dow}`,
    timezone: tz,
    days: dayList && dayList.length < 7 ? dayList : undefined,
    time: hhmm,
  });
}

/** "19:00", "7:30", "19.00", "7pm", "7:30 am" → "HH:MM". */
export function parseTime(input: string): string {
  const m = /^(\d{1,2})(?:[:.h](\d{2}))?\s*([ap]\.?m\.?)?$/i.exec(input.trim());
  const bad = new InputError('schedule.timeInvalid', { input });
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
    throw new InputError('schedule.cronFieldCount', { cron, fields: fields.length });
  }
  const result = validateDetailed(cron);
  if (!result.valid) {
    const e = result.errors[0];
    const name = e ? FIELD_NAMES[e.field] : undefined;
    if (e && name && e.message.includes('invalid expression')) {
      throw new InputError('schedule.cronFieldInvalid', { cron, value: String(e.value), field: name });
    }
    if (e?.message.includes('impossible')) {
      throw new InputError('schedule.cronImpossible', { cron });
    }
    throw new InputError('schedule.cronUnreadable', { cron });
  }
  const parsed = parse(cron);
  if (minGapMinutes(parsed.hour, parsed.minute) < MIN_GAP_MINUTES) {
    throw new InputError('schedule.cronTooOften', { cron, minutes: MIN_GAP_MINUTES });
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
export function describeRule(rule: ScheduleRule, language: Language = 'en'): string {
  if (!rule.time) return t('schedule.ruleCron', { cron: rule.cron, timezone: rule.timezone }, language);
  const when = rule.days ? describeDays(rule.days, language) : t('schedule.everyDay', {}, language);
  return t('schedule.ruleWords', { when, time: rule.time, timezone: rule.timezone }, language);
}
