import { KeyedLock } from '../domain/keyed-lock.ts';
import type { Keyv } from 'keyv';
import { z } from 'zod';
import type { Language } from '../languages.ts';
import type { Logger } from '../log.ts';
import type { SessionState } from '../domain/session.ts';
import { type ClassLog, type ClassRecord, planOf } from '../members/class-log.ts';
import { ignoreInvalid, readRecord, SESSION_ID, USER_ID, type OnInvalidRecord } from '../store/records.ts';
import type { Store } from '../store/store.ts';
import type { AttendanceRepo } from '../members/attendance-repo.ts';
import type { SessionHooks } from './runner.ts';

const snowflake = z.string().regex(/^\d{1,25}$/);

/**
 * What a class was, so it can be run again the same way: the sequence, the hold it ran at, the
 * `length:` it was planned to, its language. Read from the class log's record of the class (the
 * one record of a class a server ran); a class recorded without its plan has only its sequence.
 */
export type ClassMemo = { v: 1 } & Pick<
  ClassRecord,
  'sessionId' | 'guildId' | 'sequenceId' | 'startedAt' | 'holdMinutes' | 'lengthMinutes' | 'language'
>;

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

/** What the class log keeps of a session for `/yin replay`: the memo its record reads back as. */
export function memoOf(s: SessionState): ClassMemo {
  return { v: 1, sessionId: s.id, guildId: s.guildId, sequenceId: s.sequenceId, ...planOf(s), startedAt: s.startedAt };
}

/** The replay's view of a class record. */
function memoOfRecord(c: ClassRecord): ClassMemo {
  const { sessionId, guildId, sequenceId, startedAt, holdMinutes, lengthMinutes, language } = c;
  return {
    v: 1,
    sessionId,
    guildId,
    sequenceId,
    ...(holdMinutes !== undefined ? { holdMinutes } : {}),
    ...(lengthMinutes !== undefined ? { lengthMinutes } : {}),
    ...(language !== undefined ? { language } : {}),
    startedAt,
  };
}

/**
 * The replay each member has running (`replays`, by member; one key per record, nothing
 * read-modify-written), and the classes a server ran as `/yin replay` reads them: from the class
 * log, which keeps them (a replay keeps no record of a class of its own).
 */
export class ReplaysRepo {
  /** One start at a time per member: a double press can't open two threads. */
  readonly starting = new KeyedLock();
  readonly #store: Store;
  readonly #classes: Pick<ClassLog, 'get' | 'latest'>;
  readonly #onInvalid: OnInvalidRecord;

  constructor(store: Store, classes: Pick<ClassLog, 'get' | 'latest'>, onInvalid: OnInvalidRecord = ignoreInvalid) {
    this.#store = store;
    this.#classes = classes;
    this.#onInvalid = onInvalid;
  }

  /** The class with this session id, while the class log keeps it. */
  async classOf(guildId: string, sessionId: string): Promise<ClassMemo | undefined> {
    const c = await this.#classes.get(guildId, sessionId);
    return c && memoOfRecord(c);
  }

  /** The last class that ended in the server. */
  async lastClass(guildId: string): Promise<ClassMemo | undefined> {
    const c = await this.#classes.latest(guildId);
    return c && memoOfRecord(c);
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

  /** Erase-all: forgets the member's running replay (one left running then just ends). */
  async forget(userId: string): Promise<boolean> {
    return this.#running().delete(userId);
  }

  #running(): Keyv<RunningReplay> {
    return this.#store.keyv<RunningReplay>('replays');
  }
}

/**
 * At a private replay's end its member can start another; a failed write is logged. (A server's
 * class is kept by the class log, written at its end by members/class-end.ts: the one writer.)
 */
export function replayHooks(repo: Pick<ReplaysRepo, 'release'>, log: Logger): SessionHooks {
  return {
    async ended(s) {
      try {
        if (s.private) await repo.release(s.private.ownerId, s.id);
      } catch (err) {
        log.warn({ event: 'replay.save_failed', session: s.id, err: (err as Error).message }, 'could not save');
      }
    },
  };
}

/**
 * What `/yin replay` runs when no sequence is named: the last class the member practised in the
 * server (as it ran, while the class log keeps it; else its sequence as written), else the last
 * class the server ran. Undefined: neither.
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
