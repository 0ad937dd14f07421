import type { EventEmitter } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.ts';
import { needsRedis, sharedRedis, type TestRedis } from '../helpers/redis.ts';

describe('Redis store specifics', needsRedis, () => {
  let redis: TestRedis | undefined;
  beforeAll(async () => {
    redis = await sharedRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });
  const url = () => {
    if (!redis) throw new Error('redis did not start');
    return redis.url;
  };

  it('shares one client across namespaces without piling listeners onto it', async () => {
    const store = openStore(url());
    const client = (store.keyv('warm').store as unknown as { client: EventEmitter }).client;
    const before = client.listenerCount('error');
    for (let i = 0; i < 50; i++) {
      const keyv = store.keyv<number>(`ns${i}`);
      expect((keyv.store as unknown as { client: EventEmitter }).client).toBe(client);
      await keyv.set('k', i);
    }
    expect(client.listenerCount('error')).toBe(before);
    expect(await store.keyv<number>('ns7').get('k')).toBe(7);
    await store.close();
  });

  it('rejects operations and fails ping after close', async () => {
    const store = openStore(url());
    const keyv = store.keyv<string>('closing');
    await keyv.set('a', 'b');
    await store.close();
    expect(await store.ping()).toBe(false);
    await expect(keyv.get('a')).rejects.toThrow();
  });
});
