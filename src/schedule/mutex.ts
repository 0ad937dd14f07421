/**
 * Serialises async work per key inside this process: each run waits for the previous run on
 * the same key to settle. Enough for read-modify-write on keyv because one process owns a
 * guild's schedules; it does NOT protect against a second process sharing the store.
 */
export class KeyedMutex {
  readonly #tails = new Map<string, Promise<unknown>>();

  async run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    const result = previous.then(fn, fn);
    const tail = result.catch(() => undefined);
    this.#tails.set(key, tail);
    try {
      return await result;
    } finally {
      // Forget the key once nobody queued behind us, so the map doesn't grow per key forever.
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    }
  }
}
