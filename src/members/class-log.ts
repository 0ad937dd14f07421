import type { Keyv } from 'keyv';
import { z } from 'zod';
import { sessionLanguage, type SessionState } from '../domain/session.ts';
import { LANGUAGES } from '../languages.ts';
import type { Store } from '../store/store.ts';
import { ignoreInvalid, readAll, readRecord, type OnInvalidRecord, SESSION_ID, USER_ID } from '../store/records.ts';

const GUILD_ID = /^\d{1,25}$/;

/**
 * One finished class in a server, with no member in it (`classes:<guildId>`, one key per session):
 * the counts organisers' reports and the weekly total speak of, and the plan `/yin replay` runs
 * it again by. yin's one record of a class a server ran.
 */
export const classRecordSchema = z.object({
  v: z.literal(1),
  sessionId: z.string().regex(SESSION_ID),
  guildId: z.string().regex(GUILD_ID),
  channelId: z.string().min(1),
  sequenceId: z.string().min(1),
  /** The schedule that started it; absent for a `/yin start`. */
  scheduleId: z.string().min(1).optional(),
  startedAt: z.number().int().nonnegative(),
  endedAt: z.number().int().nonnegative(),
  /** How many practised, and their minutes added up: what the weekly total sums. */
  practised: z.number().int().nonnegative(),
  minutes: z.number().nonnegative(),
  /**
   * How it ran, so a replay follows the same plan (class-length.ts is deterministic): the hold,
   * the `length:` it was planned to, its language. Optional: classes recorded before the class
   * log kept them read as their sequence as written.
   */
  holdMinutes: z.number().positive().max(60).optional(),
  lengthMinutes: z.number().int().positive().optional(),
  language: z.enum(LANGUAGES).optional(),
});
export type ClassRecord = z.infer<typeof classRecordSchema>;

/**
 * One member in one finished class (`class-attendees:<sessionId>`): an id and numbers, never a
 * name. Names are looked up when a report is shown, and only of members who said yes then.
 */
export const classAttendeeSchema = z.object({
  v: z.literal(1),
  userId: z.string().regex(USER_ID),
  minutes: z.number().nonnegative(),
  /** Their first class in this server as far as yin's records go (none of their practice here before). */
  first: z.boolean(),
});
export type ClassAttendee = z.infer<typeof classAttendeeSchema>;

/** The plan a session ran to, as its class record keeps it. */
export function planOf(s: SessionState): Pick<ClassRecord, 'holdMinutes' | 'lengthMinutes' | 'language'> {
  return {
    holdMinutes: s.holdMinutes,
    ...(s.lengthMinutes !== undefined ? { lengthMinutes: s.lengthMinutes } : {}),
    language: sessionLanguage(s),
  };
}

/** How long a finished class is kept: a year can be reported, then it is forgotten. */
export const KEEP_CLASSES_MS = 400 * 24 * 60 * 60_000;

/** Who practised in which class of a server: what organisers' attendance reports are made from. */
export class ClassLog {
  readonly #store: Store;
  readonly #onInvalid: OnInvalidRecord;

  constructor(store: Store, onInvalid: OnInvalidRecord = ignoreInvalid) {
    this.#store = store;
    this.#onInvalid = onInvalid;
  }

  /** Keeps a finished class and who practised in it; recording the same session again replaces it. */
  async record(c: Omit<ClassRecord, 'v'>, attendees: readonly Omit<ClassAttendee, 'v'>[]): Promise<ClassRecord> {
    const record = classRecordSchema.parse({ ...c, v: 1 });
    const people = this.#attendees(record.sessionId);
    for (const a of attendees) await people.set(a.userId, classAttendeeSchema.parse({ ...a, v: 1 }));
    await this.#classes(record.guildId).set(record.sessionId, record);
    await this.#prune(record.guildId, record.endedAt - KEEP_CLASSES_MS);
    return record;
  }

  /** Forgets the server's classes that ended before `beforeMs`, with who was in them. */
  async #prune(guildId: string, beforeMs: number): Promise<void> {
    const classes = this.#classes(guildId);
    const old: string[] = [];
    for await (const c of readAll(classes, classRecordSchema, `classes:${guildId}`, this.#onInvalid)) {
      if (c && c.endedAt < beforeMs) old.push(c.sessionId);
    }
    for (const id of old) {
      await this.#attendees(id).clear();
      await classes.delete(id);
    }
  }

  /** The server's classes that ended in [fromMs, toMs), oldest first; of one schedule if named. */
  async classes(guildId: string, fromMs: number, toMs: number, scheduleId?: string): Promise<ClassRecord[]> {
    const out: ClassRecord[] = [];
    if (!GUILD_ID.test(guildId)) return out;
    for await (const c of readAll(this.#classes(guildId), classRecordSchema, `classes:${guildId}`, this.#onInvalid)) {
      if (!c || c.guildId !== guildId || c.endedAt < fromMs || c.endedAt >= toMs) continue;
      if (scheduleId === undefined || c.scheduleId === scheduleId) out.push(c);
    }
    return out.sort((a, b) => a.startedAt - b.startedAt);
  }

  /** The class that ended last in the server (whether anyone practised in it or not). */
  async latest(guildId: string): Promise<ClassRecord | undefined> {
    let last: ClassRecord | undefined;
    for (const c of await this.classes(guildId, 0, Number.MAX_SAFE_INTEGER)) {
      if (!last || c.endedAt >= last.endedAt) last = c;
    }
    return last;
  }

  async get(guildId: string, sessionId: string): Promise<ClassRecord | undefined> {
    if (!GUILD_ID.test(guildId) || !SESSION_ID.test(sessionId)) return undefined;
    return readRecord(
      classRecordSchema,
      await this.#classes(guildId).get(sessionId),
      { namespace: `classes:${guildId}`, key: sessionId },
      this.#onInvalid,
    );
  }

  /** Who practised in the class. */
  async attendees(sessionId: string): Promise<ClassAttendee[]> {
    const out: ClassAttendee[] = [];
    for await (const a of readAll(
      this.#attendees(sessionId),
      classAttendeeSchema,
      `class-attendees:${sessionId}`,
      this.#onInvalid,
    )) {
      if (a) out.push(a);
    }
    return out;
  }

  /** Takes the member out of these classes (erase-all); returns how many they were in. */
  async forget(userId: string, sessionIds: Iterable<string>): Promise<number> {
    let count = 0;
    for (const id of new Set(sessionIds)) {
      if (SESSION_ID.test(id) && (await this.#attendees(id).delete(userId))) count++;
    }
    return count;
  }

  #classes(guildId: string): Keyv<ClassRecord> {
    return this.#store.keyv<ClassRecord>(`classes:${guildId}`);
  }

  #attendees(sessionId: string): Keyv<ClassAttendee> {
    if (!SESSION_ID.test(sessionId)) throw new Error(`Not a session id: ${JSON.stringify(sessionId)}`);
    return this.#store.keyv<ClassAttendee>(`class-attendees:${sessionId}`);
  }
}
