import { t } from '../../i18n.ts';
import type { AttendanceReport } from '../../members/attendance-report.ts';
import { discordTime } from '../markup.ts';

/** "1.5" or "1,5", as the reader's language writes a tenth. */
const number = (n: number, lang?: string) => new Intl.NumberFormat(lang, { maximumFractionDigits: 1 }).format(n);

/** "9 h 40 min", "40 min", "2 h". */
export function duration(minutes: number, lang?: string): string {
  const whole = Math.round(minutes);
  const hours = Math.floor(whole / 60);
  if (!hours) return t('attendance.minutes', { minutes: whole }, lang);
  return whole % 60
    ? t('attendance.hoursMinutes', { hours, minutes: whole % 60 }, lang)
    : t('attendance.hours', { hours }, lang);
}

/**
 * The report on one class for organisers, in `lang` (undefined: the interaction's). Members who
 * said yes are named as mentions (Discord shows each reader the name; the message pings no one);
 * everyone else is only counted. Never ordered by minutes.
 */
export function reportText(o: { title: string; startedAt: number; report: AttendanceReport }, lang?: string): string {
  const r = o.report;
  const lines = [
    t('attendance.reportTitle', { name: o.title, when: discordTime(o.startedAt, 'F') }, lang),
    t('attendance.practised', { count: r.practised, newcomers: r.newcomers, returning: r.returning }, lang),
  ];
  if (r.practised) lines.push(t('attendance.average', { minutes: number(r.averageMinutes, lang) }, lang));
  // Nobody signed up (a class without sign-ups): no line about it.
  if (r.signedUp) lines.push(t('attendance.signups', { count: r.signedUp, noShows: r.noShows }, lang));
  const named = r.named.map((n) =>
    t(n.first ? 'attendance.namedNew' : 'attendance.named', { user: n.userId, minutes: number(n.minutes, lang) }, lang),
  );
  const rule = t('attendance.namesRule', {}, lang);
  // A message holds 2,000 characters: each list gets half of what is left, the rest as "+N".
  const room = Math.floor((MAX - lines.join('\n').length - rule.length - 200) / 2);
  if (named.length) lines.push(t('attendance.namedPractised', { list: fitList(named, room) }, lang));
  if (r.namedNoShows.length)
    lines.push(
      t(
        'attendance.namedNoShows',
        {
          list: fitList(
            r.namedNoShows.map((id) => `<@${id}>`),
            room,
          ),
        },
        lang,
      ),
    );
  lines.push(rule);
  return lines.join('\n');
}

const MAX = 2000;

/** As many entries as fit in `room` characters, then "+N" for the others. */
function fitList(entries: readonly string[], room: number): string {
  let text = '';
  for (const [i, entry] of entries.entries()) {
    const next = text ? `${text}, ${entry}` : entry;
    if (next.length > room) return `${text} +${entries.length - i}`;
    text = next;
  }
  return text;
}
