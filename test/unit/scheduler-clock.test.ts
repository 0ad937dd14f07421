// The scheduler's one path — woken, find the occurrence by yin's rules, start it once — on the
// test clock across the DST changes of 2026/27 in Berlin: spring forward on 2026-03-29 and
// 2027-03-28, fall back on 2026-10-25. The clock trigger wakes it at each occurrence, as
// node-cron (and its DST guard) do in production (scheduler.test.ts runs those on fake timers).
import { afterEach, describe, expect, test } from 'vitest';
import { ManualClock } from '../../src/domain/clock.ts';
import type { Scheduler } from '../../src/schedule/scheduler.ts';
import type { RuleInput } from '../../src/schedule/rule.ts';
import { schedulerWorld } from '../helpers/scheduler-world.ts';
import { clockTrigger } from '../../src/schedule/trigger.ts';

const MIN = 60_000;
const DAY = 24 * 60 * MIN;

let running: Scheduler[] = [];
afterEach(() => {
  for (const s of running) s.stop();
  running = [];
});

/** Lets what an alarm started (store reads and writes: promises) finish. */
async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
}

/** Jumps the clock from alarm to alarm up to `untilMs`, letting each alarm's work finish. */
async function advanceTo(clock: ManualClock, untilMs: number): Promise<void> {
  for (let next = clock.next(); next !== undefined && next <= untilMs; next = clock.next()) {
    clock.set(Math.max(next, clock.now()));
    await settle();
  }
  clock.set(untilMs);
  await settle();
}

function world(startIso: string) {
  const clock = new ManualClock(Date.parse(startIso));
  const w = schedulerWorld({ clock, trigger: clockTrigger(clock), running });
  const via = () => w.logs.filter((l) => l.msg === 'starting scheduled practice').map((l) => l.via);
  const run = (days: number) => advanceTo(clock, clock.now() + days * DAY);
  return { ...w, clock, via, run };
}

describe('the scheduler on the test clock, across the DST changes of 2026/27 (Europe/Berlin)', () => {
  test.each([
    // [first day, rule, the starts (UTC) before, on and after the change]
    [
      'spring forward 2026-03-29: Sundays 19:00',
      '2026-03-20T12:00:00Z',
      { day: 'sun', time: '19:00' },
      ['2026-03-22T18:00:00.000Z', '2026-03-29T17:00:00.000Z', '2026-04-05T17:00:00.000Z'],
      21,
    ],
    [
      'spring forward 2026-03-29: 02:30 daily, in the gap, starts at 03:00 CEST',
      '2026-03-27T12:00:00Z',
      { time: '02:30' },
      ['2026-03-28T01:30:00.000Z', '2026-03-29T01:00:00.000Z', '2026-03-30T00:30:00.000Z'],
      3,
    ],
    [
      'fall back 2026-10-25: Sundays 19:00',
      '2026-10-16T12:00:00Z',
      { day: 'sun', time: '19:00' },
      ['2026-10-18T17:00:00.000Z', '2026-10-25T18:00:00.000Z', '2026-11-01T18:00:00.000Z'],
      21,
    ],
    [
      'fall back 2026-10-25: 02:30 daily, twice on the clock that night, starts once, at the first',
      '2026-10-23T12:00:00Z',
      { time: '02:30' },
      ['2026-10-24T00:30:00.000Z', '2026-10-25T00:30:00.000Z', '2026-10-26T01:30:00.000Z'],
      3,
    ],
    [
      'spring forward 2027-03-28: 02:30 daily, in the gap, starts at 03:00 CEST',
      '2027-03-26T12:00:00Z',
      { time: '02:30' },
      ['2027-03-27T01:30:00.000Z', '2027-03-28T01:00:00.000Z', '2027-03-29T00:30:00.000Z'],
      3,
    ],
    [
      'spring forward 2027-03-28: Tuesdays 19:00',
      '2027-03-22T12:00:00Z',
      { day: 'tue', time: '19:00' },
      ['2027-03-23T18:00:00.000Z', '2027-03-30T17:00:00.000Z', '2027-04-06T17:00:00.000Z'],
      16,
    ],
  ] as const)('%s', async (_name, from, rule, expected, days) => {
    const w = world(from);
    const s = await w.add({ ...rule, timezone: 'Europe/Berlin' } as RuleInput);
    await w.boot().armAll();
    await w.run(days);
    // Each start once, exactly at its occurrence (test time), woken by the clock trigger.
    expect(w.starts).toEqual(w.onTime(...expected));
    expect(w.via()).toEqual(expected.map(() => 'clock'));
    expect((await w.repo.get('g1', s.id))?.lastRunAt).toBe(Date.parse(expected.at(-1)!));
  });

  test('GIVEN remind:15 across fall-back THEN each reminder 15 minutes before its start, in the new offset too', async () => {
    const w = world('2026-10-16T12:00:00Z');
    await w.add({ day: 'sun', time: '19:00', timezone: 'Europe/Berlin' }, { remindMinutes: 15 });
    await w.boot().armAll();
    await w.run(14);
    expect(w.reminders).toEqual([
      { occurrence: '2026-10-18T17:00:00.000Z', at: '2026-10-18T16:45:00.000Z' },
      { occurrence: '2026-10-25T18:00:00.000Z', at: '2026-10-25T17:45:00.000Z' },
    ]);
    expect(w.starts).toEqual(w.onTime('2026-10-18T17:00:00.000Z', '2026-10-25T18:00:00.000Z'));
  });

  test('GIVEN the bot down over the spring-forward start and back 5 minutes later THEN start-up starts it, late, on the same path; a restart then starts nothing twice', async () => {
    const w = world('2026-03-29T01:05:00Z'); // 03:05 CEST: the 02:30 start (03:00 CEST) was missed
    const s = await w.add(
      { time: '02:30', timezone: 'Europe/Berlin' },
      { lastRunAt: Date.parse('2026-03-28T01:30:00Z') },
    );
    await w.boot().armAll();
    expect(w.starts).toEqual([
      { occurrence: '2026-03-29T01:00:00.000Z', at: '2026-03-29T01:05:00.000Z', lateMs: 5 * MIN },
    ]);
    expect(w.via()).toEqual(['catch-up']);
    for (const sch of running) sch.stop();
    await w.boot().armAll(); // a second restart inside the grace period
    await w.run(1);
    expect(w.starts.map((x) => x.occurrence)).toEqual(['2026-03-29T01:00:00.000Z', '2026-03-30T00:30:00.000Z']);
    expect(w.via()).toEqual(['catch-up', 'clock']);
    expect((await w.repo.get('g1', s.id))?.lastRunAt).toBe(Date.parse('2026-03-30T00:30:00Z'));
  });

  test('GIVEN a paused schedule THEN nothing is armed on the clock', async () => {
    const w = world('2026-03-27T12:00:00Z');
    await w.add({ time: '02:30', timezone: 'Europe/Berlin' }, { paused: true, remindMinutes: 10 });
    await w.boot().armAll();
    expect(w.clock.pending).toBe(0);
    await w.run(3);
    expect(w.starts).toEqual([]);
    expect(w.reminders).toEqual([]);
  });
});
