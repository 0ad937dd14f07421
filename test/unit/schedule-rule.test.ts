import { describe, expect, test } from 'vitest';
import { InputError } from '../../src/domain/input-error.ts';
import {
  describeRule,
  minGapMinutes,
  parseRule,
  timezoneChoices,
  type RuleInput,
  type ScheduleRule,
} from '../../src/schedule/rule.ts';

const B = 'Europe/Berlin';

describe('parseRule: GIVEN organiser input THEN a rule', () => {
  const cases: Array<[string, RuleInput, ScheduleRule]> = [
    [
      'one day and a time',
      { day: 'tuesday', time: '19:00', timezone: B },
      { cron: '0 19 * * 2', timezone: B, days: [2], time: '19:00' },
    ],
    [
      '3-letter, any case',
      { day: 'TUE', time: '19:00', timezone: B },
      { cron: '0 19 * * 2', timezone: B, days: [2], time: '19:00' },
    ],
    [
      'a list of days',
      { days: 'mon,wed,fri', time: '07:30', timezone: 'Europe/London' },
      { cron: '30 7 * * 1,3,5', timezone: 'Europe/London', days: [1, 3, 5], time: '07:30' },
    ],
    [
      'a list with spaces and "and"',
      { days: 'Monday, Wednesday and Friday', time: '7:30', timezone: B },
      { cron: '30 7 * * 1,3,5', timezone: B, days: [1, 3, 5], time: '07:30' },
    ],
    [
      'a range',
      { days: 'mon-fri', time: '06:45', timezone: B },
      { cron: '45 6 * * 1,2,3,4,5', timezone: B, days: [1, 2, 3, 4, 5], time: '06:45' },
    ],
    [
      'a range over the weekend',
      { days: 'fri-mon', time: '18:00', timezone: B },
      { cron: '0 18 * * 0,1,5,6', timezone: B, days: [0, 1, 5, 6], time: '18:00' },
    ],
    [
      'plurals and prefixes',
      { days: 'tuesdays thurs', time: '19:00', timezone: B },
      { cron: '0 19 * * 2,4', timezone: B, days: [2, 4], time: '19:00' },
    ],
    [
      'day and days together',
      { day: 'sun', days: 'sat', time: '09:00', timezone: B },
      { cron: '0 9 * * 0,6', timezone: B, days: [0, 6], time: '09:00' },
    ],
    ['no day: every day', { time: '21:00', timezone: B }, { cron: '0 21 * * *', timezone: B, time: '21:00' }],
    [
      'all seven days: every day',
      { days: 'mon-sun', time: '21:00', timezone: B },
      { cron: '0 21 * * *', timezone: B, time: '21:00' },
    ],
    [
      '"weekdays"',
      { days: 'weekdays', time: '12:15', timezone: B },
      { cron: '15 12 * * 1,2,3,4,5', timezone: B, days: [1, 2, 3, 4, 5], time: '12:15' },
    ],
    [
      '12-hour time',
      { day: 'wed', time: '7pm', timezone: B },
      { cron: '0 19 * * 3', timezone: B, days: [3], time: '19:00' },
    ],
    [
      '12 am is midnight',
      { day: 'wed', time: '12:05 am', timezone: B },
      { cron: '5 0 * * 3', timezone: B, days: [3], time: '00:05' },
    ],
    [
      'time zone in any case',
      { day: 'tue', time: '19:00', timezone: 'europe/berlin' },
      { cron: '0 19 * * 2', timezone: B, days: [2], time: '19:00' },
    ],
    [
      'time zone with a space',
      { day: 'tue', time: '19:00', timezone: 'America/New York' },
      { cron: '0 19 * * 2', timezone: 'America/New_York', days: [2], time: '19:00' },
    ],
    [
      'UTC',
      { day: 'tue', time: '19:00', timezone: 'utc' },
      { cron: '0 19 * * 2', timezone: 'UTC', days: [2], time: '19:00' },
    ],
    [
      'a simple cron reads as days and time',
      { cron: '0 19 * * tue', timezone: B },
      { cron: '0 19 * * tue', timezone: B, days: [2], time: '19:00' },
    ],
    [
      'cron spacing is tidied',
      { cron: '  0  19 * *   2 ', timezone: B },
      { cron: '0 19 * * 2', timezone: B, days: [2], time: '19:00' },
    ],
    ['an advanced cron stays cron', { cron: '0 10 1-7 * 6', timezone: B }, { cron: '0 10 1-7 * 6', timezone: B }],
    ['hourly is allowed', { cron: '0 * * * *', timezone: B }, { cron: '0 * * * *', timezone: B }],
  ];
  test.each(cases)('%s', (_name, input, expected) => {
    expect(parseRule(input)).toEqual(expected);
  });
});

describe('parseRule: GIVEN bad input THEN a clear sentence', () => {
  const cases: Array<[string, RuleInput, string | RegExp]> = [
    ['hour 25', { day: 'tue', time: '25:00', timezone: B }, '“25:00” is not a time — use HH:MM, like 19:00.'],
    ['minute 60', { day: 'tue', time: '19:60', timezone: B }, '“19:60” is not a time — use HH:MM, like 19:00.'],
    ['a bare number', { day: 'tue', time: '19', timezone: B }, '“19” is not a time — use HH:MM, like 19:00.'],
    ['13pm', { day: 'tue', time: '13pm', timezone: B }, '“13pm” is not a time — use HH:MM, like 19:00.'],
    [
      'misspelt zone',
      { day: 'tue', time: '19:00', timezone: 'Europe/Berlni' },
      '“Europe/Berlni” is not a time zone I know — pick one from the list, like Europe/Berlin.',
    ],
    ['an offset is not a zone', { day: 'tue', time: '19:00', timezone: '+01:00' }, /is not a time zone I know/],
    ['empty zone', { day: 'tue', time: '19:00', timezone: ' ' }, 'Pick a time zone, like Europe/Berlin.'],
    [
      'unknown day',
      { day: 'tuesdya', time: '19:00', timezone: B },
      '“tuesdya” is not a day — use names like mon, tuesday or mon-fri.',
    ],
    [
      'one letter is ambiguous',
      { days: 't', time: '19:00', timezone: B },
      '“t” is not a day — use names like mon, tuesday or mon-fri.',
    ],
    [
      'broken range',
      { days: 'mon-', time: '19:00', timezone: B },
      '“mon-” is not a day — use names like mon, tuesday or mon-fri.',
    ],
    ['day without time', { day: 'tue', timezone: B }, 'Add a time too, like time:19:00.'],
    ['nothing', { timezone: B }, 'Tell me when: a day and a time (like tuesday 19:00), or a cron rule.'],
    [
      'cron and time',
      { cron: '0 19 * * 2', time: '19:00', timezone: B },
      'Use either cron, or day/days with a time — not both.',
    ],
    [
      '4 cron fields',
      { cron: '0 19 * *', timezone: B },
      'A cron rule needs 5 fields (minute hour day month weekday); “0 19 * *” has 4.',
    ],
    [
      '6 cron fields (seconds)',
      { cron: '0 0 19 * * 2', timezone: B },
      'A cron rule needs 5 fields (minute hour day month weekday); “0 0 19 * * 2” has 6.',
    ],
    [
      'a nickname',
      { cron: '@daily', timezone: B },
      'A cron rule needs 5 fields (minute hour day month weekday); “@daily” has 1.',
    ],
    [
      'minute out of range',
      { cron: '61 19 * * 2', timezone: B },
      '“61 19 * * 2” is not a cron rule I can read: “61” is not a valid minute (0–59).',
    ],
    [
      'weekday out of range',
      { cron: '0 19 * * 8', timezone: B },
      '“0 19 * * 8” is not a cron rule I can read: “8” is not a valid weekday (0–7 or sun–sat).',
    ],
    [
      'impossible date',
      { cron: '0 19 31 2 *', timezone: B },
      "“0 19 31 2 *” would never run: that day doesn't exist in that month.",
    ],
    [
      'every 15 minutes',
      { cron: '*/15 19 * * 2', timezone: B },
      /more often than every 30 minutes, and a session needs longer than that/,
    ],
    ['every minute', { cron: '* * * * *', timezone: B }, /more often than every 30 minutes/],
    ['19:00 and 19:20', { cron: '0,20 19 * * 2', timezone: B }, /more often than every 30 minutes/],
    ['23:45 and 00:00 on the next day', { cron: '0,45 0,23 * * *', timezone: B }, /more often than every 30 minutes/],
  ];
  test.each(cases)('%s', (_name, input, message) => {
    let error: unknown;
    try {
      parseRule(input);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    if (typeof message === 'string') expect((error as Error).message).toBe(message);
    else expect((error as Error).message).toMatch(message);
  });
});

describe('describeRule: GIVEN a rule THEN words', () => {
  const cases: Array<[RuleInput, string]> = [
    [{ day: 'tuesday', time: '19:00', timezone: B }, 'Tuesdays at 19:00 Europe/Berlin'],
    [
      { days: 'mon,wed,fri', time: '07:30', timezone: 'Europe/London' },
      'Mondays, Wednesdays and Fridays at 07:30 Europe/London',
    ],
    [{ days: 'sat,sun', time: '09:00', timezone: B }, 'Saturdays and Sundays at 09:00 Europe/Berlin'],
    [{ days: 'sun,mon', time: '09:00', timezone: B }, 'Mondays and Sundays at 09:00 Europe/Berlin'],
    [{ days: 'mon-fri', time: '06:45', timezone: B }, 'Weekdays at 06:45 Europe/Berlin'],
    [{ time: '21:00', timezone: 'America/New_York' }, 'Every day at 21:00 America/New_York'],
    [{ cron: '30 6 * * 0', timezone: B }, 'Sundays at 06:30 Europe/Berlin'],
    [{ cron: '0 10 1-7 * 6', timezone: B }, 'At cron “0 10 1-7 * 6” (Europe/Berlin)'],
    [{ cron: '0 18,20 * * 2', timezone: B }, 'At cron “0 18,20 * * 2” (Europe/Berlin)'],
  ];
  test.each(cases)('%j → %s', (input, words) => {
    expect(describeRule(parseRule(input))).toBe(words);
  });
});

describe('timezoneChoices: GIVEN typed text THEN matching zones, best first', () => {
  test.each([
    ['Ber', 'Europe/Berlin'],
    ['ber', 'Europe/Berlin'],
    ['europe/ber', 'Europe/Berlin'],
    ['new york', 'America/New_York'],
    ['kolk', 'Asia/Kolkata'],
    ['utc', 'UTC'],
  ])('"%s" offers %s', (query, zone) => {
    expect(timezoneChoices(query)).toContain(zone);
  });

  test('names that start with the text come first, then cities, then mere contains', () => {
    const an = timezoneChoices('an', 100);
    expect(an[0]).toMatch(/^Antarctica\//); // the whole name starts with "an"
    const firstCity = an.indexOf('America/Anchorage'); // a later part starts with "an"
    const firstContains = an.indexOf('Africa/Luanda'); // "an" only inside a word
    const lastPrefix = an.findLastIndex((z) => z.startsWith('Antarctica/'));
    expect(firstCity).toBe(lastPrefix + 1); // cities are alphabetical, Anchorage leads them
    expect(firstContains).toBeGreaterThan(firstCity);
    expect(timezoneChoices('ondon')).toEqual(['Europe/London']);
  });

  test('current IANA names are offered over the legacy ones Intl lists', () => {
    expect(timezoneChoices('kyiv')).toEqual(['Europe/Kyiv']);
    expect(timezoneChoices('calcutta')).toEqual([]);
    expect(parseRule({ time: '19:00', timezone: 'Asia/Calcutta' }).timezone).toBe('Asia/Calcutta');
  });

  test('at most `limit` (Discord shows 25), any case, nothing for nonsense', () => {
    expect(timezoneChoices('a')).toHaveLength(25);
    expect(timezoneChoices('a', 5)).toHaveLength(5);
    expect(timezoneChoices('')).toHaveLength(25);
    expect(timezoneChoices('BERLIN')).toEqual(['Europe/Berlin']);
    expect(timezoneChoices('qqq')).toEqual([]);
  });
});

describe('the 30-minute rule: GIVEN a cron THEN starts at least 30 minutes apart are accepted', () => {
  test.each([
    ['every 30 minutes in one hour', '0,30 19 * * 2'],
    ['hourly', '0 * * * *'],
    ['two evenings starts an hour apart', '30 18,19 * * 1-5'],
  ])('%s', (_name, cron) => {
    expect(parseRule({ cron, timezone: 'Europe/Berlin' }).cron).toBe(cron);
  });

  test('minGapMinutes counts around midnight', () => {
    expect(minGapMinutes([19], [0])).toBe(24 * 60);
    expect(minGapMinutes([0, 23], [0, 30])).toBe(30);
    expect(minGapMinutes([0, 23], [0, 45])).toBe(15);
    expect(minGapMinutes([10, 12], [0])).toBe(120);
  });
});
