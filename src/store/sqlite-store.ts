import { EventEmitter } from 'node:events';
import {
  keyvStorageCapability,
  type KeyvStorageAdapter,
  type KeyvStorageCapability,
  type KeyvStorageEntry,
} from 'keyv';
import { checkNamespace, namespaceRange, storedKey } from './namespace.ts';
import { SqliteDb } from './sqlite-db.ts';

export { SqliteDb };

const PAGE = 500;

/** keyv's adapter contract minus its event-emitter typing, which node's EventEmitter fulfils. */
type StorageContract = Pick<
  KeyvStorageAdapter,
  | 'capabilities'
  | 'namespace'
  | 'get'
  | 'getMany'
  | 'has'
  | 'hasMany'
  | 'set'
  | 'setMany'
  | 'delete'
  | 'deleteMany'
  | 'clear'
  | 'iterator'
  | 'disconnect'
>;

/**
 * A keyv 6 storage adapter over node:sqlite (built into Node, so no native build).
 *
 * keyv 6 hands adapters bare keys and sets `namespace` on the adapter, which prefixes keys
 * itself; Keyv also writes its own namespace onto the adapter. So each Keyv needs its own
 * adapter: make one per namespace over a shared SqliteDb (cheap: no connection of its own).
 *
 * Values are the strings Keyv's serializer produces (a JSON envelope holding `expires` too);
 * the `expires` column repeats it so expired rows are filtered and swept in SQL.
 */
export class KeyvSqlite extends EventEmitter implements StorageContract {
  readonly db: SqliteDb;
  readonly #ownsDb: boolean;
  #namespace: string | undefined;

  /** Pass a path to own the database, or a shared SqliteDb that its owner closes. */
  constructor(db: SqliteDb | string, options: { namespace?: string } = {}) {
    super();
    this.#ownsDb = typeof db === 'string';
    this.db = typeof db === 'string' ? new SqliteDb(db) : db;
    this.namespace = options.namespace;
  }

  /** Declares keyv 6's absolute-`expires` contract, so Keyv uses this adapter directly. */
  get capabilities(): KeyvStorageCapability {
    return keyvStorageCapability(this);
  }

  get namespace(): string | undefined {
    return this.#namespace;
  }

  set namespace(namespace: string | undefined) {
    this.#namespace = namespace ? checkNamespace(namespace) : undefined;
  }

  async get<Value>(key: string): Promise<Value | undefined> {
    return this.db.get(this.#key(key)) as Value | undefined;
  }

  async getMany<Value>(keys: string[]): Promise<Array<Value | undefined>> {
    return keys.map((key) => this.db.get(this.#key(key)) as Value | undefined);
  }

  async has(key: string): Promise<boolean> {
    return this.db.get(this.#key(key)) !== undefined;
  }

  async hasMany(keys: string[]): Promise<boolean[]> {
    return keys.map((key) => this.db.get(this.#key(key)) !== undefined);
  }

  async set(key: string, value: unknown, expires?: number): Promise<boolean> {
    this.#write(key, value, expires);
    return true;
  }

  async setMany<Value>(entries: KeyvStorageEntry<Value>[]): Promise<boolean[]> {
    return this.db.transaction(() =>
      entries.map((entry) => {
        this.#write(entry.key, entry.value, entry.expires);
        return true;
      }),
    );
  }

  async delete(key: string): Promise<boolean> {
    return this.db.delete(this.#key(key));
  }

  async deleteMany(keys: string[]): Promise<boolean[]> {
    return this.db.transaction(() => keys.map((key) => this.db.delete(this.#key(key))));
  }

  /** Removes this namespace's keys only (without a namespace: the keys that have none). */
  async clear(): Promise<void> {
    if (this.#namespace === undefined) {
      this.db.clearPlain();
    } else {
      const { low, high } = namespaceRange(this.#namespace);
      this.db.clearRange(low, high);
    }
    this.db.purgeExpired();
  }

  /**
   * Yields `[key, value]` for this namespace's live keys, in key order, with the namespace
   * stripped from the key. A `namespace` argument (keyv 5's calling convention) overrides the
   * adapter's own.
   */
  async *iterator<Value>(namespace?: string): AsyncGenerator<[string, Value], void> {
    const ns = namespace ? checkNamespace(namespace) : this.#namespace;
    if (ns === undefined) {
      let after = '';
      for (;;) {
        const rows = this.db.plainPage(after, PAGE);
        for (const row of rows) yield [row.key, row.value as Value];
        const last = rows.at(-1);
        if (rows.length < PAGE || last === undefined) return;
        after = last.key;
      }
    }
    const { low, high } = namespaceRange(ns);
    let after: string | undefined;
    for (;;) {
      const rows = this.db.page(low, high, after, PAGE);
      for (const row of rows) yield [row.key.slice(low.length), row.value as Value];
      const last = rows.at(-1);
      if (rows.length < PAGE || last === undefined) return;
      after = last.key;
    }
  }

  /**
   * Closes the database if this adapter opened it. A shared SqliteDb stays open, so
   * `keyv.disconnect()` on one namespace can't break the others; its owner closes it.
   */
  async disconnect(): Promise<void> {
    if (this.#ownsDb) this.db.close();
  }

  #key(key: string): string {
    return storedKey(this.#namespace, key);
  }

  #write(key: string, value: unknown, expires: number | undefined): void {
    if (typeof value !== 'string') {
      throw new TypeError("KeyvSqlite stores strings: keep Keyv's default serialization on.");
    }
    if (typeof expires === 'number' && expires <= Date.now()) {
      this.db.delete(this.#key(key)); // already expired: keyv 6 lets an adapter just drop it
      return;
    }
    this.db.set(this.#key(key), value, typeof expires === 'number' ? Math.ceil(expires) : undefined);
  }
}
