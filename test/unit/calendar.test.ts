// The .ics a schedule gives, read back by an independent RFC 5545 parser (Mozilla's ical.js, with
// its own VTIMEZONE and recurrence expansion): the same instants as yin's own next occurrences,
// across the DST changes of 2026-10-25 and 2027-03-28 in Berlin and of 2026-11-01 and 2027-03-14
// in New York, spring-forward gaps included.
import { join } from 'node:path';
import ICAL from 'ical.js';
import { describe, expect, test } from 'vitest';
import { InputError } from '../../src/domain/input-error.ts';
import { loadCatalog } from '../../src/domain/load-catalog.ts';
import type { Timeline } from '../../src/domain/timeline.ts';
import { t } from '../../src/i18n.ts';
import type { Language } from '../../src/languages.ts';
import { calendarFileName, scheduleCalendar, vtimezone } from '../../src/schedule/calendar.ts';
import { nextOccurrences } from '../../src/schedule/next.ts';
import { scheduledTimeline } from '../../src/schedule/around-starts.ts';
import { parseRule, type RuleInput } from '../../src/schedule/rule.ts';
import { rruleOf } from '../../src/schedule/rrule.ts';
import { allTimeZones } from '../../src/schedule/timezones.ts';

const catalog = loadCatalog(join(import.meta.dirname, '..', '..', 'data'));
const back = scheduledTimeline(catalog, { sequenceId: 'back' })!;
const OCT_1 = Date.UTC(2026, 9, 1, 12);

function calendar(
  rule: RuleInput,
  o: { now?: number; timeline?: Timeline; channel?: string; language?: Language } = {},
) {
  const r = parseRule(rule);
  const file = scheduleCalendar({
    schedule: { id: 'ab12', guildId: 'g1', channelId: 'c1', sequenceId: 'back', rule: r },
    timeline: o.timeline ?? back,
    channelName: o.channel ?? 'practice',
    language: o.language ?? 'en',
    nowMs: o.now ?? OCT_1,
  });
  return { rule: r, file };
}

/** Parses with ical.js, registering the file's own VTIMEZONEs, and expands the first `count` starts. */
function expand(ics: string, count: number) {
  const cal = new ICAL.Component(ICAL.parse(ics));
  for (const tz of cal.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(tz);
  const vevent = cal.getFirstSubcomponent('vevent')!;
  const event = new ICAL.Event(vevent);
  const it = event.iterator();
  const starts: number[] = [];
  for (let next = it.next(); next && starts.length < count; next = it.next()) starts.push(next.toJSDate().getTime());
  return { cal, vevent, event, starts };
}

const iso = (ms: number[]) => ms.map((x) => new Date(x).toISOString());

describe('GIVEN a rule THEN ical.js expands the .ics to exactly yin’s next starts, across DST', () => {
  const cases: [string, RuleInput, number][] = [
    ['Tuesdays 19:00 Berlin (both changes)', { day: 'tuesday', time: '19:00', timezone: 'Europe/Berlin' }, 40],
    [
      'daily 02:30 Berlin: repeated on 2026-10-25, in the gap on 2027-03-28',
      { cron: '30 2 * * *', timezone: 'Europe/Berlin' },
      200,
    ],
    [
      'Sundays 02:00 and 03:00 Berlin: the gap time meets a listed one',
      { cron: '0 2,3 * * 0', timezone: 'Europe/Berlin' },
      60,
    ],
    [
      'Mon, Wed, Fri 07:00, 07:30, 19:00, 19:30 New York',
      { cron: '0,30 7,19 * * 1,3,5', timezone: 'America/New_York' },
      300,
    ],
    [
      'Sundays 02:15 New York (gap on 2027-03-14, repeat on 2026-11-01)',
      { cron: '15 2 * * 0', timezone: 'America/New_York' },
      40,
    ],
    ['weekdays 18:00 New York', { days: 'weekdays', time: '18:00', timezone: 'America/New_York' }, 150],
    [
      'every day 06:00 Sydney (its changes are in April and October)',
      { time: '06:00', timezone: 'Australia/Sydney' },
      240,
    ],
    ['the last Friday of the month, 18:00 Berlin', { cron: '0 18 * * 5L', timezone: 'Europe/Berlin' }, 12],
    ['the first Tuesday of the month, 19:00 Berlin', { cron: '0 19 * * 2#1', timezone: 'Europe/Berlin' }, 12],
    ['the last day of the month and the 15th, 19:00 London', { cron: '0 19 15,L * *', timezone: 'Europe/London' }, 24],
    ['two days before the last, 08:00 Berlin', { cron: '0 8 L-2 * *', timezone: 'Europe/Berlin' }, 12],
    [
      'the 1st–7th that is a Monday, in Jan–Mar, 12:00 Berlin (both fields must match)',
      { cron: '0 12 1-7 1-3 1', timezone: 'Europe/Berlin' },
      6,
    ],
    ['Tuesdays in winter months only, 19:00 Berlin', { cron: '0 19 * 11,12,1,2 2', timezone: 'Europe/Berlin' }, 30],
    ['Thursdays 12:00 UTC', { day: 'thursday', time: '12:00', timezone: 'UTC' }, 20],
    ['Saturdays 09:00 Kolkata (no DST)', { day: 'saturday', time: '9:00', timezone: 'Asia/Kolkata' }, 20],
  ];
  test.each(cases)('%s', (_name, input, count) => {
    const { rule, file } = calendar(input);
    const { starts } = expand(file.content, count);
    expect(iso(starts)).toEqual(iso(nextOccurrences(rule, OCT_1, count)));
    expect(starts[0]).toBe(file.firstMs);
  });

  test('the Tuesday class keeps 19:00 local on both sides of each change (17:00Z in summer, 18:00Z in winter)', () => {
    const { file } = calendar({ day: 'tuesday', time: '19:00', timezone: 'Europe/Berlin' });
    const { starts } = expand(file.content, 30);
    const s = iso(starts);
    expect(s).toContain('2026-10-20T17:00:00.000Z');
    expect(s).toContain('2026-10-27T18:00:00.000Z');
    expect(s).toContain('2027-03-23T18:00:00.000Z');
    expect(s).toContain('2027-03-30T17:00:00.000Z');
  });

  test('a start in the spring-forward gap is at the first minute after it, as yin starts it (not RFC 5545’s 03:30)', () => {
    const { file } = calendar({ cron: '30 2 * * *', timezone: 'Europe/Berlin' });
    const { starts } = expand(file.content, 200);
    expect(iso(starts)).toContain('2027-03-28T01:00:00.000Z'); // 03:00 CEST
    expect(iso(starts)).not.toContain('2027-03-28T01:30:00.000Z');
    expect(iso(starts)).toContain('2026-10-25T00:30:00.000Z'); // the first 02:30 (CEST), once
    expect(iso(starts)).not.toContain('2026-10-25T01:30:00.000Z');
    expect(file.content).toContain('EXDATE;TZID=Europe/Berlin:20261025T023000');
    expect(file.content).toContain('RDATE;VALUE=DATE-TIME:20261025T003000Z');
    expect(file.content).toContain('EXDATE;TZID=Europe/Berlin:20270328T023000');
    expect(file.content).toContain('RDATE;VALUE=DATE-TIME:20270328T010000Z');
  });

  test('GIVEN the first start itself falls in a gap or repeats THEN it is still the first, once', () => {
    for (const [input, now] of [
      [{ cron: '30 2 * * *', timezone: 'Europe/Berlin' }, Date.UTC(2027, 2, 27, 12)],
      [{ cron: '30 2 * * *', timezone: 'Europe/Berlin' }, Date.UTC(2026, 9, 24, 12)],
    ] as const) {
      const { rule, file } = calendar(input, { now });
      expect(iso(expand(file.content, 5).starts)).toEqual(iso(nextOccurrences(rule, now, 5)));
    }
  });
});

describe('GIVEN the Tuesday class in Berlin THEN the file says it as RFC 5545 does', () => {
  const { file } = calendar({ day: 'tuesday', time: '19:00', timezone: 'Europe/Berlin' });
  const { cal, vevent, event } = expand(file.content, 1);

  test('one VEVENT: DTSTART in Europe/Berlin with its VTIMEZONE, a weekly RRULE, DTEND the class’s length later', () => {
    expect(cal.getAllSubcomponents('vevent')).toHaveLength(1);
    expect(cal.getFirstSubcomponent('vtimezone')?.getFirstPropertyValue('tzid')).toBe('Europe/Berlin');
    expect(file.content).toContain('DTSTART;TZID=Europe/Berlin:20261006T190000');
    expect(file.content).toContain('RRULE:FREQ=WEEKLY;BYDAY=TU;BYHOUR=19;BYMINUTE=0');
    // 19:00 neither repeats nor is skipped: nothing to spell out.
    expect(file.content).not.toMatch(/EXDATE|RDATE/);
    expect(event.endDate.toJSDate().getTime() - event.startDate.toJSDate().getTime()).toBe(back.totalMs);
  });

  test('UID from the schedule and its server, stable; DTSTAMP from the clock', () => {
    const later = calendar({ day: 'tuesday', time: '19:00', timezone: 'Europe/Berlin' }, { now: OCT_1 + 86_400_000 });
    expect(event.uid).toBe('schedule-ab12.g1@yin');
    expect(expand(later.file.content, 1).event.uid).toBe(event.uid);
    expect(vevent.getFirstPropertyValue('dtstamp')?.toString()).toBe('2026-10-01T12:00:00Z');
  });

  test('LOCATION and URL the channel; DESCRIPTION the sequence, its length, poses and props', () => {
    const link = 'https://discord.com/channels/g1/c1';
    expect(event.summary).toBe('Yin for the Back');
    expect(event.location).toBe(`#practice on Discord (${link})`);
    expect(vevent.getFirstPropertyValue('url')).toBe(link);
    const lines = event.description.split('\n');
    expect(lines[0]).toBe(`Yin for the Back: ${back.sequence.focus}`);
    expect(lines).toContain(`${Math.round(back.totalMs / 60_000)} min · ${back.poseCount} poses · 3-min holds`);
    expect(lines.find((l) => l.startsWith('Poses: '))).toContain("Child's Pose");
    expect(lines).toContain(`Props: ${back.sequence.props.join(' · ')}`);
    expect(lines.at(-1)).toBe(`Join in #practice on Discord: ${link}`);
    expect(file.name).toBe('back-tuesday.ics');
  });

  test('lines are folded at 75 octets', () => {
    for (const line of file.content.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
  });
});

test('GIVEN commas, semicolons, backslashes and a newline in the names THEN they are escaped and read back exactly', () => {
  const odd = 'Back; hips, and\nmore \\ rest';
  const timeline = { ...back, sequence: { ...back.sequence, name: odd } };
  const { file } = calendar(
    { day: 'tuesday', time: '19:00', timezone: 'Europe/Berlin' },
    { timeline, channel: 'yin, ; room' },
  );
  expect(file.content).toContain('SUMMARY:Back\\; hips\\, and\\nmore \\\\ rest');
  const { event } = expand(file.content, 1);
  expect(event.summary).toBe(odd);
  expect(event.location).toBe('#yin, ; room on Discord (https://discord.com/channels/g1/c1)');
  expect(event.description.split('\n').slice(0, 2)).toEqual([
    'Back; hips, and',
    `more \\ rest: ${back.sequence.focus}`,
  ]);
});

test('GIVEN a teacher THEN the description names them', () => {
  const r = parseRule({ day: 'tuesday', time: '19:00', timezone: 'Europe/Berlin' });
  const file = scheduleCalendar({
    schedule: { id: 'ab12', guildId: 'g1', channelId: 'c1', sequenceId: 'back', rule: r },
    timeline: back,
    channelName: 'practice',
    language: 'en',
    teacher: 'Mira',
    nowMs: OCT_1,
  });
  expect(expand(file.content, 1).event.description.split('\n')).toContain('Taught by Mira');
});

test('GIVEN a German schedule THEN its words are German', () => {
  const { file } = calendar({ day: 'tuesday', time: '19:00', timezone: 'Europe/Berlin' }, { language: 'de' });
  const { event } = expand(file.content, 1);
  expect(event.location).toBe('#practice auf Discord (https://discord.com/channels/g1/c1)');
  expect(event.description).toContain(
    t('calendar.join', { channel: 'practice', link: 'https://discord.com/channels/g1/c1' }, 'de'),
  );
  expect(file.content).toContain('PRODID:-//yin//yin//DE');
});

test('GIVEN a rule a calendar can’t repeat (the nearest weekday) THEN a clear InputError', () => {
  expect(() => rruleOf(parseRule({ cron: '0 19 15W * *', timezone: 'Europe/Berlin' }))).toThrow(InputError);
  expect(() => calendar({ cron: '0 19 15W * *', timezone: 'Europe/Berlin' })).toThrow(
    expect.objectContaining({ key: 'calendar.unsupported' }),
  );
  expect(() => calendar({ cron: '0 19 1-7 * 2#1', timezone: 'Europe/Berlin' })).toThrow(
    expect.objectContaining({ key: 'calendar.unsupported' }),
  );
});

test('file names: one day, several, every day, a cron', () => {
  const name = (rule: RuleInput) => calendarFileName({ id: 'ab12', sequenceId: 'back', rule: parseRule(rule) });
  expect(name({ day: 'tuesday', time: '19:00', timezone: 'UTC' })).toBe('back-tuesday.ics');
  expect(name({ days: 'mon,wed,fri', time: '19:00', timezone: 'UTC' })).toBe('back-mon-wed-fri.ics');
  expect(name({ time: '19:00', timezone: 'UTC' })).toBe('back-daily.ics');
  expect(name({ cron: '0 19 * * 5L', timezone: 'UTC' })).toBe('back-ab12.ics');
});

test('every time zone yin offers has a VTIMEZONE (UTC as Etc/UTC), so no schedule is refused a calendar for its zone', () => {
  const refused = allTimeZones().filter((zone) => {
    try {
      return !vtimezone(zone).block.includes(`TZID:${vtimezone(zone).tzid}`);
    } catch {
      return true;
    }
  });
  expect(refused).toEqual([]);
  expect(vtimezone('UTC').tzid).toBe('Etc/UTC');
  expect(() => vtimezone('Nowhere/City')).toThrow(expect.objectContaining({ key: 'calendar.zoneUnknown' }));
});
