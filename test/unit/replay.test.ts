// Private replays (issue 29): the class the closing's button carries, the class /yin replay
// picks, and what the end of a session leaves for them.
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { planToLength } from '../../src/domain/class-length.ts';
import { loadCatalog } from '../../src/domain/load-catalog.ts';
import { LENGTH_MINUTES } from '../../src/domain/session.ts';
import { replayId, splitCustomId } from '../../src/discord/custom-ids.ts';
import { silentLogger } from '../../src/log.ts';
import type { Attendance } from '../../src/members/attendance.ts';
import { type ClassMemo, memoOf, ReplaysRepo, replayChoice, replayHooks } from '../../src/sessions/replays.ts';
import { openStore } from '../../src/store/open-store.ts';
import { createRepos } from '../../src/repos.ts';
import { ManualClock } from '../../src/domain/clock.ts';
import type { SessionState } from '../../src/domain/session.ts';
import type { Timeline } from '../../src/domain/timeline.ts';
import { recordClassEnd } from '../../src/members/class-end.ts';
import { backSession } from '../helpers/session.ts';

const catalog = loadCatalog(join(import.meta.dirname, '..', '..', 'data'));
const G = '1110000000000000000';

describe('the closing’s button carries the class', () => {
  test.each([
    [{ sequenceId: 'back', hold: 3.5, length: 30, language: 'en' as const }, 'replay:back:3.5:30:en'],
    [
      { sequenceId: 'my_slow-hips', hold: 4, length: undefined, language: 'es-419' as const },
      'replay:my_slow-hips:4:-:es-419',
    ],
  ])('GIVEN %o THEN it builds %s and parses back to the same', (args, id) => {
    expect(replayId.build(args)).toBe(id);
    expect(replayId.parse(splitCustomId(id).parts)).toEqual(args);
  });

  test.each([
    'replay:back:3.25:30:en',
    'replay:Back:3:-:en',
    'replay:back:3:-:xx',
    'replay:back:3:thirty:en',
    'replay:back',
  ])('GIVEN %s THEN it is not a replay id', (id) => expect(replayId.parse(splitCustomId(id).parts)).toBeUndefined());

  test('GIVEN every sequence and every length it can be planned to THEN the hold the class ran at, pinned, gives the same plan (so the button needs no stored state)', () => {
    let checked = 0;
    for (const sequence of catalog.sequences.values()) {
      for (let minutes = LENGTH_MINUTES.min; minutes <= LENGTH_MINUTES.max; minutes++) {
        const free = planToLength(sequence, minutes);
        if (!free.ok) continue;
        const pinned = planToLength(sequence, minutes, free.fit.holdMinutes);
        expect(pinned, `${sequence.id} at ${minutes} min`).toEqual(free);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(100);
  });
});

const attended = (sessionId: string, guildId: string, startedAt: number, sequenceId = 'back'): Attendance => ({
  v: 1,
  userId: 'u1',
  sessionId,
  guildId,
  channelId: '1',
  sequenceId,
  sessionStartedAt: startedAt,
  joinedAt: startedAt,
});
const memo = (sessionId: string, over: Partial<ClassMemo> = {}): ClassMemo => ({
  v: 1,
  sessionId,
  guildId: G,
  sequenceId: 'back',
  holdMinutes: 3,
  language: 'de',
  startedAt: 1,
  ...over,
});

describe('/yin replay with no sequence', () => {
  const repo = (memos: ClassMemo[], last?: ClassMemo) => ({
    classOf: async (_g: string, id: string) => memos.find((m) => m.sessionId === id),
    lastClass: async () => last,
  });

  test('GIVEN the member practised here twice THEN the later class, as it ran', async () => {
    const of = async () => [attended('a', G, 100), attended('b', G, 200, 'hips'), attended('c', '999', 300)];
    const b = memo('b', { sequenceId: 'hips', holdMinutes: 4.5, lengthMinutes: 45 });
    expect(await replayChoice({ of }, repo([memo('a'), b], memo('z')), G, 'u1')).toEqual({
      sequenceId: 'hips',
      hold: 4.5,
      length: 45,
      language: 'de',
    });
  });

  test('GIVEN the class the member practised is no longer remembered THEN its sequence as written', async () => {
    const of = async () => [attended('a', G, 100, 'hips')];
    expect(await replayChoice({ of }, repo([], memo('z')), G, 'u1')).toEqual({ sequenceId: 'hips' });
  });

  test('GIVEN the member practised nothing here THEN the server’s last class; nothing at all: none', async () => {
    const of = async () => [attended('c', '999', 300)];
    expect(await replayChoice({ of }, repo([], memo('z', { lengthMinutes: 20 })), G, 'u1')).toMatchObject({
      sequenceId: 'back',
      length: 20,
    });
    expect(await replayChoice({ of }, repo([]), G, 'u1')).toBeUndefined();
  });
});

describe('what the end of a session leaves', () => {
  test('GIVEN a class ends THEN it is remembered; GIVEN a replay ends THEN only its owner’s running replay is let go', async () => {
    const store = openStore('sqlite::memory:');
    try {
      // The ends of a session that touch a class: the class log's one writer, then the replay's.
      const repos = createRepos(store, new ManualClock(0), silentLogger);
      const repo = new ReplaysRepo(store, repos.classLog);
      const replayEnd = replayHooks(repo, silentLogger);
      const hooks = {
        async ended(s: SessionState, tl: Timeline) {
          await recordClassEnd(repos, s, s.startedAt + 60_000, silentLogger);
          await replayEnd.ended?.(s, tl);
        },
      };
      const cls = backSession(1_000, { id: 'cls1', guildId: G, lengthMinutes: 30, language: 'fr' });
      await hooks.ended?.(cls, undefined as never);
      expect(await repo.lastClass(G)).toEqual(memoOf(cls));
      expect(await repo.classOf(G, 'cls1')).toMatchObject({ lengthMinutes: 30, language: 'fr' });

      const replay = backSession(2_000, { id: 'rep1', guildId: G, private: { ownerId: 'u1', where: 'thread' } });
      await repo.claim({ v: 1, userId: 'u1', sessionId: 'rep2', channelId: '5', where: 'dm', name: 'Back' });
      await hooks.ended?.(replay, undefined as never);
      expect((await repo.running('u1'))?.sessionId).toBe('rep2'); // a newer one stays
      await repo.claim({ v: 1, userId: 'u1', sessionId: 'rep1', channelId: '5', where: 'thread', name: 'Back' });
      await hooks.ended?.(replay, undefined as never);
      expect(await repo.running('u1')).toBeUndefined();
      expect(await repo.classOf(G, 'rep1')).toBeUndefined(); // a replay is nobody's "last class"
      expect((await repo.lastClass(G))?.sessionId).toBe('cls1');
    } finally {
      await store.close();
    }
  });
});
