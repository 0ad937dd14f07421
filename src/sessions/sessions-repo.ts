import type Keyv from 'keyv';
import type { SessionState } from '../domain/session.ts';
import { nestSound, type Bell, type SoundMode, type SoundPrefs, type Volume } from '../domain/sound.ts';

/**
 * A session as stored by any version: before its sound was one field, the parts lay flat beside
 * it, what plays under `sound` (`sound: 'bell', bell: 'chime'`).
 */
export type StoredSession = Omit<SessionState, 'sound'> & {
  sound?: SoundPrefs | SoundMode | undefined;
  bell?: Bell | undefined;
  volume?: Volume | undefined;
  interval?: boolean | undefined;
};

/** A stored session in today's shape (`nestSound`: one `sound`), so an older one resumes with the sound it started with. */
export const readSession = (stored: StoredSession): SessionState => nestSound(stored) as unknown as SessionState;

/**
 * Active sessions, one key per channel (a channel holds one session at a time). Listing uses the
 * namespace iterator, so no shared index is ever read-modified-written.
 */
export class SessionsRepo {
  readonly #keyv: Keyv<StoredSession>;
  constructor(keyv: Keyv<StoredSession>) {
    this.#keyv = keyv;
  }

  async get(channelId: string): Promise<SessionState | undefined> {
    const stored = await this.#keyv.get(channelId);
    return stored ? readSession(stored) : undefined;
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
    for await (const [, value] of this.#keyv.iterator()) if (value) out.push(readSession(value as StoredSession));
    return out;
  }
}
