import type { Schedule } from '../../schedule/schedule.ts';
import type { Language } from '../../languages.ts';
import { Routes, type Client, type REST } from 'discord.js';
import type { CatalogsPort } from '../../library/catalogs.ts';
import type { Clock } from '../../domain/clock.ts';
import { KeyedLock } from '../../domain/keyed-lock.ts';
import type { Logger } from '../../log.ts';
import type { NoticesPort, ScheduleDeps } from '../../schedule/ports.ts';
import { remind, scheduledTimeline, sessionEnded, startPractice, syncAll } from '../../schedule/practice.ts';
import { Scheduler } from '../../schedule/scheduler.ts';
import type { ScheduleTrigger } from '../../schedule/trigger.ts';
import { SchedulesRepo } from '../../schedule/schedules-repo.ts';
import { ownsGuild } from '../../shard/ownership.ts';
import type { SessionHooks, SessionRunner } from '../../sessions/runner.ts';
import type { Store } from '../../store/store.ts';
import { cachedChannels } from './access.ts';
import { ScheduledEvents } from './events.ts';
import { couldNotStart, noEventsNotice, reminderMessage, startNotice, type OutgoingMessage } from './format.ts';
import { watchScheduledEvents } from './watch.ts';

/** What `/yin schedule` works with (BotContext.schedules). */
export interface ScheduleServices {
  repo: SchedulesRepo;
  scheduler: Scheduler;
  /** The ports the use cases in src/schedule/verbs.ts run over. */
  ports: ScheduleDeps;
}

export interface Scheduling extends ScheduleServices {
  /** For the runner's hooks: a schedule's session ending moves its event along. */
  hooks: SessionHooks;
  /** After runner.resumeAll() on READY: arm every schedule (with catch-up), then sync events. */
  start(): Promise<void>;
  stop(): void;
}

/** The notices port: the channel posts, rendered by format.ts and sent over REST. */
function channelNotices(
  rest: REST,
  catalogs: CatalogsPort,
  languageOf: (guildId: string) => Promise<Language>,
): NoticesPort {
  // Each notice is in the schedule's language, else the server's practice language, named
  // explicitly: the sequence's name from the catalog in that language, every sentence in it.
  const post = async (s: Schedule, render: (lang: Language) => OutgoingMessage): Promise<void> => {
    const body = render(s.language ?? (await languageOf(s.guildId)));
    await rest.post(Routes.channelMessages(s.channelId), { body });
  };
  const timeline = (s: Schedule, lang: Language) => scheduledTimeline(catalogs.of(s.guildId, lang), s);
  return {
    reminder: (s, occurrenceMs, interested, eventId) =>
      post(s, (lang) => reminderMessage(s, timeline(s, lang), occurrenceMs, interested, eventId, lang)),
    starting: (s, lateMs) => post(s, (lang) => startNotice(s, timeline(s, lang), lateMs, lang)),
    couldNotStart: (s, reason) => post(s, (lang) => couldNotStart(s, reason?.text(lang), lang)),
    noEvents: (s) => post(s, (lang) => noEventsNotice(s, lang)),
  };
}

export function createScheduling(o: {
  client: Client;
  store: Store;
  runner: SessionRunner;
  catalogs: CatalogsPort;
  /** The server's practice language, for notices of schedules that name none. */
  languageOf: (guildId: string) => Promise<Language>;
  clock: Clock;
  log: Logger;
  /** What wakes schedules (default: node-cron; tests: the test clock). */
  trigger?: ScheduleTrigger | undefined;
}): Scheduling {
  const log = o.log.child({ component: 'schedule' });
  const repo = new SchedulesRepo((ns) => o.store.keyv(ns), log, ownsGuild);
  const events = new ScheduledEvents(o.client.rest);
  const scheduler = new Scheduler({
    repo,
    clock: o.clock,
    log,
    ...(o.trigger ? { trigger: o.trigger } : {}),
    onReminder: (s, occ) => remind(ports, s, occ),
    onStart: (s, occ, lateMs) => startPractice(ports, s, occ, lateMs),
  });
  const ports: ScheduleDeps = {
    repo,
    events,
    scheduler,
    runner: o.runner,
    notices: channelNotices(o.client.rest, o.catalogs, o.languageOf),
    channels: cachedChannels(o.client),
    catalogs: o.catalogs,
    practiceLanguage: o.languageOf,
    clock: o.clock,
    log,
    lock: new KeyedLock(),
  };
  watchScheduledEvents(o.client, ports, events, log);
  return {
    repo,
    scheduler,
    ports,
    hooks: { ended: (s) => sessionEnded(ports, s) },
    async start() {
      // Never blocks the bot from coming up: sessions and commands work without schedules.
      await scheduler.armAll().catch((err: unknown) => log.error({ err }, 'could not arm schedules'));
      await syncAll(ports).catch((err: unknown) => log.error({ err }, 'could not sync scheduled events'));
    },
    stop: () => scheduler.stop(),
  };
}
