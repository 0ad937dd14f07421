import { createClient, defaultReconnectStrategy } from '@keyv/redis';

/**
 * The one way yin opens a Redis connection: the store, the shared post budget and the shard
 * leases each have their own, made here. It reconnects by itself with the library's backoff, and
 * its errors go to `onError` (a client with no 'error' listener would crash the process on a
 * dropped connection). Not connected yet: the caller connects it when it is ready to.
 *
 * `offlineQueue: false` makes a command fail at once while Redis is away instead of waiting for
 * it to come back: what anything a member or a post is waiting on wants.
 */
export function redisClient(url: string, o: { offlineQueue: boolean; onError?: (err: Error) => void }) {
  const client = createClient({
    url,
    disableOfflineQueue: !o.offlineQueue,
    socket: { reconnectStrategy: defaultReconnectStrategy },
  });
  client.on('error', o.onError ?? (() => {}));
  return client;
}

/** A node-redis connection, as redisClient makes it. */
export type RedisClient = ReturnType<typeof redisClient>;
