import type { Keyv } from 'keyv';
import type { Store } from '../store/store.ts';
import type { SequenceForm } from './form.ts';

/** A form as the member left it, so "Edit and try again" can give it back. */
export interface SequenceDraft {
  form: Required<SequenceForm> & { hold: string };
  /** Set when the form edited a stored sequence: which one, and the revision it was based on. */
  edit?: { id: string; revision: number } | undefined;
}

/** How long a refused form is kept. */
export const DRAFT_TTL_MS = 60 * 60_000;

/**
 * Refused sequence forms, one per member and guild, kept an hour (the store's own expiry).
 * Layout: namespace `sequence-drafts`, key `<guildId>.<userId>`.
 */
export class DraftsRepo {
  readonly #keyv: Keyv<SequenceDraft>;

  constructor(store: Store) {
    this.#keyv = store.keyv<SequenceDraft>('sequence-drafts');
  }

  get(guildId: string, userId: string): Promise<SequenceDraft | undefined> {
    return this.#keyv.get(draftKey(guildId, userId));
  }

  async keep(guildId: string, userId: string, draft: SequenceDraft): Promise<void> {
    await this.#keyv.set(draftKey(guildId, userId), draft, DRAFT_TTL_MS);
  }

  async forget(guildId: string, userId: string): Promise<void> {
    await this.#keyv.delete(draftKey(guildId, userId));
  }
}

const draftKey = (guildId: string, userId: string) => `${guildId}.${userId}`;
