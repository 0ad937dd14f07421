import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';

export type Row = { key: string; value: string };

/**
 * One SQLite file (or `:memory:`) holding every namespace in a single key/value table. All
 * KeyvSqlite adapters of a store share one of these, so there is one connection and one set of
 * prepared statements however many namespaces are in use.
 *
 * Expiry is compared with Date.now(), not an injected Clock: Keyv computes `expires` from
 * Date.now() before it reaches the adapter, so the adapter must use the same clock.
 */
export class SqliteDb {
  readonly path: string;
  readonly #db: DatabaseSync;
  readonly #get: StatementSync;
  readonly #set: StatementSync;
  readonly #delete: StatementSync;
  readonly #clearRange: StatementSync;
  readonly #clearPlain: StatementSync;
  readonly #pageFrom: StatementSync;
  readonly #pageAfter: StatementSync;
  readonly #plainAfter: StatementSync;
  readonly #purge: StatementSync;

  constructor(path: string) {
    this.path = path;
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    // `timeout` is the busy timeout: a second process (a deploy overlapping the old bot) waits
    // for the lock instead of failing at once.
    this.#db = new DatabaseSync(path, { timeout: 5000 });
    this.#db.exec(`
      PRAGMA journal_mode = WAL;
      PRAGMA busy_timeout = 5000;
      PRAGMA synchronous = NORMAL;
      CREATE TABLE IF NOT EXISTS keyv (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        expires INTEGER NULL
      ) WITHOUT ROWID;
      CREATE INDEX IF NOT EXISTS keyv_expires ON keyv (expires) WHERE expires IS NOT NULL;
    `);
    const live = '(expires IS NULL OR expires > ?)';
    this.#get = this.#db.prepare(`SELECT value FROM keyv WHERE key = ? AND ${live}`);
    this.#set = this.#db.prepare(
      `INSERT INTO keyv (key, value, expires) VALUES (?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires = excluded.expires`,
    );
    this.#delete = this.#db.prepare('DELETE FROM keyv WHERE key = ? RETURNING expires');
    // Range comparisons on the primary key, so a namespace is found through the index.
    this.#clearRange = this.#db.prepare('DELETE FROM keyv WHERE key >= ? AND key < ?');
    this.#clearPlain = this.#db.prepare("DELETE FROM keyv WHERE instr(key, '::') = 0");
    this.#pageFrom = this.#db.prepare(
      `SELECT key, value FROM keyv WHERE key >= ? AND key < ? AND ${live} ORDER BY key LIMIT ?`,
    );
    this.#pageAfter = this.#db.prepare(
      `SELECT key, value FROM keyv WHERE key > ? AND key < ? AND ${live} ORDER BY key LIMIT ?`,
    );
    this.#plainAfter = this.#db.prepare(
      `SELECT key, value FROM keyv WHERE key > ? AND instr(key, '::') = 0 AND ${live} ORDER BY key LIMIT ?`,
    );
    this.#purge = this.#db.prepare('DELETE FROM keyv WHERE expires IS NOT NULL AND expires <= ?');
    this.purgeExpired();
  }

  get isOpen(): boolean {
    return this.#db.isOpen;
  }

  /** True when the database answers a query. */
  ping(): boolean {
    try {
      return this.#db.isOpen && this.#db.prepare('SELECT 1 AS ok').get()?.ok === 1;
    } catch {
      return false;
    }
  }

  get(key: string): string | undefined {
    const row = this.#get.get(key, Date.now());
    return row === undefined ? undefined : String(row.value);
  }

  set(key: string, value: string, expires: number | undefined): void {
    this.#set.run(key, value, expires ?? null);
  }

  /** Deletes the row; true when a live (unexpired) value was there. */
  delete(key: string): boolean {
    const row = this.#delete.get(key);
    if (row === undefined) return false;
    const expires = row.expires;
    return expires === null || Number(expires) > Date.now();
  }

  /** Deletes every key in [low, high). */
  clearRange(low: string, high: string): void {
    this.#clearRange.run(low, high);
  }

  /** Deletes every key that has no namespace. */
  clearPlain(): void {
    this.#clearPlain.run();
  }

  /**
   * Live rows in [low, high) in key order, `limit` at a time, starting after `after` (or at
   * `low`). Paging by key rather than holding a cursor open means writes made while a caller
   * iterates can't disturb the statement.
   */
  page(low: string, high: string, after: string | undefined, limit: number): Row[] {
    const rows =
      after === undefined
        ? this.#pageFrom.all(low, high, Date.now(), limit)
        : this.#pageAfter.all(after, high, Date.now(), limit);
    return rows.map(toRow);
  }

  /** Like page(), for keys without a namespace (a full scan; nothing in yin uses it). */
  plainPage(after: string, limit: number): Row[] {
    return this.#plainAfter.all(after, Date.now(), limit).map(toRow);
  }

  purgeExpired(): number {
    return Number(this.#purge.run(Date.now()).changes);
  }

  /** Runs `work` in one write transaction, so a batch lands whole or not at all. */
  transaction<T>(work: () => T): T {
    this.#db.exec('BEGIN IMMEDIATE');
    try {
      const result = work();
      this.#db.exec('COMMIT');
      return result;
    } catch (error) {
      this.#db.exec('ROLLBACK');
      throw error;
    }
  }

  /** For tests: SQLite's plan for a statement. */
  explain(sql: string, ...params: (string | number)[]): string[] {
    return this.#db
      .prepare(`EXPLAIN QUERY PLAN ${sql}`)
      .all(...params)
      .map((row) => String(row.detail));
  }

  close(): void {
    if (this.#db.isOpen) this.#db.close();
  }
}

function toRow(row: Record<string, unknown>): Row {
  return { key: String(row.key), value: String(row.value) };
}
