import type { Catalog, Sequence } from '../domain/catalog-schema.ts';
import type { Language } from '../languages.ts';
import { catalogFor } from './resolve.ts';
import type { SequencesRepo } from './sequences-repo.ts';

/** What a guild can practise: the built-in catalog, and the guild's own sequences beside it. */
export interface CatalogsPort {
  /**
   * The guild's catalog as last loaded (the built-in one for a guild never loaded), its built-in
   * sequences and poses in `language` (English by default). Sync, for timers.
   */
  of(guildId: string, language?: Language): Catalog;
  /** Reads the guild's sequences from the store and keeps the catalog for `of`. */
  load(guildId: string): Promise<Catalog>;
  /**
   * The sequences this guild can practise, in `language`: read fresh from the store (commands),
   * its built-in sequences and poses in that language, its own in the words they were written in.
   */
  in(guildId: string, language: Language): Promise<Catalog>;
}

/**
 * Guild catalogs, kept per process. Discord sends a guild's interactions to the one process that
 * holds its shard, and every write of a guild's sequences goes through that process and reloads
 * here, so what `of` gives is what the store holds. Commands `load` (a fresh read); timers
 * (schedules) use `of`, warmed at start-up.
 */
export class GuildCatalogs implements CatalogsPort {
  readonly #builtIn: Catalog;
  readonly #repo: SequencesRepo;
  readonly #in: (language: Language) => Catalog;
  readonly #loaded = new Map<string, Catalog>();
  readonly #own = new Map<string, Sequence[]>();

  /** `builtInIn`: the built-in catalog in a language (LocalizedCatalogs.of); English only without it. */
  constructor(builtIn: Catalog, repo: SequencesRepo, builtInIn: (language: Language) => Catalog = () => builtIn) {
    this.#builtIn = builtIn;
    this.#repo = repo;
    this.#in = builtInIn;
  }

  get builtIn(): Catalog {
    return this.#builtIn;
  }

  of(guildId: string, language?: Language): Catalog {
    if (language === undefined || language === 'en') return this.#loaded.get(guildId) ?? this.#builtIn;
    const own = this.#own.get(guildId);
    return own ? catalogFor(this.#in(language), own) : this.#in(language);
  }

  async in(guildId: string, language: Language): Promise<Catalog> {
    await this.load(guildId);
    return this.of(guildId, language);
  }

  async load(guildId: string): Promise<Catalog> {
    const own = await this.#repo.sequences(guildId);
    const catalog = own.length ? catalogFor(this.#builtIn, own) : this.#builtIn;
    if (own.length) {
      this.#loaded.set(guildId, catalog);
      this.#own.set(guildId, own);
    } else {
      this.#loaded.delete(guildId);
      this.#own.delete(guildId);
    }
    return catalog;
  }
}

/** A port that only ever has the built-in catalog (tests of schedules that need no server sequences). */
export const builtInOnly = (catalog: Catalog): CatalogsPort => ({
  of: () => catalog,
  load: async () => catalog,
  in: async () => catalog,
});

/** Loads the guilds' catalogs a few at a time; a guild whose read fails keeps the built-in one (logged). */
export async function warmCatalogs(
  catalogs: CatalogsPort,
  guildIds: readonly string[],
  log: { warn(o: object, msg: string): void },
): Promise<void> {
  const queue = [...guildIds];
  const worker = async () => {
    for (let id = queue.shift(); id !== undefined; id = queue.shift())
      await catalogs
        .load(id)
        .catch((err: Error) =>
          log.warn(
            { event: 'library.load_failed', guild: id, err: err.message },
            'could not read the guild’s sequences',
          ),
        );
  };
  await Promise.all(Array.from({ length: Math.min(8, queue.length) }, worker));
}
