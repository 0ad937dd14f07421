import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, type TestOptions } from 'vitest';
import { openStore, type Store } from '../../src/store/open-store.ts';
import { needsRedis, sharedRedis, type TestRedis } from '../helpers/redis.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function collect<T>(iterator: AsyncGenerator<Array<string | T | undefined>>): Promise<Map<string, T>> {
  const found = new Map<string, T>();
  for await (const [key, value] of iterator) found.set(String(key), value as T);
  return found;
}

let unique = 0;
/** A fresh namespace per test, so tests sharing one Redis can't see each other's keys. */
const ns = (name: string) => `${name}-${process.pid}-${++unique}`;

type Backend = { name: string; needs: TestOptions; url(): string };

const tempDir = mkdtempSync(join(tmpdir(), 'yin-store-'));
let redis: TestRedis | undefined;

const backends: Backend[] = [
  { name: 'SQLite file', needs: {}, url: () => `sqlite://${join(tempDir, 'nested', 'dir', 'yin.sqlite')}` },
  {
    name: 'Redis',
    needs: needsRedis,
    url: () => {
      if (!redis) throw new Error('redis did not start');
      return redis.url;
    },
  },
];

beforeAll(async () => {
  redis = await sharedRedis();
});

afterAll(async () => {
  await redis?.stop();
  rmSync(tempDir, { recursive: true, force: true });
});

for (const backend of backends) {
  describe(`${backend.name} store`, backend.needs, () => {
    let store: Store;
    beforeAll(() => {
      store = openStore(backend.url());
    });
    afterAll(async () => {
      await store.close();
    });

    it('answers ping', async () => {
      expect(await store.ping()).toBe(true);
    });

    it('sets, gets and deletes a value', async () => {
      const keyv = store.keyv<{ pose: string; minutes: number }>(ns('basic'));
      expect(await keyv.set('a', { pose: 'dragon', minutes: 4 })).toBe(true);
      expect(await keyv.get('a')).toEqual({ pose: 'dragon', minutes: 4 });
      expect(await keyv.has('a')).toBe(true);
      expect(await keyv.delete('a')).toBe(true);
      expect(await keyv.get('a')).toBeUndefined();
      expect(await keyv.delete('a')).toBe(false);
    });

    it('expires a value after its ttl, and never lists it', async () => {
      const keyv = store.keyv<string>(ns('ttl'));
      await keyv.set('short', 'gone soon', 150);
      await keyv.set('long', 'stays');
      expect(await keyv.get('short')).toBe('gone soon');
      await sleep(400);
      expect(await keyv.get('short')).toBeUndefined();
      expect(await keyv.has('short')).toBe(false);
      expect([...(await collect<string>(keyv.iterator())).keys()]).toEqual(['long']);
    });

    it('keeps namespaces apart: clearing one leaves the others, even a longer lookalike', async () => {
      const base = ns('iso');
      const a = store.keyv<number>(base);
      const nested = store.keyv<number>(`${base}:sub`);
      const b = store.keyv<number>(`${base}-b`);
      await a.set('k', 1);
      await nested.set('k', 2);
      await b.set('k', 3);
      expect(await a.get('k')).toBe(1);
      expect(await nested.get('k')).toBe(2);
      await a.clear();
      expect(await a.get('k')).toBeUndefined();
      expect(await nested.get('k')).toBe(2);
      expect(await b.get('k')).toBe(3);
    });

    it('iterates exactly the keys of one namespace', async () => {
      const one = store.keyv<string>(ns('iter'));
      const two = store.keyv<string>(ns('iter'));
      await Promise.all([
        one.set('x', 'x1'),
        one.set('y', 'y1'),
        one.set('z:with:colons', 'z1'),
        two.set('x', 'x2'),
        two.set('w', 'w2'),
      ]);
      const listed = await collect<string>(one.iterator());
      expect(Object.fromEntries(listed)).toEqual({ x: 'x1', y: 'y1', 'z:with:colons': 'z1' });
    });

    it('lands all of 200 concurrent writes of distinct keys', async () => {
      const keyv = store.keyv<number>(ns('concurrent'));
      const results = await Promise.all(Array.from({ length: 200 }, (_, i) => keyv.set(`k${i}`, i)));
      expect(results.every(Boolean)).toBe(true);
      const listed = await collect<number>(keyv.iterator());
      expect(listed.size).toBe(200);
      for (let i = 0; i < 200; i++) expect(listed.get(`k${i}`)).toBe(i);
    });

    it('refuses a namespace that could overlap another', () => {
      expect(() => store.keyv('a::b')).toThrow(/must not contain "::"/);
      expect(() => store.keyv('notes:')).toThrow(/end with ":"/);
      expect(() => store.keyv('')).toThrow(/empty/);
    });
  });
}
