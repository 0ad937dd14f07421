import type Keyv from 'keyv';
import type { SessionState } from '../domain/session.ts';

/**
 * Active sessions, one key per channel (a channel holds one session at a time). Listing uses the
 * namespace iterator, so no shared index is ever read-modified-written.
 */
export class SessionsRepo {
  readonly #keyv: Keyv<SessionState>;
  constructor(keyv: Keyv<SessionState>) {
    this.#keyv = keyv;
  }

  async get(channelId: string): Promise<SessionState | undefined> {
    return (await this.#keyv.get(channelId)) ?? undefined;
  }

  async save(state: SessionState): Promise<void> {
    await this.#keyv.set(state.channelId, state);
  }

  async remove(channelId: string): Promise<void> {
    await this.#keyv.delete(channelId);
  }

  async all(): Promise<SessionState[]> {
    const out: SessionState[] = [];
    if (!this.#keyv.iterator) throw new Error('the session store cannot list its keys (no iterator)');
    for await (const [, value] of this.#keyv.iterator()) if (value) out.push(value as SessionState);
    return out;
  }
}
