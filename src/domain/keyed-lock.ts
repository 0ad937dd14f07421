/**
 * Runs tasks for the same key one after another, each waiting for the previous one on that key
 * to settle (fulfilled or not), so a tick and a button press — or two writes to one guild's
 * schedules — never interleave. The map forgets a key once nothing is queued on it, so it
 * doesn't grow per key forever. In-process only: it does NOT protect against a second process
 * sharing the store.
 */
export class KeyedLock {
  readonly #tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    const next = previous.then(task, task);
    const tail = next.catch(() => undefined);
    this.#tails.set(key, tail);
    void tail.then(() => {
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    });
    return next;
  }
}
