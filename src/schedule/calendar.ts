import ical, { escape as escapeText } from 'ical-generator';
import { DateTime } from 'luxon';
import { tzlib_get_ical_block, tzlib_get_timezones } from 'timezones-ical-library';
import { InputError } from '../domain/input-error.ts';
import type { Timeline } from '../domain/timeline.ts';
import { t } from '../i18n.ts';
import { intlLocale, type Language } from '../languages.ts';
import { nextOccurrences } from './next.ts';
import { recurrenceOf } from './rrule.ts';
import type { Schedule } from './schedule.ts';
import type { WallTime } from './zoned.ts';

/*
 * A schedule as an iCalendar file (RFC 5545): one VEVENT whose DTSTART (in the rule's zone, with
 * its VTIMEZONE) is the next start and whose RRULE repeats the rule, so any calendar shows every
 * start at yin's instants, through DST changes. ical-generator writes it (escaping and folding
 * included); timezones-ical-library gives the VTIMEZONE. Pure: time comes in as `nowMs`.
 * The times go to ical-generator as luxon DateTimes in the zone: with a native Date it would write
 * the process's local time. No calendar-wide zone, so DTSTAMP stays in UTC, as RFC 5545 wants.
 */

export interface CalendarInput {
  schedule: Pick<Schedule, 'id' | 'guildId' | 'channelId' | 'sequenceId' | 'rule'>;
  /** The class the schedule runs (scheduledTimeline), in `language`. */
  timeline: Timeline;
  channelName: string;
  /** The language of its words: the schedule's, else the server's. */
  language: Language;
  /** Who teaches, when the schedule names someone. */
  teacher?: string | undefined;
  /** DTSTAMP, and the instant after which the first start is looked for. */
  nowMs: number;
}

export interface CalendarFile {
  /** "back-tuesday.ics" */
  name: string;
  /** The event's title: the sequence's name, in the calendar's language. */
  title: string;
  /** The .ics text (CRLF lines). */
  content: string;
  /** The first start it lists (DTSTART), epoch ms. */
  firstMs: number;
}

export const CALENDAR_CONTENT_TYPE = 'text/calendar; charset=utf-8';

const DAY_NAMES = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

export const channelLink = (guildId: string, channelId: string): string =>
  `https://discord.com/channels/${guildId}/${channelId}`;

/** "back-tuesday.ics", "back-mon-wed-fri.ics", "back-daily.ics"; a cron rule without plain days names its id. */
export function calendarFileName(s: Pick<Schedule, 'id' | 'sequenceId' | 'rule'>): string {
  const base =
    s.sequenceId
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'yin';
  const { days, time } = s.rule;
  const when = !time
    ? s.id.toLowerCase().replace(/[^a-z0-9]+/g, '')
    : !days
      ? 'daily'
      : days.length === 1
        ? DAY_NAMES[days[0]!]!
        : days.map((d) => DAY_NAMES[d]!.slice(0, 3)).join('-');
  return `${base}-${when}.ics`;
}

const two = (n: number) => String(n).padStart(2, '0');
const localStamp = (w: WallTime) => `${w.year}${two(w.month)}${two(w.day)}T${two(w.hour)}${two(w.minute)}00`;
const utcStamp = (ms: number) => `${new Date(ms).toISOString().replace(/[-:]/g, '').slice(0, 15)}Z`;

let zones: Set<string> | undefined;
function known(): Set<string> {
  if (!zones) {
    const list = tzlib_get_timezones();
    zones = new Set(Array.isArray(list) ? list : []);
  }
  return zones;
}

/** The VTIMEZONE and its TZID ("UTC" is "Etc/UTC" there); InputError for a zone it doesn't know. */
export function vtimezone(zone: string): { tzid: string; block: string } {
  // Asked only for a zone it lists: for any other it writes to the console.
  const found = known().has(zone) ? tzlib_get_ical_block(zone) : undefined;
  const [block, tzidLine] = Array.isArray(found) ? found : [];
  const tzid = tzidLine?.replace(/^TZID=/, '');
  if (!block || !tzid) throw new InputError('calendar.zoneUnknown', { timezone: zone });
  return { tzid, block };
}

/** The class in words for DESCRIPTION: the sequence, its length, poses, props, teacher and where to join. */
function description(input: CalendarInput, link: string): string {
  const { timeline: tl, language: lang } = input;
  const q = tl.sequence;
  const poses = [
    ...new Set(tl.steps.flatMap((st) => (st.kind === 'pose' && st.role === 'hold' ? [st.pose.name] : []))),
  ];
  const hold = new Intl.NumberFormat(intlLocale(lang)).format(tl.holdMinutes);
  return [
    t('calendar.about', { name: q.name, focus: q.focus }, lang),
    t('post.length', { minutes: Math.round(tl.totalMs / 60_000), poses: tl.poseCount, hold }, lang),
    t('calendar.poses', { poses: poses.join(' · ') }, lang),
    ...(q.props.length ? [t('calendar.props', { props: q.props.join(' · ') }, lang)] : []),
    ...(input.teacher ? [t('calendar.teacher', { teacher: input.teacher }, lang)] : []),
    t('calendar.join', { channel: input.channelName, link }, lang),
  ].join('\n');
}

/** The schedule's calendar file. InputError when it never starts again or its rule can't be said. */
export function scheduleCalendar(input: CalendarInput): CalendarFile {
  const { schedule: s, timeline: tl, language: lang } = input;
  const firstMs = nextOccurrences(s.rule, input.nowMs, 1)[0];
  if (firstMs === undefined) throw new InputError('calendar.noMore', { id: s.id });
  const { rrule, dtstartMs, exdates, rdates } = recurrenceOf(s.rule, firstMs);
  const { tzid, block } = vtimezone(s.rule.timezone);
  const link = channelLink(s.guildId, s.channelId);
  const recurrence = [
    `RRULE:${rrule}`,
    ...exdates.map((w) => `EXDATE;TZID=${tzid}:${localStamp(w)}`),
    ...rdates.map((ms) => `RDATE;VALUE=DATE-TIME:${utcStamp(ms)}`),
  ].join('\n');
  const calendar = ical({
    prodId: { company: 'yin', product: 'yin', language: lang.slice(0, 2).toUpperCase() },
    // NAME and X-WR-CALNAME go out as given: escaped here.
    name: escapeText(tl.sequence.name, false),
    timezone: { name: null, generator: (zone) => (zone === tzid ? block : null) },
  });
  const at = (ms: number) => DateTime.fromMillis(ms, { zone: s.rule.timezone });
  calendar.createEvent({
    id: `schedule-${s.id}.${s.guildId}@yin`,
    sequence: 0,
    stamp: new Date(input.nowMs),
    start: at(dtstartMs),
    end: at(dtstartMs + tl.totalMs),
    timezone: tzid,
    repeating: recurrence,
    summary: tl.sequence.name,
    description: description(input, link),
    location: t('calendar.location', { channel: input.channelName, link }, lang),
    url: link,
  });
  return { name: calendarFileName(s), title: tl.sequence.name, content: calendar.toString(), firstMs };
}
