import { KeyedLock } from '../domain/keyed-lock.ts';
import type { Keyv } from 'keyv';
import { z } from 'zod';
import { LANGUAGES, type Language } from '../languages.ts';
import type { Logger } from '../log.ts';
import { sessionLanguage, type SessionState } from '../domain/session.ts';
import { ignoreInvalid, readRecord, SESSION_ID, USER_ID, type OnInvalidRecord } from '../store/records.ts';
import type { Store } from '../store/store.ts';
import type { AttendanceRepo } from '../members/attendance-repo.ts';
import type { SessionHooks } from './runner.ts';

/** A class is remembered for `/yin replay` for two months after it ended. */
const KEEP_MS = 60 * 24 * 60 * 60 * 1000;
const snowflake = z.string().regex(/^\d{1,25}$/);

/**
 * What a class was, so it can be run again the same way: the sequence, the hold it ran at, the
 * `length:` it was planned to, its language. The same plan follows from these (class-length.ts
 * is deterministic); a server's own sequence is read again as it is now.
 */
export const classMemoSchema = z.object({
  v: z.literal(1),
  sessionId: z.string().regex(SESSION_ID),
  guildId: snowflake,
  sequenceId: z.string().min(1).max(60),
  holdMinutes: z.number().positive().max(60),
  lengthMinutes: z.number().int().positive().optional(),
  language: z.enum(LANGUAGES),
  startedAt: z.number().int().nonnegative(),
});
export type ClassMemo = z.infer<typeof classMemoSchema>;

/** The private replay a member has running: one at a time. */
export const runningReplaySchema = z.object({
  v: z.literal(1),
  userId: z.string().regex(USER_ID),
  sessionId: z.string().regex(SESSION_ID),
  channelId: snowflake,
  where: z.enum(['thread', 'dm']),
  name: z.string().min(1).max(200),
});
export type RunningReplay = z.infer<typeof runningReplaySchema>;

/** The class a replay runs: the sequence, and what its plan follows from (unset: the sequence's own, the server's language). */
export interface ReplaySpec {
  sequenceId: string;
  hold?: number | undefined;
  length?: number | undefined;
  language?: Language | undefined;
}

export const specOf = (m: ClassMemo): ReplaySpec => ({
  sequenceId: m.sequenceId,
  hold: m.holdMinutes,
  length: m.lengthMinutes,
  language: m.language,
});

/** The memo of a session, as `/yin replay` reads it back. */
export function memoOf(s: SessionState): ClassMemo {
  return {
    v: 1,
    sessionId: s.id,
    guildId: s.guildId,
    sequenceId: s.sequenceId,
    holdMinutes: s.holdMinutes,
    ...(s.lengthMinutes !== undefined ? { lengthMinutes: s.lengthMinutes } : {}),
    language: sessionLanguage(s),
    startedAt: s.startedAt,
  };
}

/**
 * The classes a server ran (`replay-classes:<guildId>`: each by session id, and `last`) and the replay
 * each member has running (`replays`, by member). One key per record, nothing read-modify-written.
 */
export class ReplaysRepo {
  /** One start at a time per member: a double press can't open two threads. */
  readonly starting = new KeyedLock();
  readonly #store: Store;
  readonly #onInvalid: OnInvalidRecord;

  constructor(store: Store, onInvalid: OnInvalidRecord = ignoreInvalid) {
    this.#store = store;
    this.#onInvalid = onInvalid;
  }

  async remember(memo: ClassMemo): Promise<void> {
    const classes = this.#classes(memo.guildId);
    await classes.set(memo.sessionId, memo, KEEP_MS);
    await classes.set('last', memo, KEEP_MS);
  }

  /** The class with this session id, if it is still remembered. */
  async classOf(guildId: string, sessionId: string): Promise<ClassMemo | undefined> {
    return this.#readClass(guildId, sessionId);
  }

  /** The last class that ended in the server. */
  async lastClass(guildId: string): Promise<ClassMemo | undefined> {
    return this.#readClass(guildId, 'last');
  }

  async running(userId: string): Promise<RunningReplay | undefined> {
    const raw = await this.#running().get(userId);
    const record = readRecord(runningReplaySchema, raw, { namespace: 'replays', key: userId }, this.#onInvalid);
    return record?.userId === userId ? record : undefined;
  }

  async claim(record: RunningReplay): Promise<void> {
    await this.#running().set(record.userId, record);
  }

  /** Forgets the member's running replay if it is this session (a newer one stays). */
  async release(userId: string, sessionId: string): Promise<void> {
    if ((await this.running(userId))?.sessionId === sessionId) await this.#running().delete(userId);
  }

  async #readClass(guildId: string, key: string): Promise<ClassMemo | undefined> {
    if (!/^\d{1,25}$/.test(guildId)) return undefined;
    const raw = await this.#classes(guildId).get(key);
    return readRecord(classMemoSchema, raw, { namespace: `replay-classes:${guildId}`, key }, this.#onInvalid);
  }

  #classes(guildId: string): Keyv<ClassMemo> {
    return this.#store.keyv<ClassMemo>(`replay-classes:${guildId}`);
  }

  #running(): Keyv<RunningReplay> {
    return this.#store.keyv<RunningReplay>('replays');
  }
}

/**
 * At each end: a server's class is remembered for `/yin replay`; a member's private replay lets
 * them start another. A failed write is logged (a replay then just can't find that class).
 */
export function replayHooks(repo: ReplaysRepo, log: Logger): SessionHooks {
  return {
    async ended(s) {
      try {
        if (s.private) await repo.release(s.private.ownerId, s.id);
        else await repo.remember(memoOf(s));
      } catch (err) {
        log.warn({ event: 'replay.save_failed', session: s.id, err: (err as Error).message }, 'could not save');
      }
    },
  };
}

/**
 * What `/yin replay` runs when no sequence is named: the last class the member practised in the
 * server (as it ran, while it is remembered; else its sequence as written), else the last class
 * the server ran. Undefined: neither.
 */
export async function replayChoice(
  attendance: Pick<AttendanceRepo, 'of'>,
  replays: Pick<ReplaysRepo, 'classOf' | 'lastClass'>,
  guildId: string,
  userId: string,
): Promise<ReplaySpec | undefined> {
  const mine = (await attendance.of(userId))
    .filter((a) => a.guildId === guildId)
    .sort((a, b) => b.sessionStartedAt - a.sessionStartedAt)[0];
  if (mine) {
    const memo = await replays.classOf(guildId, mine.sessionId);
    return memo ? specOf(memo) : { sequenceId: mine.sequenceId };
  }
  const last = await replays.lastClass(guildId);
  return last ? specOf(last) : undefined;
}
