import { describe, expect, it } from 'vitest';
import { practiceStats, type PracticeStats } from '../../src/members/stats.ts';

/** An instant from a readable UTC date-time. */
const at = (iso: string) => Date.parse(iso.endsWith('Z') ? iso : `${iso}Z`);
const session = (iso: string, minutes = 30) => ({ startedAt: at(iso), minutes });
const note = (poseId: string | undefined, iso: string) => ({ poseId, createdAt: at(iso) });

type Case = {
  name: string;
  records: { startedAt: number; minutes: number }[];
  notes?: { poseId: string | undefined; createdAt: number }[];
  now: string;
  timeZone?: string;
  expect: Partial<PracticeStats>;
};

const cases: Case[] = [
  {
    name: 'GIVEN no practice THEN everything is zero and there is no last practice or favourite',
    records: [],
    now: '2026-11-25T18:00',
    expect: {
      sessions: 0,
      minutes: 0,
      currentWeeklyStreak: 0,
      longestWeeklyStreak: 0,
      lastPractice: undefined,
      favouritePoseId: undefined,
    },
  },
  {
    name: 'GIVEN sessions of 30, 45 and 20.5 minutes THEN minutes sum to 95.5 and the last is the latest start',
    records: [session('2026-11-09T18:00', 30), session('2026-11-25T18:00', 20.5), session('2026-11-16T18:00', 45)],
    now: '2026-11-25T20:00',
    expect: { sessions: 3, minutes: 95.5, lastPractice: at('2026-11-25T18:00') },
  },
  {
    name: 'GIVEN weeks 52 and 53 of 2026 and week 1 of 2027 THEN the streak runs across the year boundary',
    records: [session('2026-12-21T18:00'), session('2027-01-03T18:00'), session('2027-01-04T07:00')],
    now: '2027-01-06T12:00',
    expect: { currentWeeklyStreak: 3, longestWeeklyStreak: 3 },
  },
  {
    name: 'GIVEN two sessions in the same week THEN that week counts once',
    records: [session('2026-11-23T07:00'), session('2026-11-25T18:00')],
    now: '2026-11-25T20:00',
    expect: { sessions: 2, currentWeeklyStreak: 1, longestWeeklyStreak: 1 },
  },
  {
    name: 'GIVEN a week with no practice THEN the streak starts again after the gap',
    records: [session('2026-11-02T18:00'), session('2026-11-16T18:00'), session('2026-11-23T18:00')],
    now: '2026-11-25T20:00',
    expect: { currentWeeklyStreak: 2, longestWeeklyStreak: 2 },
  },
  {
    name: 'GIVEN a long streak that ended and a short one now THEN current and longest differ',
    records: ['2026-09-07', '2026-09-14', '2026-09-21', '2026-09-28', '2026-11-16', '2026-11-23'].map((d) =>
      session(`${d}T18:00`),
    ),
    now: '2026-11-25T20:00',
    expect: { currentWeeklyStreak: 2, longestWeeklyStreak: 4 },
  },
  {
    name: 'GIVEN practice up to last week and it is Monday morning THEN the current streak still counts',
    records: [session('2026-11-16T18:00'), session('2026-11-23T18:00')],
    now: '2026-11-30T06:00',
    expect: { currentWeeklyStreak: 2, longestWeeklyStreak: 2 },
  },
  {
    name: 'GIVEN no practice last week or this week THEN the current streak is 0 but the longest stays',
    records: [session('2026-11-09T18:00'), session('2026-11-16T18:00')],
    now: '2026-12-01T06:00',
    expect: { currentWeeklyStreak: 0, longestWeeklyStreak: 2 },
  },
  {
    name: 'GIVEN a Sunday-evening class in New York (Monday in UTC) THEN it counts for the New York week',
    // Sun 22 Nov 2026 21:00 in New York is Mon 23 Nov 02:00 UTC.
    records: [session('2026-11-16T18:00'), session('2026-11-23T02:00')],
    now: '2026-11-23T03:00',
    timeZone: 'America/New_York',
    expect: { currentWeeklyStreak: 1, longestWeeklyStreak: 1 },
  },
  {
    name: 'GIVEN the same sessions read in UTC THEN those are two consecutive weeks',
    records: [session('2026-11-16T18:00'), session('2026-11-23T02:00')],
    now: '2026-11-23T03:00',
    expect: { currentWeeklyStreak: 2, longestWeeklyStreak: 2 },
  },
  {
    name: "GIVEN more notes on one pose THEN it is the favourite, and notes without a pose don't count",
    records: [],
    notes: [
      note('dragon', '2026-11-01T10:00'),
      note('sphinx', '2026-11-20T10:00'),
      note('dragon', '2026-11-02T10:00'),
      note(undefined, '2026-11-21T10:00'),
      note(undefined, '2026-11-22T10:00'),
      note(undefined, '2026-11-23T10:00'),
    ],
    now: '2026-11-25T20:00',
    expect: { favouritePoseId: 'dragon' },
  },
  {
    name: 'GIVEN two poses tied on notes THEN the one noted most recently is the favourite',
    records: [],
    notes: [
      note('dragon', '2026-11-01T10:00'),
      note('sphinx', '2026-11-24T10:00'),
      note('dragon', '2026-11-20T10:00'),
      note('sphinx', '2026-11-02T10:00'),
    ],
    now: '2026-11-25T20:00',
    expect: { favouritePoseId: 'sphinx' },
  },
];

describe('practiceStats', () => {
  it.each(cases)('$name', (c) => {
    const stats = practiceStats(c.records, c.notes ?? [], at(c.now), c.timeZone);
    for (const [key, value] of Object.entries(c.expect)) {
      expect(stats[key as keyof PracticeStats], key).toBe(value);
    }
  });

  it('GIVEN an unknown time zone THEN it throws instead of guessing', () => {
    expect(() => practiceStats([], [], 0, 'Mars/Olympus')).toThrow(RangeError);
  });
});
