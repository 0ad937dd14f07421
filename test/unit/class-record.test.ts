// One record of a class a server ran (the class log's): what a class's end writes, what
// `/yin replay` reads back from it, and records kept before the plan was part of it.
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/domain/clock.ts';
import { silentLogger } from '../../src/log.ts';
import { recordClassEnd } from '../../src/members/class-end.ts';
import { createRepos } from '../../src/repos.ts';
import { memoOf, ReplaysRepo, replayChoice } from '../../src/sessions/replays.ts';
import { openStore } from '../../src/store/open-store.ts';
import { backSession } from '../helpers/session.ts';

const G = '1110000000000000000';

async function withRepos(fn: (r: ReturnType<typeof createRepos>, replays: ReplaysRepo) => Promise<void>) {
  const store = openStore('sqlite::memory:');
  try {
    const repos = createRepos(store, new ManualClock(0), silentLogger);
    await fn(repos, new ReplaysRepo(store, repos.classLog));
  } finally {
    await store.close();
  }
}

describe('the one record of a class', () => {
  it('GIVEN a class nobody joined ends after one a member practised in THEN it is recorded with none practised and is the server’s last class; the member’s last stays theirs', () =>
    withRepos(async (repos, replays) => {
      const joined = backSession(1_000, { id: 'cls1', guildId: G, lengthMinutes: 30, language: 'fr' });
      await repos.attendance.join(
        'u1',
        { id: 'cls1', guildId: G, channelId: joined.channelId, sequenceId: 'back', startedAt: 1_000 },
        1_000,
      );
      await recordClassEnd(repos, joined, 1_000 + 30 * 60_000, silentLogger);
      const empty = backSession(5_000_000, { id: 'cls2', guildId: G, holdMinutes: 5, language: 'de' });
      await recordClassEnd(repos, empty, 5_000_000 + 60 * 60_000, silentLogger);

      expect(await repos.classLog.get(G, 'cls1')).toMatchObject({ practised: 1, lengthMinutes: 30, language: 'fr' });
      expect(await repos.classLog.get(G, 'cls2')).toMatchObject({ practised: 0, minutes: 0, holdMinutes: 5 });
      expect((await repos.classLog.latest(G))?.sessionId).toBe('cls2');
      expect(await replays.lastClass(G)).toEqual(memoOf(empty));
      expect(await replayChoice(repos.attendance, replays, G, 'u1')).toMatchObject({ length: 30, language: 'fr' });
      expect(await replayChoice(repos.attendance, replays, G, 'u2')).toMatchObject({ hold: 5, language: 'de' });
    }));

  it('GIVEN a private replay ends THEN nothing is recorded', () =>
    withRepos(async (repos, replays) => {
      const replay = backSession(1_000, { id: 'rep1', guildId: G, private: { ownerId: 'u1', where: 'thread' } });
      expect(await recordClassEnd(repos, replay, 60_000, silentLogger)).toBeUndefined();
      expect(await repos.classLog.latest(G)).toBeUndefined();
      expect(await replays.lastClass(G)).toBeUndefined();
    }));

  it('GIVEN a class recorded before the record kept its plan THEN it still reads, and /yin replay runs its sequence as written', () =>
    withRepos(async (repos, replays) => {
      const before = { sessionId: 'old1', guildId: G, channelId: '2', sequenceId: 'hips', startedAt: 1, endedAt: 2 };
      await repos.classLog.record({ ...before, practised: 0, minutes: 0 }, []);
      expect(await repos.classLog.classes(G, 0, 10)).toHaveLength(1);
      expect(await replayChoice(repos.attendance, replays, G, 'u1')).toEqual({ sequenceId: 'hips' });
    }));

  it('GIVEN a member erases all THEN their running replay is forgotten, another member’s stays', () =>
    withRepos(async (_repos, replays) => {
      for (const userId of ['100', '200'])
        await replays.claim({ v: 1, userId, sessionId: `r${userId}`, channelId: '5', where: 'dm', name: 'Back' });
      expect(await replays.forget('100')).toBe(true);
      expect(await replays.running('100')).toBeUndefined();
      expect((await replays.running('200'))?.sessionId).toBe('r200');
    }));
});
