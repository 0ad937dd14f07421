import type { Catalog } from '../domain/catalog-schema.ts';
import type { Clock } from '../domain/clock.ts';
import type { GuildCatalogs } from '../library/catalogs.ts';
import type { LocalizedCatalogs } from '../domain/translations.ts';
import type { Language } from '../languages.ts';
import type { Logger } from '../log.ts';
import type { Repos } from '../repos.ts';
import type { ScheduleServices } from './schedule/setup.ts';
import type { SignupLookup } from '../schedule/signups.ts';
import type { SessionRunner } from '../sessions/runner.ts';
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
  /** Who signed up for a schedule's start (attendance reports' no-shows); unset: not known. */
  signups?: SignupLookup;
  /** The class view (a Discord Activity) is on: YIN_ACTIVITY_PORT is set. */
  classView?: boolean;
}
