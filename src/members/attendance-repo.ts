import type { Keyv } from 'keyv';
import type { Store } from '../store/store.ts';
import { attendanceSchema, attendeeSchema, type Attendance, type Attendee } from './attendance.ts';
import { ignoreInvalid, readAll, readRecord, type OnInvalidRecord, USER_ID, SESSION_ID } from '../store/records.ts';

export type SessionRef = { id: string; guildId: string; channelId: string; sequenceId: string; startedAt: number };

/**
 * Who is practising in which session. Written twice on purpose: under the member
 * (`attendance:<userId>`, so their data is theirs to read and erase) and under the session
 * (`attendees:<sessionId>`, so the session's end finds everyone without scanning members).
 */
export class AttendanceRepo {
  readonly #store: Store;
  readonly #onInvalid: OnInvalidRecord;

  constructor(store: Store, onInvalid: OnInvalidRecord = ignoreInvalid) {
    this.#store = store;
    this.#onInvalid = onInvalid;
  }

  /** Marks the member joined; a second press keeps the first join time. */
  async join(userId: string, session: SessionRef, joinedAt: number): Promise<{ record: Attendance; already: boolean }> {
    const existing = await this.get(userId, session.id);
    if (existing) return { record: existing, already: true };
    const record = attendanceSchema.parse({
      v: 1,
      userId,
      sessionId: session.id,
      guildId: session.guildId,
      channelId: session.channelId,
      sequenceId: session.sequenceId,
      sessionStartedAt: session.startedAt,
      joinedAt,
    });
    const attendee: Attendee = { v: 1, userId, joinedAt };
    await this.#mine(userId).set(session.id, record);
    await this.#attendees(session.id).set(userId, attendee);
    return { record, already: false };
  }

  async get(userId: string, sessionId: string): Promise<Attendance | undefined> {
    if (!SESSION_ID.test(sessionId)) return undefined;
    return readRecord(
      attendanceSchema,
      await this.#mine(userId).get(sessionId),
      { namespace: `attendance:${userId}`, key: sessionId },
      this.#onInvalid,
    );
  }

  /** How many have joined the session so far (the closing's "practised together"). */
  async count(sessionId: string): Promise<number> {
    if (!SESSION_ID.test(sessionId)) return 0;
    let n = 0;
    for await (const _ of this.#attendees(sessionId).iterator()) n++;
    return n;
  }

  /** Every session the member joined. */
  async of(userId: string): Promise<Attendance[]> {
    const out: Attendance[] = [];
    for await (const record of readAll(this.#mine(userId), attendanceSchema, `attendance:${userId}`, this.#onInvalid)) {
      if (record && record.userId === userId) out.push(record);
    }
    return out;
  }

  /**
   * Closes the session's attendance: stamps each member's record with the end and returns them.
   * The session-side list is then cleared (members keep their own records).
   */
  async finish(sessionId: string, endedAt: number): Promise<Attendance[]> {
    const attendees = this.#attendees(sessionId);
    const done: Attendance[] = [];
    for await (const attendee of readAll(attendees, attendeeSchema, `attendees:${sessionId}`, this.#onInvalid)) {
      if (!attendee) continue;
      const record = await this.get(attendee.userId, sessionId);
      if (!record) continue;
      const ended = { ...record, endedAt };
      await this.#mine(attendee.userId).set(sessionId, ended);
      done.push(ended);
    }
    await attendees.clear();
    return done;
  }

  /** Forgets the member, including in sessions still running; returns how many records. */
  async eraseAll(userId: string): Promise<number> {
    const records = await this.of(userId);
    await Promise.all(records.map((r) => this.#attendees(r.sessionId).delete(userId)));
    await this.#mine(userId).clear();
    return records.length;
  }

  #mine(userId: string): Keyv<Attendance> {
    if (!USER_ID.test(userId)) throw new Error(`Not a user id: ${JSON.stringify(userId)}`);
    return this.#store.keyv<Attendance>(`attendance:${userId}`);
  }

  #attendees(sessionId: string): Keyv<Attendee> {
    if (!SESSION_ID.test(sessionId)) throw new Error(`Not a session id: ${JSON.stringify(sessionId)}`);
    return this.#store.keyv<Attendee>(`attendees:${sessionId}`);
  }
}
