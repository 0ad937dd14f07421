import type { Paced } from '../sessions/send-window.ts';
import type { Catalog } from '../domain/catalog-schema.ts';
import type { CommandMentions } from '../command-mentions.ts';
import type { Clock } from '../domain/clock.ts';
import type { GuildCatalogs } from '../library/catalogs.ts';
import type { LibraryDeps } from '../library/verbs.ts';
import type { LocalizedCatalogs } from '../domain/translations.ts';
import type { Language } from '../languages.ts';
import type { Logger } from '../log.ts';
import type { Repos } from '../repos.ts';
import type { ScheduleServices } from './schedule/setup.ts';
import type { SignupLookup } from '../schedule/signups.ts';
import type { SessionRunner } from '../sessions/runner.ts';
import type { ReplaysRepo } from '../sessions/replays.ts';
import type { Store } from '../store/store.ts';

/** What handlers work with, passed in explicitly (no service locator). */
export interface BotContext extends Repos {
  /** The built-in sequences and poses. */
  catalog: Catalog;
  /** Each guild's sequences: built-in and its own. */
  catalogs: GuildCatalogs;
  /** The built-in poses and sequences in each language. */
  localized: LocalizedCatalogs;
  /** The guild's practice language: `/yin settings language`, else its Discord locale. */
  languageOf(guildId: string): Promise<Language>;
  runner: SessionRunner;
  clock: Clock;
  log: Logger;
  store: Store;
  schedules: ScheduleServices;
  /** The classes a server ran, and each member's running private replay (`/yin replay`). */
  replays: ReplaysRepo;
  /**
   * This process gets what happens in DMs: Discord sends DM interactions to shard 0, so a DM
   * replay's buttons only reach the process that runs shard 0. Default (one process): true.
   */
  receivesDms?: boolean;
  /**
   * Runs one request outside a session's posts in its turn of the post budget the sessions share
   * (pacer.ts): its place is held until Discord answers, then given back.
   */
  paced: Paced;
  /** The ports the library's use cases (src/library/verbs.ts) run over. */
  library: LibraryDeps;
  /** The bot's command mentions, for the sentences of every answer. */
  mentions: CommandMentions;
  /** Who signed up for a schedule's start (attendance reports' no-shows); unset: not known. */
  signups: SignupLookup;
  /** The class view (a Discord Activity) is on: YIN_ACTIVITY_PORT is set. */
  classView?: boolean;
}
