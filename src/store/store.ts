import type { Keyv } from 'keyv';

/**
 * Where yin keeps everything: a Keyv per namespace over one backend.
 *
 * keyv has no compare-and-set, so data is laid out one key per record; anything that must be
 * listed is the set of keys in a namespace (read with `keyv.iterator()`), never an array
 * stored under one key and rewritten.
 *
 * Storage failures make Keyv operations reject (no 'error' listener is attached), so callers
 * see an outage instead of an empty result.
 */
export type Store = {
  readonly kind: 'sqlite' | 'redis';
  /** A Keyv for `namespace` (must not contain "::" or end with ":"). Cheap: the recently used ones are kept. */
  keyv<T>(namespace: string): Keyv<T>;
  /** True when the backend answers. */
  ping(): Promise<boolean>;
  /** Closes the connection or file; the store's Keyvs can't be used afterwards. */
  close(): Promise<void>;
};

export type StoreOptions = {
  /** Background trouble no operation is waiting on (e.g. Redis reconnecting). Default: ignore. */
  onError?: (error: Error) => void;
  /** The backend went away ('down', once) or answers again ('up', once). Redis only. */
  onStatus?: (status: 'down' | 'up', error?: Error) => void;
};
