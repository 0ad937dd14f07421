import { ChannelType, type Client } from 'discord.js';
import type { Catalog } from '../../domain/catalog-schema.ts';
import type { Clock } from '../../domain/clock.ts';
import type { Logger } from '../../log.ts';
import { Scheduler } from '../../schedule/scheduler.ts';
import { SchedulesRepo } from '../../schedule/schedules-repo.ts';
import { ownsGuild } from '../../shard/ownership.ts';
import type { SessionHooks, SessionRunner } from '../../sessions/runner.ts';
import type { Store } from '../../store/store.ts';
import { ScheduledEvents } from './events.ts';
import { ScheduledPractice } from './practice.ts';
import { watchScheduledEvents } from './watch.ts';

/** What `/yin schedule` works with (BotContext.schedules). */
export interface ScheduleServices {
  repo: SchedulesRepo;
  scheduler: Scheduler;
  practice: ScheduledPractice;
  events: ScheduledEvents;
}

export interface Scheduling extends ScheduleServices {
  /** For the runner's hooks: a schedule's session ending moves its event along. */
  hooks: SessionHooks;
  /** After runner.resumeAll() on READY: arm every schedule (with catch-up), then sync events. */
  start(): Promise<void>;
  stop(): void;
}

export function createScheduling(o: { client: Client; store: Store; runner: SessionRunner; catalog: Catalog; clock: Clock; log: Logger }): Scheduling {
  const log = o.log.child({ component: 'schedule' });
  const repo = new SchedulesRepo((ns) => o.store.keyv(ns), log, ownsGuild);
  const events = new ScheduledEvents(o.client.rest);
  const practice = new ScheduledPractice({
    repo,
    events,
    runner: o.runner,
    catalog: o.catalog,
    rest: o.client.rest,
    clock: o.clock,
    log,
    channel: (_guildId, channelId) => {
      const c = o.client.channels.cache.get(channelId);
      if (!c || !('name' in c) || typeof c.name !== 'string') return undefined;
      return { name: c.name, kind: c.type === ChannelType.GuildVoice ? 'voice' : 'text' };
    },
  });
  const scheduler = new Scheduler({
    repo,
    clock: o.clock,
    log,
    onReminder: (s, occ) => practice.remind(s, occ),
    onStart: (s, occ, lateMs) => practice.start(s, occ, lateMs),
  });
  watchScheduledEvents(o.client, practice, events, log);
  return {
    repo,
    scheduler,
    practice,
    events,
    hooks: { ended: (s) => practice.sessionEnded(s) },
    async start() {
      // Never blocks the bot from coming up: sessions and commands work without schedules.
      await scheduler.armAll().catch((err: unknown) => log.error({ err }, 'could not arm schedules'));
      await practice.syncAll().catch((err: unknown) => log.error({ err }, 'could not sync scheduled events'));
    },
    stop: () => scheduler.stop(),
  };
}
