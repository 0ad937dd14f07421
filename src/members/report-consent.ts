import type { Keyv } from 'keyv';
import { z } from 'zod';
import type { Store } from '../store/store.ts';
import { clearCounting, ignoreInvalid, readAll, readRecord, type OnInvalidRecord, USER_ID } from '../store/records.ts';

const GUILD_ID = /^\d{1,25}$/;

/** A member's yes to "show my name in organisers' attendance reports", in one server. */
export const reportConsentSchema = z.object({
  v: z.literal(1),
  userId: z.string().regex(USER_ID),
  guildId: z.string().regex(GUILD_ID),
  /** When they said yes (a no is no record at all). */
  since: z.number().int().nonnegative(),
});
export type ReportConsent = z.infer<typeof reportConsentSchema>;

/**
 * Whether a member's name may appear in organisers' attendance reports of a server. Kept under
 * the member (`report-consent:<userId>`, one key per guild) so erase-all removes it and the
 * member's export lists it. Off unless they said yes; saying no deletes the record, and reports
 * read the consent when they are shown, so a no also takes the name out of reports already kept.
 */
export class ReportConsentRepo {
  readonly #store: Store;
  readonly #onInvalid: OnInvalidRecord;

  constructor(store: Store, onInvalid: OnInvalidRecord = ignoreInvalid) {
    this.#store = store;
    this.#onInvalid = onInvalid;
  }

  /** Yes (`true`, stamped `at`) or no (`false`: forgotten). Returns what is now stored. */
  async set(userId: string, guildId: string, showName: boolean, at: number): Promise<boolean> {
    if (!GUILD_ID.test(guildId)) throw new Error(`Not a guild id: ${JSON.stringify(guildId)}`);
    const keyv = this.#mine(userId);
    if (!showName) {
      await keyv.delete(guildId);
      return false;
    }
    const record = reportConsentSchema.parse({ v: 1, userId, guildId, since: at });
    if (!(await keyv.set(guildId, record))) throw new Error('The consent could not be saved.');
    return true;
  }

  /** True only when the member said yes in this server. */
  async showsName(userId: string, guildId: string): Promise<boolean> {
    if (!USER_ID.test(userId) || !GUILD_ID.test(guildId)) return false;
    const record = readRecord(
      reportConsentSchema,
      await this.#mine(userId).get(guildId),
      { namespace: `report-consent:${userId}`, key: guildId },
      this.#onInvalid,
    );
    return record?.userId === userId && record.guildId === guildId;
  }

  /** Of `userIds`, those who said yes in this server. */
  async consenting(guildId: string, userIds: Iterable<string>): Promise<Set<string>> {
    const ids = [...new Set(userIds)];
    const yes = await Promise.all(ids.map((id) => this.showsName(id, guildId)));
    return new Set(ids.filter((_, i) => yes[i]));
  }

  /** Every server where the member said yes (for their export). */
  async of(userId: string): Promise<ReportConsent[]> {
    const out: ReportConsent[] = [];
    for await (const record of readAll(
      this.#mine(userId),
      reportConsentSchema,
      `report-consent:${userId}`,
      this.#onInvalid,
    )) {
      if (record && record.userId === userId) out.push(record);
    }
    return out.sort((a, b) => a.since - b.since);
  }

  /** Forgets every yes of the member; returns how many there were. */
  async eraseAll(userId: string): Promise<number> {
    return clearCounting(this.#mine(userId));
  }

  #mine(userId: string): Keyv<ReportConsent> {
    if (!USER_ID.test(userId)) throw new Error(`Not a user id: ${JSON.stringify(userId)}`);
    return this.#store.keyv<ReportConsent>(`report-consent:${userId}`);
  }
}
