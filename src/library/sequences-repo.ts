import type { Keyv } from 'keyv';
import { z } from 'zod';
import type { Sequence } from '../domain/catalog-schema.ts';
import type { Clock } from '../domain/clock.ts';
import { InputError } from '../domain/input-error.ts';
import { KeyedLock } from '../domain/keyed-lock.ts';
import { ignoreInvalid, readRecord, USER_ID, type OnInvalidRecord } from '../store/records.ts';
import type { Store } from '../store/store.ts';
import { isServerId, LIBRARY_LIMITS, nameKey, serverIdFor, serverSequenceSchema, slugOf } from './limits.ts';

export const SEQUENCE_RECORD_VERSION = 1;
const GUILD_ID = /^\d{1,25}$/;

/**
 * One server sequence as stored: the sequence and who wrote it when. `revision` counts the
 * writes (1 when created), and an edit names the revision it was based on.
 */
export const sequenceRecordSchema = z.strictObject({
  v: z.literal(SEQUENCE_RECORD_VERSION),
  guildId: z.string().regex(GUILD_ID),
  revision: z.number().int().min(1),
  createdBy: z.string().regex(USER_ID),
  createdAt: z.number().int(),
  updatedBy: z.string().regex(USER_ID),
  updatedAt: z.number().int(),
  sequence: serverSequenceSchema,
});

export type StoredSequence = z.infer<typeof sequenceRecordSchema>;

/**
 * A guild's own sequences. Layout: namespace `sequences:<guildId>`, one key per sequence (its id,
 * `my_<slug>`), no index. Listing iterates the guild's namespace, so no write ever rewrites a
 * shared list: every create, edit and delete is one `set` or `delete` of one key, which both
 * backends apply whole (a SQLite row upsert, a Redis SET), so a reader finds the old sequence or
 * the new one, never a mix. One record per guild would make every edit rewrite all 25 sequences
 * and keyv has no compare-and-set to guard it anyway.
 *
 * Concurrency. Writes to a guild run one at a time through a KeyedLock (`guild:<id>`), and an edit
 * or delete carries the revision it was based on: if the stored one moved on, it is refused with
 * `library.conflict` (reopen and retry) and nothing is written. The guild's rules (at most
 * `perGuildMax` sequences, names unique in any case) are checked under the same lock.
 * Across processes: the lock is in-process. Discord sends a guild's interactions to one shard,
 * so one process writes a guild's sequences; two processes sharing Redis (or one SQLite file)
 * that both wrote one guild at the same instant (an overlapping deploy) could each pass the
 * revision check, and the later write would win whole. What holds there is that a record is
 * never a mix of two writes and never invalid; a real compare-and-set across processes would
 * need one in Store (a Redis Lua script or WATCH/MULTI, SQLite BEGIN IMMEDIATE).
 *
 * A guild only ever opens its own namespace, so no id can reach another guild's sequences.
 * Records are read through readRecord (validated, versioned `v`): a damaged one is reported and
 * skipped. Sequences must come from sequenceFromForm or parseSequenceFile, which check poses,
 * limits and built-in names against the catalog; this checks the schema and the guild's rules.
 */
export class SequencesRepo {
  readonly #store: Store;
  readonly #clock: Clock;
  readonly #onInvalid: OnInvalidRecord;
  readonly #perGuildMax: number;
  readonly #lock = new KeyedLock();

  constructor(store: Store, clock: Clock, options: { onInvalid?: OnInvalidRecord; perGuildMax?: number } = {}) {
    this.#store = store;
    this.#clock = clock;
    this.#onInvalid = options.onInvalid ?? ignoreInvalid;
    this.#perGuildMax = options.perGuildMax ?? LIBRARY_LIMITS.perGuildMax;
  }

  /** The guild's sequences with their revisions, by name. */
  async list(guildId: string): Promise<StoredSequence[]> {
    const out: StoredSequence[] = [];
    for await (const [key, value] of this.#keyv(guildId).iterator()) {
      const record = this.#read(guildId, String(key), value);
      if (record) out.push(record);
    }
    // Redis lists keys in no particular order.
    return out.sort(
      (a, b) => compare(nameKey(a.sequence.name), nameKey(b.sequence.name)) || compare(a.sequence.id, b.sequence.id),
    );
  }

  /** Just the sequences, for resolveSequence and catalogFor. */
  async sequences(guildId: string): Promise<Sequence[]> {
    return (await this.list(guildId)).map((r) => r.sequence);
  }

  async get(guildId: string, id: string): Promise<StoredSequence | undefined> {
    if (!isServerId(id)) return undefined;
    return this.#read(guildId, id, await this.#keyv(guildId).get(id));
  }

  /**
   * Stores a new sequence and returns it with the id it got: the draft's server id if the guild
   * has none such, else the name's slug with `-2`, `-3`… Refused (nothing stored) when the guild
   * has `perGuildMax` already or a sequence of that name.
   */
  async create(guildId: string, draft: Sequence, by: string): Promise<StoredSequence> {
    return this.#write(guildId, async (keyv, records) => {
      if (records.length >= this.#perGuildMax) throw new InputError('library.full', { max: this.#perGuildMax });
      checkUnique(records, draft.name, undefined);
      const taken = new Set((await keys(keyv)).concat(records.map((r) => r.sequence.id)));
      const id = isServerId(draft.id) && !taken.has(draft.id) ? draft.id : freeId(slugOf(draft.name), taken);
      const now = this.#clock.now();
      return this.#record({
        v: SEQUENCE_RECORD_VERSION,
        guildId,
        revision: 1,
        createdBy: by,
        createdAt: now,
        updatedBy: by,
        updatedAt: now,
        sequence: { ...draft, id },
      });
    });
  }

  /**
   * Replaces sequence `id` with `draft` (its id stays `id`), if the stored revision is still
   * `basedOn`; otherwise `library.conflict` and nothing is written. `library.notFound` if it is gone.
   */
  async replace(guildId: string, id: string, draft: Sequence, basedOn: number, by: string): Promise<StoredSequence> {
    return this.#write(guildId, async (_keyv, records) => {
      const current = records.find((r) => r.sequence.id === id);
      if (!current) throw new InputError('library.notFound', { id });
      if (current.revision !== basedOn) throw new InputError('library.conflict', { name: current.sequence.name });
      checkUnique(records, draft.name, id);
      return this.#record({
        ...current,
        revision: current.revision + 1,
        updatedBy: by,
        updatedAt: this.#clock.now(),
        sequence: { ...draft, id },
      });
    });
  }

  /**
   * Deletes sequence `id`; false if there was none. With `basedOn`, refused with `library.conflict`
   * if it was edited since. Schedules naming it are the caller's: see schedulesUsing.
   */
  async delete(guildId: string, id: string, basedOn?: number): Promise<boolean> {
    if (!isServerId(id)) return false;
    return this.#lock.run(`guild:${guildId}`, async () => {
      const keyv = this.#keyv(guildId);
      if (basedOn !== undefined) {
        const current = this.#read(guildId, id, await keyv.get(id));
        if (current && current.revision !== basedOn)
          throw new InputError('library.conflict', { name: current.sequence.name });
      }
      return keyv.delete(id);
    });
  }

  /** Runs `make` under the guild's lock with its records, and stores the one record it returns. */
  async #write(
    guildId: string,
    make: (keyv: Keyv<StoredSequence>, records: StoredSequence[]) => Promise<StoredSequence>,
  ): Promise<StoredSequence> {
    const keyv = this.#keyv(guildId);
    return this.#lock.run(`guild:${guildId}`, async () => {
      const record = await make(keyv, await this.list(guildId));
      if (!(await keyv.set(record.sequence.id, record))) throw new Error('The sequence could not be saved.');
      return record;
    });
  }

  /** Validated whole before anything is written: a bad draft throws and the store is untouched. */
  #record(record: StoredSequence): StoredSequence {
    return sequenceRecordSchema.parse(record);
  }

  #read(guildId: string, key: string, value: unknown): StoredSequence | undefined {
    const where = { namespace: `sequences:${guildId}`, key };
    const record = readRecord(sequenceRecordSchema, value, where, this.#onInvalid);
    if (record && (record.guildId !== guildId || record.sequence.id !== key)) {
      this.#onInvalid({ ...where, issues: 'guildId or sequence.id: not this key' });
      return undefined;
    }
    return record;
  }

  #keyv(guildId: string): Keyv<StoredSequence> {
    if (!GUILD_ID.test(guildId)) throw new Error(`Not a guild id: ${JSON.stringify(guildId)}`);
    return this.#store.keyv<StoredSequence>(`sequences:${guildId}`);
  }
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Every key of the namespace, valid record or not: a damaged record's id isn't reused over it. */
async function keys(keyv: Keyv<StoredSequence>): Promise<string[]> {
  const out: string[] = [];
  for await (const [key] of keyv.iterator()) out.push(String(key));
  return out;
}

function checkUnique(records: readonly StoredSequence[], name: string, except: string | undefined): void {
  const key = nameKey(name);
  const clash = records.find((r) => r.sequence.id !== except && nameKey(r.sequence.name) === key);
  if (clash) throw new InputError('library.nameUsed', { name: clash.sequence.name });
}

function freeId(slug: string, taken: ReadonlySet<string>): string {
  for (let n = 1; ; n++) {
    const id = serverIdFor(slug, n);
    if (!taken.has(id)) return id;
  }
}
