import type { EventEmitter } from 'node:events';
import KeyvRedis, { type KeyvRedisOptions, type RedisClientConnectionType } from '@keyv/redis';
import { Keyv } from 'keyv';
import { keyvCache } from './keyv-cache.ts';
import { checkNamespace } from './namespace.ts';
import { redisClient } from './redis-client.ts';
import type { Store, StoreOptions } from './store.ts';
import { InputError } from '../domain/input-error.ts';

/** Redis is away (reconnecting): the operation was refused, not half-done. */
export class StoreUnavailableError extends InputError {
  override name = 'StoreUnavailableError';
  constructor() {
    super('common.storeDown');
  }
}

const PING_TIMEOUT_MS = 2000;

/**
 * A Store over one Redis connection. keyv 6 keeps the namespace on the adapter, so every
 * namespace gets its own small KeyvRedis, all sharing this one client.
 */
export function openRedisStore(url: string, options: StoreOptions = {}): Store {
  const onError = options.onError ?? (() => {});
  // No offline queue: while Redis is away an operation fails at once (the member is told, a
  // session carries on in memory) instead of hanging past Discord's 3-second answer window.
  // The client reconnects by itself: its errors are reported, and the store carries on.
  const client = redisClient(url, { offlineQueue: false, onError });
  // One line when Redis goes away and one when it is back, however many reconnects in between.
  let down = false;
  client.on('error', (err: Error) => {
    if (!down && !closed) {
      down = true;
      options.onStatus?.('down', err);
    }
  });
  client.on('ready', () => {
    if (down) {
      down = false;
      options.onStatus?.('up');
    }
  });
  // Connect now, once: KeyvRedis connects lazily per adapter, and two adapters racing to
  // connect the shared client would fail with "Socket already opened". Commands sent before
  // the connection is up wait in the client's offline queue.
  // Without an offline queue those would fail, so operations wait for this first connect.
  const connected: Promise<unknown> = client.connect().catch(onError);
  let closed = false;
  const isClosed = () => closed;

  return {
    kind: 'redis',
    keyv: keyvCache((namespace) => {
      const adapter = adoptClient(
        client,
        () =>
          new SharedKeyvRedis(client, isClosed, connected, {
            namespace: checkNamespace(namespace),
            // Fail the operation (Keyv re-throws it) instead of answering "not found".
            throwOnErrors: true,
          }),
      );
      return new Keyv({ store: adapter, namespace });
    }),
    async ping() {
      try {
        const answer = await withTimeout(
          connected.then(() => client.ping()),
          PING_TIMEOUT_MS,
        );
        return answer === 'PONG';
      } catch {
        return false;
      }
    },
    async close() {
      closed = true;
      if (client.isReady) await client.close();
      else if (client.isOpen) client.destroy(); // still (re)connecting: nothing to drain
    },
  };
}

/**
 * KeyvRedis reconnects a closed client on its next operation; after the store is closed that
 * would quietly reopen a connection (and keep the process alive), so refuse instead.
 */
class SharedKeyvRedis extends KeyvRedis<unknown> {
  readonly #isClosed: () => boolean;
  readonly #connected: Promise<unknown>;

  constructor(
    client: RedisClientConnectionType,
    isClosed: () => boolean,
    connected: Promise<unknown>,
    options: KeyvRedisOptions,
  ) {
    super(client, options);
    this.#isClosed = isClosed;
    this.#connected = connected;
  }

  override async getClient(): Promise<RedisClientConnectionType> {
    if (this.#isClosed()) throw new Error('The Redis store is closed.');
    await this.#connected;
    const client = await super.getClient();
    // Said to the member (an InputError): nothing was saved, and why.
    if (!client.isReady) throw new StoreUnavailableError();
    return client;
  }
}

/**
 * KeyvRedis subscribes to the client's events to re-emit them. One adapter per namespace
 * would pile up listeners on the shared client (a leak, and N copies of every error), so
 * take back the listeners the adapter just added; the store's own 'error' listener reports
 * connection trouble once. Operation errors still reach callers: they are thrown.
 */
function adoptClient<A>(client: EventEmitter, make: () => A): A {
  const before = new Map(client.eventNames().map((name) => [name, new Set(client.listeners(name))]));
  const made = make();
  for (const name of client.eventNames()) {
    for (const listener of client.listeners(name)) {
      if (!before.get(name)?.has(listener)) client.off(name, listener as (...args: unknown[]) => void);
    }
  }
  return made;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
