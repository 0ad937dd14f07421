import type { Catalog } from '../domain/catalog-schema.ts';
import type { Clock } from '../domain/clock.ts';
import type { GuildCatalogs } from '../library/catalogs.ts';
import type { Logger } from '../log.ts';
import type { Repos } from '../repos.ts';
import type { ScheduleServices } from './schedule/setup.ts';
import type { SessionRunner } from '../sessions/runner.ts';
import type { Store } from '../store/store.ts';

/** What handlers work with, passed in explicitly (no service locator). */
export interface BotContext extends Repos {
  /** The built-in sequences and poses. */
  catalog: Catalog;
  /** Each guild's sequences: built-in and its own. */
  catalogs: GuildCatalogs;
  runner: SessionRunner;
  clock: Clock;
  log: Logger;
  store: Store;
  schedules: ScheduleServices;
}
