import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/domain/clock.ts';
import { practisedMinutes, sessionToTag, type Attendance } from '../../src/members/attendance.ts';
import { AttendanceRepo } from '../../src/members/attendance-repo.ts';
import { NotesRepo } from '../../src/members/notes-repo.ts';
import { openStore } from '../../src/store/open-store.ts';

const MIN = 60_000;
const session = { id: 's1', guildId: '1', channelId: '2', sequenceId: 'back', startedAt: 1_000_000 };

describe('practisedMinutes', () => {
  it.each([
    ['joined before the start', 0, 1_000_000 + 28 * MIN, 1, 28],
    ['joined 10 minutes late', 1_000_000 + 10 * MIN, 1_000_000 + 28 * MIN, 1, 18],
    ['a 600× test session of 2.8 s', 1_000_000, 1_000_000 + 2800, 600, 28],
    ['joined after the end', 1_000_000 + 30 * MIN, 1_000_000 + 28 * MIN, 1, 0],
  ])('GIVEN %s THEN minutes count only while joined', (_n, joinedAt, endedAt, speed, minutes) => {
    expect(practisedMinutes({ sessionStartedAt: 1_000_000, joinedAt, endedAt, speed })).toBe(minutes);
  });

  const T = 1_000_000;
  const pauses: [number, number][] = [
    [T + 5 * MIN, T + 15 * MIN],
    [T + 20 * MIN, T + 22 * MIN],
  ];
  it.each([
    ['there from the start', 0, 38 - 12],
    ['joined during the first pause', T + 10 * MIN, 28 - 5 - 2],
    ['joined after both pauses', T + 25 * MIN, 13],
  ])(
    'GIVEN pauses of 10 and 2 minutes in a 38-minute session, %s THEN paused time is not counted',
    (_n, joinedAt, minutes) => {
      expect(practisedMinutes({ sessionStartedAt: T, joinedAt, endedAt: T + 38 * MIN, speed: 1, pauses })).toBe(
        minutes,
      );
    },
  );
});

describe('sessionToTag', () => {
  const rec = (sessionId: string, joinedAt: number, endedAt?: number): Attendance => ({
    v: 1,
    userId: 'u',
    sessionId,
    guildId: '1',
    channelId: '2',
    sequenceId: 'back',
    sessionStartedAt: joinedAt,
    joinedAt,
    ...(endedAt === undefined ? {} : { endedAt }),
  });
  it('GIVEN a live session and one that ended 2 hours ago THEN the live one', () => {
    expect(sessionToTag([rec('old', 0, 0), rec('live', 100 * MIN)], 120 * MIN + 1, () => true)?.sessionId).toBe('live');
  });
  it('GIVEN a session that ended 59 minutes ago THEN it; 61 minutes ago THEN none', () => {
    expect(sessionToTag([rec('a', 0, 10 * MIN)], 69 * MIN, () => false)?.sessionId).toBe('a');
    expect(sessionToTag([rec('a', 0, 10 * MIN)], 71 * MIN, () => false)).toBeUndefined();
  });
  it('GIVEN an unended record whose session is no longer running (a crash) THEN none', () => {
    expect(sessionToTag([rec('a', 0)], MIN, () => false)).toBeUndefined();
  });
});

describe('AttendanceRepo', () => {
  it('GIVEN two joins, a second press and an erase THEN the end stamps those left, once each', async () => {
    const store = openStore('sqlite::memory:');
    const repo = new AttendanceRepo(store);
    expect((await repo.join('a', session, 5)).already).toBe(false);
    expect((await repo.join('a', session, 9)).record.joinedAt).toBe(5);
    await repo.join('b', session, 7);
    await repo.join('c', session, 8);
    expect(await repo.eraseAll('c')).toBe(1);
    const done = await repo.finish('s1', 100);
    expect(done.map((r) => [r.userId, r.joinedAt, r.endedAt]).sort()).toEqual([
      ['a', 5, 100],
      ['b', 7, 100],
    ]);
    expect(await repo.finish('s1', 200)).toEqual([]);
    expect((await repo.of('a'))[0]?.endedAt).toBe(100);
    await store.close();
  });
});

describe('versioned records', () => {
  it('GIVEN a damaged note and a legacy note without a version THEN the damaged one is logged and skipped, the legacy one read', async () => {
    const store = openStore('sqlite::memory:');
    const logged: string[] = [];
    const notes = new NotesRepo(store, new ManualClock(), (info) =>
      logged.push(`${info.namespace} ${info.key}: ${info.issues}`),
    );
    const good = await notes.add('u1', { text: 'fine' });
    const raw = store.keyv<unknown>('notes:u1');
    await raw.set('00000000000000zz', { v: 1, id: '00000000000000zz', userId: 'u1', text: '', createdAt: 1 });
    await raw.set('00000000000000yy', {
      id: '00000000000000yy',
      userId: 'u1',
      text: 'from before versions',
      createdAt: 2,
    });
    await raw.set('00000000000000xx', {
      v: 2,
      id: '00000000000000xx',
      userId: 'u1',
      text: 'from the future',
      createdAt: 3,
    });
    const all = await notes.all('u1');
    expect(all.map((n) => n.text)).toEqual(['fine', 'from before versions']);
    expect(all[0]).toEqual(good);
    expect(logged).toHaveLength(2);
    expect(logged.join('\n')).toMatch(/notes:u1 00000000000000zz: text/);
    expect(await notes.get('u1', '00000000000000xx')).toBeUndefined();
    await store.close();
  });
});
