import { join } from 'node:path';
import { describe, expect, test, vi } from 'vitest';
import { systemClock } from '../../src/domain/clock.ts';
import { loadCatalog } from '../../src/domain/load-catalog.ts';
import { sessionSound } from '../../src/domain/sound.ts';
import { silentLogger } from '../../src/log.ts';
import { SessionRunner } from '../../src/sessions/runner.ts';
import { readSession, SessionsRepo, type StoredSession } from '../../src/sessions/sessions-repo.ts';
import { openStore } from '../../src/store/open-store.ts';
import { backSession } from '../helpers/session.ts';

const T0 = Date.UTC(2026, 11, 7, 18, 0, 0);

/** A session as versions before one `sound` field saved it: what plays under `sound`, the rest flat beside it. */
function storedBefore(channelId: string, parts: Record<string, unknown>): StoredSession {
  const { sound: _none, ...session } = backSession(T0, { id: `s-${channelId}`, channelId });
  return { ...session, ...parts } as StoredSession;
}

describe('SessionsRepo: a session saved before its sound was one field', () => {
  test('GIVEN flat sound parts in the store THEN get and all read them as one sound, and it resolves as chosen', async () => {
    const store = openStore('sqlite::memory:');
    const keyv = store.keyv<StoredSession>('sessions');
    await keyv.set('c1', storedBefore('c1', { sound: 'bell', bell: 'chime', volume: 'quiet', interval: true }));
    await keyv.set('c2', storedBefore('c2', { bell: 'wood' }));
    await keyv.set('c3', storedBefore('c3', {}));
    const repo = new SessionsRepo(keyv);

    const c1 = await repo.get('c1');
    expect(c1?.sound).toEqual({ mode: 'bell', bell: 'chime', volume: 'quiet', interval: true });
    expect(c1).not.toHaveProperty('bell');
    expect(c1).not.toHaveProperty('volume');
    expect(c1).not.toHaveProperty('interval');
    expect(sessionSound(c1!)).toEqual({ mode: 'bell', bell: 'chime', volume: 'quiet', interval: true });
    // Only the parts it had; the rest fall to the server's or the default, as before.
    expect((await repo.get('c2'))?.sound).toEqual({ bell: 'wood' });
    expect(sessionSound((await repo.get('c2'))!)).toEqual({
      mode: 'bell+voice',
      bell: 'wood',
      volume: 'normal',
      interval: false,
    });
    expect(await repo.get('c3')).not.toHaveProperty('sound');

    const all = new Map((await repo.all()).map((s) => [s.channelId, s.sound]));
    expect(all).toEqual(
      new Map<string, unknown>([
        ['c1', { mode: 'bell', bell: 'chime', volume: 'quiet', interval: true }],
        ['c2', { bell: 'wood' }],
        ['c3', undefined],
      ]),
    );
    await store.close();
  });

  test('GIVEN a session saved today THEN it reads back as it was saved', async () => {
    const store = openStore('sqlite::memory:');
    const repo = new SessionsRepo(store.keyv<StoredSession>('sessions'));
    const session = backSession(T0, { sound: { mode: 'off', volume: 'loud' } });
    await repo.save(session);
    expect(await repo.get(session.channelId)).toEqual(session);
    expect(readSession(session)).toEqual(session);
    await store.close();
  });
});

test('GIVEN a session saved with flat sound parts before a restart THEN the runner resumes it with the sound it started with', async () => {
  vi.useFakeTimers({ now: T0 + 60_000 });
  const store = openStore('sqlite::memory:');
  const keyv = store.keyv<StoredSession>('sessions');
  await keyv.set('c1', { ...storedBefore('c1', { sound: 'off', volume: 'loud' }), posted: 0 });
  const runner = new SessionRunner({
    catalog: loadCatalog(join(import.meta.dirname, '..', '..', 'data')),
    repo: new SessionsRepo(keyv),
    publisher: { postStep: async (_s, _t, step) => `m${step}` },
    clock: systemClock,
    log: silentLogger,
    speed: 1,
  });
  try {
    expect(await runner.resumeAll()).toBe(1);
    expect(runner.get('c1')?.sound).toEqual({ mode: 'off', volume: 'loud' });
  } finally {
    runner.close();
    await store.close();
    vi.useRealTimers();
  }
});
