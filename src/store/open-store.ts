import { isAbsolute, resolve } from 'node:path';
import { Keyv } from 'keyv';
import { keyvCache } from './keyv-cache.ts';
import { checkNamespace } from './namespace.ts';
import { openRedisStore } from './redis-store.ts';
import { KeyvSqlite, SqliteDb } from './sqlite-store.ts';
import type { Store, StoreOptions } from './store.ts';

export type { Store, StoreOptions };

export const DEFAULT_SQLITE_PATH = 'var/yin.sqlite';

const FORMS =
  'sqlite://relative/path.sqlite, sqlite:///absolute/path.sqlite, sqlite::memory:, redis://host:port or rediss://host:port';

export type StoreTarget = { kind: 'sqlite'; path: string } | { kind: 'redis'; url: string };

/**
 * Reads a YIN_STORE_URL value (passed in; this reads no environment). Relative SQLite paths
 * are resolved against the current directory. Throws a one-line Error for anything else.
 */
export function parseStoreUrl(url: string | undefined, cwd = process.cwd()): StoreTarget {
  const value = url?.trim() ?? '';
  if (value === '') return { kind: 'sqlite', path: resolve(cwd, DEFAULT_SQLITE_PATH) };
  if (value === 'sqlite::memory:') return { kind: 'sqlite', path: ':memory:' };
  if (value.startsWith('sqlite://')) {
    const path = decodeURIComponent(value.slice('sqlite://'.length));
    if (path === '' || path === '/') {
      throw new Error(`YIN_STORE_URL "${value}" names no file; use ${FORMS}.`);
    }
    return { kind: 'sqlite', path: isAbsolute(path) ? path : resolve(cwd, path) };
  }
  if (/^rediss?:\/\//i.test(value)) return { kind: 'redis', url: value };
  // Only the scheme is echoed: the rest of a URL may carry a password.
  const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(value)?.[0] ?? 'no scheme';
  throw new Error(`YIN_STORE_URL has an unsupported form (${scheme}); use ${FORMS}.`);
}

/** Opens the store a YIN_STORE_URL value names (undefined or '' → var/yin.sqlite). */
export function openStore(url: string | undefined, options: StoreOptions = {}): Store {
  const target = parseStoreUrl(url);
  if (target.kind === 'redis') return openRedisStore(target.url, options);
  return openSqliteStore(target.path);
}

/** A Store over one SQLite file (or ':memory:'); every namespace shares the connection. */
export function openSqliteStore(path: string): Store {
  const db = new SqliteDb(path);
  return {
    kind: 'sqlite',
    keyv: keyvCache(
      (namespace) => new Keyv({ store: new KeyvSqlite(db, { namespace: checkNamespace(namespace) }), namespace }),
    ),
    async ping() {
      return db.ping();
    },
    async close() {
      db.close();
    },
  };
}
