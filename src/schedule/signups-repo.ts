import { z } from 'zod';
import { KeyedLock } from '../domain/keyed-lock.ts';
import { ignoreInvalid, readAll, readRecord, type OnInvalidRecord, USER_ID } from '../store/records.ts';
import type { Store } from '../store/store.ts';
import { fill, SignupSchema, type Signup } from './signups.ts';

/** One start of one schedule: what sign-ups are kept under. */
export interface StartRef {
  guildId: string;
  scheduleId: string;
  occurrenceMs: number;
}

const StartSchema = z.object({
  v: z.literal(1),
  guildId: z.string().min(1),
  scheduleId: z.string().min(1),
  occurrenceMs: z.number().int(),
});

/** Sign-ups are kept 30 days past their start (the organiser's attendance report reads them), then expire. */
export const SIGNUP_KEEP_MS = 30 * 24 * 60 * 60_000;
const ID = /^[A-Za-z0-9_-]{1,64}$/;

const startKey = (r: StartRef) => `${r.guildId}:${r.scheduleId}:${r.occurrenceMs}`;

/**
 * Sign-ups in the store, one key per record (the store's rule):
 * - `signups:<guildId>:<scheduleId>:<occurrenceMs>` → `<userId>`: each member's answer;
 * - `signup-starts` → `<guildId>:<scheduleId>:<occurrenceMs>`: the starts that have sign-ups
 *   (for arming the DM reminders at start-up);
 * - `signups-of:<userId>` → the same start keys: whose sign-ups are where, so erase-all finds them;
 * - `signup-dms`, `signup-posts` → start keys: claims, so DM reminders and the sign-up post go once.
 * All expire 30 days after the start. Every change to one start's sign-ups runs under one lock
 * per start (read, decide with the pure functions in signups.ts, write), so two clicks at once
 * can't both take the last place. In-process, like every lock here: one process owns a guild.
 */
export class SignupsRepo {
  readonly #store: Store;
  readonly #onInvalid: OnInvalidRecord;
  readonly #lock = new KeyedLock();
  readonly #now: () => number;

  constructor(store: Store, now: () => number, onInvalid: OnInvalidRecord = ignoreInvalid) {
    this.#store = store;
    this.#now = now;
    this.#onInvalid = onInvalid;
  }

  #start(r: StartRef) {
    return this.#store.keyv<unknown>(`signups:${startKey(r)}`);
  }

  #ttl(r: StartRef): number {
    return Math.max(60_000, r.occurrenceMs + SIGNUP_KEEP_MS - this.#now());
  }

  /** Everyone who answered for this start, in no particular order (signups.ts sorts). */
  async list(r: StartRef): Promise<Signup[]> {
    if (!ID.test(r.guildId) || !ID.test(r.scheduleId)) return [];
    const out: Signup[] = [];
    const ns = `signups:${startKey(r)}`;
    for await (const [key, value] of this.#start(r).iterator()) {
      const s = readRecord(SignupSchema, value, { namespace: ns, key: String(key) }, this.#onInvalid);
      if (s && s.userId === String(key)) out.push(s);
    }
    return out;
  }

  /** The members going to this start (not the waitlist): for the organiser's attendance report. */
  async going(guildId: string, scheduleId: string, occurrenceMs: number): Promise<string[]> {
    const all = await this.list({ guildId, scheduleId, occurrenceMs });
    return all
      .filter((s) => s.state === 'going')
      .sort((a, b) => a.seq - b.seq)
      .map((s) => s.userId);
  }

  /**
   * Reads this start's sign-ups, lets `decide` work out what changes (pure), and saves it —
   * all under the start's lock. `decide` may throw (an InputError): then nothing is saved.
   */
  async change<R>(r: StartRef, decide: (entries: Signup[]) => { saved: readonly Signup[]; result: R }): Promise<R> {
    return this.#lock.run(startKey(r), async () => {
      const { saved, result } = decide(await this.list(r));
      await this.#save(r, saved);
      return result;
    });
  }

  async #save(r: StartRef, saved: readonly Signup[]): Promise<void> {
    if (saved.length === 0) return;
    const ttl = this.#ttl(r);
    await this.#store.keyv('signup-starts').set(startKey(r), { v: 1, ...r }, ttl);
    for (const s of saved) {
      if (!USER_ID.test(s.userId)) continue;
      await this.#store.keyv(`signups-of:${s.userId}`).set(startKey(r), { v: 1, ...r }, ttl);
      await this.#start(r).set(s.userId, SignupSchema.parse(s), ttl);
    }
  }

  /** Every start that has sign-ups kept (expired ones are gone). */
  async starts(): Promise<StartRef[]> {
    const out: StartRef[] = [];
    for await (const s of readAll(this.#store.keyv('signup-starts'), StartSchema, 'signup-starts', this.#onInvalid)) {
      if (s) out.push({ guildId: s.guildId, scheduleId: s.scheduleId, occurrenceMs: s.occurrenceMs });
    }
    return out;
  }

  /** True the first time for this start: its DM reminders go out once, across restarts too. */
  claimDms(r: StartRef): Promise<boolean> {
    return this.#claim('signup-dms', r);
  }

  /** The same for the sign-up post that announces the start. */
  claimPost(r: StartRef): Promise<boolean> {
    return this.#claim('signup-posts', r);
  }

  #claim(namespace: string, r: StartRef): Promise<boolean> {
    return this.#lock.run(`${namespace}:${startKey(r)}`, async () => {
      const claims = this.#store.keyv(namespace);
      if (await claims.has(startKey(r))) return false;
      await claims.set(startKey(r), true, this.#ttl(r));
      return true;
    });
  }

  /**
   * Removes every sign-up of `userId` (their "forget me"). A place they held goes to the first
   * on the waitlist, as if they had said they can't come (without a DM: nothing about the erased
   * member is kept to send it from). Returns how many sign-ups were removed.
   */
  async eraseAll(userId: string, capacityOf: (r: StartRef) => Promise<number | undefined>): Promise<number> {
    if (!USER_ID.test(userId)) return 0;
    const mine = this.#store.keyv(`signups-of:${userId}`);
    const refs: StartRef[] = [];
    for await (const s of readAll(mine, StartSchema, `signups-of:${userId}`, this.#onInvalid)) {
      if (s) refs.push({ guildId: s.guildId, scheduleId: s.scheduleId, occurrenceMs: s.occurrenceMs });
    }
    let removed = 0;
    for (const r of refs) {
      const capacity = await capacityOf(r);
      await this.#lock.run(startKey(r), async () => {
        if (await this.#start(r).delete(userId)) removed++;
        const moved = fill(await this.list(r), capacity, this.#now());
        await this.#save(r, moved);
      });
    }
    await mine.clear();
    return removed;
  }
}
