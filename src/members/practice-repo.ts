import type { Keyv } from 'keyv';
import { z } from 'zod';
import type { Store } from '../store/store.ts';
import { ignoreInvalid, readAll, type OnInvalidRecord, USER_ID, clearCounting } from '../store/records.ts';

export const practiceRecordSchema = z.object({
  v: z.literal(1),
  userId: z.string().min(1),
  sessionId: z.string().regex(/^[A-Za-z0-9_.-]{1,100}$/),
  sequenceId: z.string().min(1),
  guildId: z.string().min(1),
  startedAt: z.number().int().nonnegative(),
  minutes: z
    .number()
    .nonnegative()
    .max(24 * 60),
});

export type PracticeRecord = z.infer<typeof practiceRecordSchema>;

export type PracticeInput = Omit<PracticeRecord, 'userId' | 'v'>;

/**
 * Which sessions a member practised in: one key per (member, session) in `practice:<userId>`.
 * The session id is the key, so recording the same session again overwrites the record (a
 * member who rejoins, or a retried write, never counts twice).
 */
export class PracticeRepo {
  readonly #store: Store;
  readonly #onInvalid: OnInvalidRecord;

  constructor(store: Store, onInvalid: OnInvalidRecord = ignoreInvalid) {
    this.#store = store;
    this.#onInvalid = onInvalid;
  }

  async record(userId: string, input: PracticeInput): Promise<PracticeRecord> {
    const record = practiceRecordSchema.parse({ ...input, userId, v: 1 });
    if (!(await this.#practice(userId).set(record.sessionId, record))) {
      throw new Error('The practice record could not be saved.');
    }
    return record;
  }

  /** Every record of the member, oldest first. */
  async list(userId: string): Promise<PracticeRecord[]> {
    const records: PracticeRecord[] = [];
    for await (const record of readAll(
      this.#practice(userId),
      practiceRecordSchema,
      `practice:${userId}`,
      this.#onInvalid,
    )) {
      if (record && record.userId === userId) records.push(record);
    }
    return records.sort((a, b) => a.startedAt - b.startedAt);
  }

  /** Deletes every record of the member; returns how many there were. */
  async eraseAll(userId: string): Promise<number> {
    return clearCounting(this.#practice(userId));
  }

  #practice(userId: string): Keyv<PracticeRecord> {
    if (!USER_ID.test(userId)) throw new Error(`Not a user id: ${JSON.stringify(userId)}`);
    return this.#store.keyv<PracticeRecord>(`practice:${userId}`);
  }
}
