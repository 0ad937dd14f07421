import { pino } from 'pino';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { systemClock } from '../../src/domain/clock.ts';
import type { RuleInput } from '../../src/schedule/rule.ts';
import { Scheduler } from '../../src/schedule/scheduler.ts';
import { type LogLine, schedulerWorld } from '../helpers/scheduler-world.ts';

/*
 * vi.useFakeTimers() drives node-cron: it schedules with the global setTimeout and reads
 * `new Date()`, both of which vitest fakes; systemClock reads the faked Date.now() too.
 */

const MIN = 60_000;
const DAY = 24 * 60 * MIN;
const TUE_19_BERLIN: RuleInput = { day: 'tue', time: '19:00', timezone: 'Europe/Berlin' };

const startedVia = (logs: LogLine[]) => logs.filter((l) => l.msg === 'starting scheduled practice').map((l) => l.via);

let running: Scheduler[] = [];
afterEach(() => {
  for (const s of running) s.stop();
  running = [];
  vi.useRealTimers();
});

function world(startIso: string) {
  vi.useFakeTimers({ now: Date.parse(startIso) });
  return schedulerWorld({ clock: systemClock, running });
}

describe('Scheduler: regular firing', () => {
  test('19:00 Berlin on both sides of spring-forward (2027-03-28)', async () => {
    const w = world('2027-03-22T12:00:00Z');
    const s = await w.add(TUE_19_BERLIN);
    await w.boot().armAll();
    await vi.advanceTimersByTimeAsync(9 * DAY);
    expect(w.starts).toEqual(w.onTime('2027-03-23T18:00:00.000Z', '2027-03-30T17:00:00.000Z'));
    expect((await w.repo.get('g1', s.id))?.lastRunAt).toBe(Date.parse('2027-03-30T17:00:00Z'));
  });

  test('19:00 Berlin on both sides of fall-back (2026-10-25)', async () => {
    const w = world('2026-10-19T12:00:00Z');
    await w.add(TUE_19_BERLIN);
    await w.boot().armAll();
    await vi.advanceTimersByTimeAsync(9 * DAY);
    expect(w.starts).toEqual(w.onTime('2026-10-20T17:00:00.000Z', '2026-10-27T18:00:00.000Z'));
  });

  test('spring-forward gap: 02:30 runs at 03:00 CEST, though node-cron skips it that day', async () => {
    const w = world('2027-03-26T12:00:00Z');
    await w.add({ time: '02:30', timezone: 'Europe/Berlin' });
    await w.boot().armAll();
    await vi.advanceTimersByTimeAsync(3 * DAY);
    expect(w.starts).toEqual(
      w.onTime('2027-03-27T01:30:00.000Z', '2027-03-28T01:00:00.000Z', '2027-03-29T00:30:00.000Z'),
    );
    expect(startedVia(w.logs)).toEqual(['cron', 'dst-guard', 'cron']);
  });

  test('fall-back overlap: 02:30 runs once, at the first 02:30, though node-cron fires the second', async () => {
    const w = world('2026-10-24T12:00:00Z');
    await w.add({ time: '02:30', timezone: 'Europe/Berlin' });
    await w.boot().armAll();
    await vi.advanceTimersByTimeAsync(3 * DAY);
    expect(w.starts).toEqual(
      w.onTime('2026-10-25T00:30:00.000Z', '2026-10-26T01:30:00.000Z', '2026-10-27T01:30:00.000Z'),
    );
    expect(startedVia(w.logs)).toEqual(['dst-guard', 'cron', 'cron']);
    // node-cron did fire at the second 02:30 (01:30Z); the claim turned it away.
    expect(w.logs).toContainEqual(
      expect.objectContaining({
        via: 'cron',
        occurrence: '2026-10-25T00:30:00.000Z',
        msg: 'already started; not starting twice',
      }),
    );
  });

  test('reminder `remindMinutes` before each start, then the start', async () => {
    const w = world('2026-11-03T17:00:00Z');
    await w.add(TUE_19_BERLIN, { remindMinutes: 15 });
    await w.boot().armAll();
    await vi.advanceTimersByTimeAsync(7 * DAY + 2 * 60 * MIN);
    expect(w.reminders).toEqual([
      { occurrence: '2026-11-03T18:00:00.000Z', at: '2026-11-03T17:45:00.000Z' },
      { occurrence: '2026-11-10T18:00:00.000Z', at: '2026-11-10T17:45:00.000Z' },
    ]);
    expect(w.starts).toEqual(w.onTime('2026-11-03T18:00:00.000Z', '2026-11-10T18:00:00.000Z'));
  });

  test('paused schedules are not armed and have no next run', async () => {
    const w = world('2026-11-03T17:00:00Z');
    const s = await w.add(TUE_19_BERLIN, { paused: true, remindMinutes: 10 });
    const scheduler = w.boot();
    await scheduler.armAll();
    await vi.advanceTimersByTimeAsync(8 * DAY);
    expect(w.starts).toEqual([]);
    expect(w.reminders).toEqual([]);
    expect(scheduler.nextRun(s)).toBeUndefined();
    expect(scheduler.nextRun({ ...s, paused: false })).toBe(Date.parse('2026-11-17T18:00:00Z'));
  });

  test('disarm stops it; a schedule removed from the store does not start', async () => {
    const w = world('2026-11-03T17:00:00Z');
    const a = await w.add(TUE_19_BERLIN);
    const b = await w.add({ ...TUE_19_BERLIN, time: '19:30' });
    const scheduler = w.boot();
    await scheduler.armAll();
    scheduler.disarm(a.id);
    await w.repo.remove('g1', b.id);
    await vi.advanceTimersByTimeAsync(DAY);
    expect(w.starts).toEqual([]);
  });
});

describe('Scheduler: restarts and downtime', () => {
  test('a restart at the trigger minute does not start twice', async () => {
    const w = world('2026-11-03T17:59:00Z');
    await w.add(TUE_19_BERLIN);
    const first = w.boot();
    await first.armAll();
    await vi.advanceTimersByTimeAsync(1 * MIN + 20_000); // 18:00:20Z: started
    first.stop();
    await w.boot().armAll(); // the new process comes up inside the same minute
    await vi.advanceTimersByTimeAsync(10 * MIN);
    expect(w.starts).toEqual(w.onTime('2026-11-03T18:00:00.000Z'));
  });

  test('…even if the old process died between claiming the start and recording it', async () => {
    const w = world('2026-11-03T18:00:20Z');
    const s = await w.add(TUE_19_BERLIN);
    expect(await w.repo.claimRun(s.id, Date.parse('2026-11-03T18:00:00Z'))).toBe(true); // lastRunAt never written
    await w.boot().armAll();
    await vi.advanceTimersByTimeAsync(10 * MIN);
    expect(w.starts).toEqual([]);
  });

  test('a restart after the reminder time but 20 minutes before the start reminds at once, once', async () => {
    const w = world('2026-11-03T17:40:00Z'); // the bot was down at 18:00 Berlin, the reminder time
    await w.add(TUE_19_BERLIN, { remindMinutes: 60 });
    const first = w.boot();
    await first.armAll();
    await vi.advanceTimersByTimeAsync(MIN);
    first.stop();
    await w.boot().armAll(); // and again: the claim holds
    await vi.advanceTimersByTimeAsync(7 * DAY);
    expect(w.reminders).toEqual([
      { occurrence: '2026-11-03T18:00:00.000Z', at: '2026-11-03T17:40:00.000Z' },
      { occurrence: '2026-11-10T18:00:00.000Z', at: '2026-11-10T17:00:00.000Z' },
    ]);
  });

  test('a restart at the reminder minute does not remind twice', async () => {
    const w = world('2026-11-03T17:44:50Z');
    await w.add(TUE_19_BERLIN, { remindMinutes: 15 });
    const first = w.boot();
    await first.armAll();
    await vi.advanceTimersByTimeAsync(20_000); // 17:45:10Z: reminded
    first.stop();
    await w.boot().armAll();
    await vi.advanceTimersByTimeAsync(30 * MIN);
    expect(w.reminders).toEqual([{ occurrence: '2026-11-03T18:00:00.000Z', at: '2026-11-03T17:45:00.000Z' }]);
    expect(w.starts).toEqual(w.onTime('2026-11-03T18:00:00.000Z'));
  });

  test('with less than 5 minutes to the start, a missed reminder is not made up', async () => {
    const w = world('2026-11-03T17:57:00Z');
    await w.add(TUE_19_BERLIN, { remindMinutes: 15 });
    await w.boot().armAll();
    await vi.advanceTimersByTimeAsync(10 * MIN);
    expect(w.reminders).toEqual([]);
    expect(w.starts).toEqual(w.onTime('2026-11-03T18:00:00.000Z'));
  });

  test('a start missed by 5 minutes runs late, and says how late', async () => {
    const w = world('2026-11-03T18:05:00Z'); // the bot was down at 19:00 Berlin
    await w.add(TUE_19_BERLIN, { lastRunAt: Date.parse('2026-10-27T18:00:00Z') });
    await w.boot().armAll();
    expect(w.starts).toEqual([
      { occurrence: '2026-11-03T18:00:00.000Z', at: '2026-11-03T18:05:00.000Z', lateMs: 5 * MIN },
    ]);
    await vi.advanceTimersByTimeAsync(7 * DAY);
    expect(w.starts.at(-1)).toEqual(w.onTime('2026-11-10T18:00:00.000Z')[0]);
  });

  test('a start missed by 30 minutes is skipped and logged', async () => {
    const w = world('2026-11-03T18:30:00Z');
    const s = await w.add(TUE_19_BERLIN, { lastRunAt: Date.parse('2026-10-27T18:00:00Z') });
    await w.boot().armAll();
    expect(w.starts).toEqual([]);
    expect(w.logs).toContainEqual(
      expect.objectContaining({ level: 40, scheduleId: s.id, skipped: 1, lastSkipped: '2026-11-03T18:00:00.000Z' }),
    );
    await vi.advanceTimersByTimeAsync(7 * DAY);
    expect(w.starts).toEqual(w.onTime('2026-11-10T18:00:00.000Z'));
  });

  test('a timer delayed 3 minutes by a busy event loop still starts, late (node-cron tolerance)', async () => {
    const w = world('2026-11-03T17:59:00Z');
    await w.add(TUE_19_BERLIN);
    await w.boot().armAll();
    await vi.advanceTimersByTimeAsync(59_000); // 17:59:59Z, node-cron's timer 1 s from firing
    vi.setSystemTime(Date.parse('2026-11-03T18:03:00Z')); // the loop was blocked: time jumps, timers wait
    await vi.advanceTimersByTimeAsync(2_000);
    expect(w.starts).toEqual([
      { occurrence: '2026-11-03T18:00:00.000Z', at: '2026-11-03T18:03:01.000Z', lateMs: 3 * MIN + 1_000 },
    ]);
  });

  test('a start within the trigger minute counts as on time (lateMs 0)', async () => {
    const w = world('2026-11-03T18:00:30Z');
    await w.add(TUE_19_BERLIN);
    await w.boot().armAll();
    expect(w.starts).toEqual([{ occurrence: '2026-11-03T18:00:00.000Z', at: '2026-11-03T18:00:30.000Z', lateMs: 0 }]);
  });

  test('a failing onStart is logged and does not stop later starts', async () => {
    const w = world('2026-11-03T17:00:00Z');
    await w.add(TUE_19_BERLIN);
    let calls = 0;
    const scheduler = new Scheduler({
      repo: w.repo,
      clock: systemClock,
      log: pino({ level: 'silent' }),
      onReminder: async () => {},
      onStart: async () => {
        calls++;
        if (calls === 1) throw new Error('Discord is down');
      },
    });
    running.push(scheduler);
    await scheduler.armAll();
    await vi.advanceTimersByTimeAsync(8 * DAY);
    expect(calls).toBe(2);
  });
});
