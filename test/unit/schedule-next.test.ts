import { describe, expect, test } from 'vitest';
import { latestOccurrence, nextOccurrences, occurrencesBetween } from '../../src/schedule/next.ts';
import { parseRule, type RuleInput } from '../../src/schedule/rule.ts';

const iso = (ms: number[]) => ms.map((t) => new Date(t).toISOString());
const at = (s: string) => Date.parse(s);
const B = 'Europe/Berlin';

describe('nextOccurrences: GIVEN a rule and an instant THEN the following starts', () => {
  const cases: Array<[string, RuleInput, string, number, string[]]> = [
    [
      // Berlin leaves CET (+1) for CEST (+2) on Sunday 2027-03-28: 19:00 stays 19:00 local.
      'Tuesdays 19:00 Berlin across spring-forward 2027-03-28',
      { day: 'tue', time: '19:00', timezone: B },
      '2027-03-20T00:00:00Z',
      3,
      ['2027-03-23T18:00:00.000Z', '2027-03-30T17:00:00.000Z', '2027-04-06T17:00:00.000Z'],
    ],
    [
      'Tuesdays 19:00 Berlin across fall-back 2026-10-25',
      { day: 'tue', time: '19:00', timezone: B },
      '2026-10-18T00:00:00Z',
      3,
      ['2026-10-20T17:00:00.000Z', '2026-10-27T18:00:00.000Z', '2026-11-03T18:00:00.000Z'],
    ],
    [
      // 02:00–02:59 does not exist on 2027-03-28 in Berlin: 02:30 runs at 03:00 CEST (01:00Z).
      'daily 02:30 Berlin: the gap runs at the next valid minute',
      { time: '02:30', timezone: B },
      '2027-03-26T12:00:00Z',
      3,
      ['2027-03-27T01:30:00.000Z', '2027-03-28T01:00:00.000Z', '2027-03-29T00:30:00.000Z'],
    ],
    [
      // 02:00–02:59 happens twice on 2026-10-25: 02:30 runs once, at the first (CEST, 00:30Z).
      'daily 02:30 Berlin: the repeated hour runs once, the first',
      { time: '02:30', timezone: B },
      '2026-10-24T12:00:00Z',
      3,
      ['2026-10-25T00:30:00.000Z', '2026-10-26T01:30:00.000Z', '2026-10-27T01:30:00.000Z'],
    ],
    [
      'hourly across the gap: 02:00 becomes 03:00, which is not run twice',
      { cron: '0 * * * *', timezone: B },
      '2027-03-27T23:30:00Z',
      4,
      ['2027-03-28T00:00:00.000Z', '2027-03-28T01:00:00.000Z', '2027-03-28T02:00:00.000Z', '2027-03-28T03:00:00.000Z'],
    ],
    [
      'hourly across the overlap: the repeated 02:00 runs once',
      { cron: '0 * * * *', timezone: B },
      '2026-10-24T22:30:00Z',
      4,
      ['2026-10-24T23:00:00.000Z', '2026-10-25T00:00:00.000Z', '2026-10-25T02:00:00.000Z', '2026-10-25T03:00:00.000Z'],
    ],
    [
      // New York springs forward on 2027-03-14 (EST −5 → EDT −4).
      'Mon/Wed/Fri 07:30 New York across 2027-03-14',
      { days: 'mon,wed,fri', time: '07:30', timezone: 'America/New_York' },
      '2027-03-10T00:00:00Z',
      4,
      ['2027-03-10T12:30:00.000Z', '2027-03-12T12:30:00.000Z', '2027-03-15T11:30:00.000Z', '2027-03-17T11:30:00.000Z'],
    ],
    [
      'daily 02:30 New York: gap on 2027-03-14 runs at 03:00 EDT',
      { time: '02:30', timezone: 'America/New_York' },
      '2027-03-13T12:00:00Z',
      2,
      ['2027-03-14T07:00:00.000Z', '2027-03-15T06:30:00.000Z'],
    ],
    [
      'daily 01:30 New York: overlap on 2026-11-01 runs once, at 01:30 EDT',
      { time: '01:30', timezone: 'America/New_York' },
      '2026-10-31T12:00:00Z',
      2,
      ['2026-11-01T05:30:00.000Z', '2026-11-02T06:30:00.000Z'],
    ],
    [
      'strictly after: a start at the very instant is not "next"',
      { day: 'tue', time: '19:00', timezone: B },
      '2026-10-20T17:00:00Z',
      1,
      ['2026-10-27T18:00:00.000Z'],
    ],
    [
      'strictly after, from inside the second pass of a repeated hour: the first pass already counted',
      { time: '02:30', timezone: B },
      '2026-10-25T01:10:00Z',
      1,
      ['2026-10-26T01:30:00.000Z'],
    ],
    [
      'cron extensions as node-cron reads them: last Friday of the month',
      { cron: '0 18 * * 5L', timezone: B },
      '2026-11-01T00:00:00Z',
      2,
      ['2026-11-27T17:00:00.000Z', '2026-12-25T17:00:00.000Z'],
    ],
    [
      'first Saturday via day-of-month 1-7 AND weekday 6 (node-cron ANDs the two)',
      { cron: '0 10 1-7 * 6', timezone: B },
      '2026-11-01T00:00:00Z',
      2,
      ['2026-11-07T09:00:00.000Z', '2026-12-05T09:00:00.000Z'],
    ],
    [
      // Southern hemisphere: Sydney leaves AEST (+10) for AEDT (+11) on Sunday 2026-10-04.
      'Tuesdays 19:00 Sydney across spring-forward 2026-10-04',
      { day: 'tue', time: '19:00', timezone: 'Australia/Sydney' },
      '2026-09-27T00:00:00Z',
      3,
      ['2026-09-29T09:00:00.000Z', '2026-10-06T08:00:00.000Z', '2026-10-13T08:00:00.000Z'],
    ],
    [
      'Tuesdays 19:00 Sydney across fall-back 2027-04-04',
      { day: 'tue', time: '19:00', timezone: 'Australia/Sydney' },
      '2027-03-28T00:00:00Z',
      2,
      ['2027-03-30T08:00:00.000Z', '2027-04-06T09:00:00.000Z'],
    ],
    [
      'daily 02:30 Sydney: the gap on 2026-10-04 runs at 03:00 AEDT',
      { time: '02:30', timezone: 'Australia/Sydney' },
      '2026-10-02T12:00:00Z',
      3,
      ['2026-10-02T16:30:00.000Z', '2026-10-03T16:00:00.000Z', '2026-10-04T15:30:00.000Z'],
    ],
    [
      'daily 02:30 Sydney: the repeated hour on 2027-04-04 runs once, the first (AEDT)',
      { time: '02:30', timezone: 'Australia/Sydney' },
      '2027-04-02T12:00:00Z',
      3,
      ['2027-04-02T15:30:00.000Z', '2027-04-03T15:30:00.000Z', '2027-04-04T16:30:00.000Z'],
    ],
    [
      'a half-hour zone (Asia/Kolkata, +05:30)',
      { day: 'sun', time: '06:00', timezone: 'Asia/Kolkata' },
      '2026-11-01T00:00:00Z',
      1,
      ['2026-11-01T00:30:00.000Z'],
    ],
  ];
  test.each(cases)('%s', (_name, input, from, count, expected) => {
    expect(iso(nextOccurrences(parseRule(input), at(from), count))).toEqual(expected);
  });

  test('count 0 gives nothing; a never-matching rule gives fewer instead of looping', () => {
    const rule = parseRule({ day: 'tue', time: '19:00', timezone: B });
    expect(nextOccurrences(rule, 0, 0)).toEqual([]);
    // 29 February on a Monday: next in 2044, beyond the 8-year search — so fewer come back.
    expect(nextOccurrences({ cron: '0 0 29 2 1', timezone: B }, at('2026-01-01T00:00:00Z'), 3).length).toBeLessThan(3);
  });

  test('fast: a weekly rule takes well under 1 ms per call', () => {
    const rule = parseRule({ day: 'tue', time: '19:00', timezone: B });
    nextOccurrences(rule, 0, 1); // warm the formatter cache
    const n = 2000;
    const start = performance.now();
    for (let i = 0; i < n; i++) nextOccurrences(rule, at('2026-01-01T00:00:00Z') + i * 3_600_000 * 5, 1);
    expect((performance.now() - start) / n).toBeLessThan(0.2);
  });
});

describe('occurrencesBetween / latestOccurrence', () => {
  const daily = parseRule({ time: '19:00', timezone: B });
  test('half-open window (after, until]', () => {
    expect(iso(occurrencesBetween(daily, at('2026-11-01T18:00:00Z'), at('2026-11-03T18:00:00Z')))).toEqual([
      '2026-11-02T18:00:00.000Z',
      '2026-11-03T18:00:00.000Z',
    ]);
    expect(occurrencesBetween(daily, at('2026-11-01T00:00:00Z'), at('2026-12-01T00:00:00Z'), 5)).toHaveLength(5);
  });
  test('the latest start at or before an instant, within a look-back', () => {
    expect(latestOccurrence(daily, at('2026-11-03T18:05:00Z'), 10 * 60_000)).toBe(at('2026-11-03T18:00:00Z'));
    expect(latestOccurrence(daily, at('2026-11-03T18:00:00Z'), 10 * 60_000)).toBe(at('2026-11-03T18:00:00Z'));
    expect(latestOccurrence(daily, at('2026-11-03T18:30:00Z'), 10 * 60_000)).toBeUndefined();
  });
});
