import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteStore, openStore, parseStoreUrl } from '../../src/store/open-store.ts';
import { KeyvSqlite, SqliteDb } from '../../src/store/sqlite-store.ts';

const tempDir = mkdtempSync(join(tmpdir(), 'yin-sqlite-'));
afterAll(() => rmSync(tempDir, { recursive: true, force: true }));

async function keysOf(iterator: AsyncGenerator<Array<unknown>>): Promise<string[]> {
  const keys: string[] = [];
  for await (const [key] of iterator) keys.push(String(key));
  return keys;
}

describe('SQLite store', () => {
  it('creates the parent directory and keeps data across a reopen of the file', async () => {
    const path = join(tempDir, 'a', 'b', 'reopen.sqlite');
    const first = openSqliteStore(path);
    await first.keyv<string>('notes:1').set('n1', 'held the pose');
    await first.close();
    expect(existsSync(path)).toBe(true);

    const second = openSqliteStore(path);
    expect(await second.keyv<string>('notes:1').get('n1')).toBe('held the pose');
    expect(await keysOf(second.keyv('notes:1').iterator())).toEqual(['n1']);
    await second.close();
  });

  it("never returns an expired row from the adapter itself, even with keyv's check off", async () => {
    const adapter = new KeyvSqlite(join(tempDir, 'expiry.sqlite'), { namespace: 'ns' });
    await adapter.set('live', '"a"');
    await adapter.set('past', '"b"', Date.now() - 1);
    adapter.db.set('ns::stale', '"c"', Date.now() - 1000); // as if written before it expired
    expect(await adapter.get('past')).toBeUndefined();
    expect(await adapter.get('stale')).toBeUndefined();
    expect(await adapter.has('stale')).toBe(false);
    expect(await adapter.getMany(['live', 'stale'])).toEqual(['"a"', undefined]);
    expect(await keysOf(adapter.iterator())).toEqual(['live']);
    expect(await adapter.delete('stale')).toBe(false);
    await adapter.disconnect();
  });

  it('pages through a namespace larger than one page, in key order', async () => {
    const store = openSqliteStore(':memory:');
    const keyv = store.keyv<number>('big');
    await keyv.setMany(Array.from({ length: 1234 }, (_, i) => ({ key: `k${String(i).padStart(4, '0')}`, value: i })));
    await store.keyv<number>('big-other').set('k', 1);
    const keys = await keysOf(keyv.iterator());
    expect(keys).toHaveLength(1234);
    expect(keys).toEqual([...keys].sort());
    await store.close();
  });

  it('finds a namespace through the primary key index, not a table scan', () => {
    const db = new SqliteDb(':memory:');
    const plans = [
      ...db.explain(
        'SELECT key, value FROM keyv WHERE key >= ? AND key < ? AND (expires IS NULL OR expires > ?) ORDER BY key LIMIT ?',
        'n::',
        'n:;',
        0,
        10,
      ),
      ...db.explain('DELETE FROM keyv WHERE key >= ? AND key < ?', 'n::', 'n:;'),
    ];
    for (const plan of plans) expect(plan).toMatch(/SEARCH keyv USING PRIMARY KEY \(key>\? AND key<\?\)/);
    db.close();
  });

  it('rejects operations after close, so an outage is never read as "no data"', async () => {
    const store = openSqliteStore(':memory:');
    const keyv = store.keyv<string>('x');
    await store.close();
    expect(await store.ping()).toBe(false);
    await expect(keyv.get('a')).rejects.toThrow();
  });

  it("leaves the shared file open when one namespace's keyv disconnects", async () => {
    const store = openSqliteStore(':memory:');
    await store.keyv('a').disconnect();
    expect(await store.keyv<number>('b').set('k', 1)).toBe(true);
    expect(await store.ping()).toBe(true);
    await store.close();
  });
});

describe('store URLs', () => {
  const cwd = '/srv/yin';
  it.each([
    ['nothing', undefined, { kind: 'sqlite', path: '/srv/yin/var/yin.sqlite' }],
    ['an empty string', '', { kind: 'sqlite', path: '/srv/yin/var/yin.sqlite' }],
    ['a relative sqlite path', 'sqlite://data/yin.sqlite', { kind: 'sqlite', path: '/srv/yin/data/yin.sqlite' }],
    [
      'an absolute sqlite path',
      'sqlite:///var/lib/yin/yin.sqlite',
      { kind: 'sqlite', path: '/var/lib/yin/yin.sqlite' },
    ],
    ['in-memory sqlite', 'sqlite::memory:', { kind: 'sqlite', path: ':memory:' }],
    ['redis', 'redis://user:pw@redis:6379/2', { kind: 'redis', url: 'redis://user:pw@redis:6379/2' }],
    ['redis over TLS', 'rediss://redis.example:6380', { kind: 'redis', url: 'rediss://redis.example:6380' }],
  ])('GIVEN %s THEN it opens the right backend', (_name, url, expected) => {
    expect(parseStoreUrl(url, cwd)).toEqual(expected);
  });

  it('GIVEN an unknown scheme THEN the one-line error names YIN_STORE_URL and hides the rest of the URL', () => {
    expect(() => openStore('postgres://admin:secret@db/yin')).toThrow(
      /^YIN_STORE_URL has an unsupported form \(postgres:\); use sqlite:\/\//,
    );
    try {
      openStore('postgres://admin:secret@db/yin');
    } catch (error) {
      expect(String(error)).not.toContain('secret');
      expect(String(error)).not.toContain('\n');
    }
  });

  it('GIVEN a sqlite URL with no file THEN it says so', () => {
    expect(() => parseStoreUrl('sqlite://')).toThrow(/YIN_STORE_URL "sqlite:\/\/" names no file/);
  });

  it('GIVEN the default THEN the file lands under var/ of the working directory', () => {
    expect(parseStoreUrl(undefined)).toEqual({ kind: 'sqlite', path: resolve('var/yin.sqlite') });
  });
});
