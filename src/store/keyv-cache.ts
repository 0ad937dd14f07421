import type { Keyv } from 'keyv';

/**
 * Keeps the Keyv (and adapter) of the most recently used namespaces, so a busy member's writes
 * reuse one instead of building an adapter per operation: at thousands of writes a second the
 * garbage of throwaway adapters showed up as GC pauses in write latency (`npm run bench`).
 * A Keyv holds no data of its own, so sharing one per namespace changes nothing else.
 */
export function keyvCache(make: (namespace: string) => Keyv<unknown>, max = 1000): <T>(namespace: string) => Keyv<T> {
  const cache = new Map<string, Keyv<unknown>>();
  return <T>(namespace: string): Keyv<T> => {
    let keyv = cache.get(namespace);
    if (keyv) {
      cache.delete(namespace); // re-inserted below: the Map's order is least recently used first
    } else {
      keyv = make(namespace);
      if (cache.size >= max) cache.delete(cache.keys().next().value as string);
    }
    cache.set(namespace, keyv);
    return keyv as Keyv<T>;
  };
}
