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
import { SchedulesRepo } from '../../schedule/schedules-repo.ts';
import type { OwnsGuild } from '../../shard/ownership.ts';
import type { CommandMentions } from '../../command-mentions.ts';
import { mentioning } from '../../i18n.ts';
import type { SessionHooks, SessionRunner } from '../../sessions/runner.ts';
import type { Store } from '../../store/store.ts';
import { cachedChannels } from './access.ts';
import { ScheduledEvents } from './events.ts';
import { couldNotStart, noEventsNotice, reminderMessage, startNotice, type OutgoingMessage } from './format.ts';
import { scheduledEventHandlers, type ScheduledEventHandlers } from './watch.ts';

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
  /** For the gateway: an organiser's edit or delete of a schedule's event. */
  scheduledEvents: ScheduledEventHandlers;
  /** After runner.resumeAll() on READY: arm every schedule (with catch-up), then sync events. */
  start(): Promise<void>;
  stop(): void;
}

/** The notices port: the channel posts, rendered by format.ts and sent over REST. */
function channelNotices(
  rest: REST,
  catalogs: CatalogsPort,
  languageOf: (guildId: string) => Promise<Language>,
  mentions: CommandMentions,
): NoticesPort {
  // Each notice is in the schedule's language, else the server's practice language, named
  // explicitly: the sequence's name from the catalog in that language, every sentence in it.
  const post = async (s: Schedule, render: (lang: Language) => OutgoingMessage): Promise<void> => {
    const lang = s.language ?? (await languageOf(s.guildId));
    const body = mentioning(mentions, () => render(lang));
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
  /** The guilds whose schedules this process fires (its shards'). */
  owns: OwnsGuild;
  /** The bot's command mentions, for the notices' sentences. */
  mentions: CommandMentions;
}): Scheduling {
  const log = o.log.child({ component: 'schedule' });
  const repo = new SchedulesRepo((ns) => o.store.keyv(ns), log, o.owns);
  const events = new ScheduledEvents(o.client.rest);
  const scheduler = new Scheduler({
    repo,
    clock: o.clock,
    log,
    onReminder: (s, occ) => remind(ports, s, occ),
    onStart: (s, occ, lateMs) => startPractice(ports, s, occ, lateMs),
  });
  const ports: ScheduleDeps = {
    repo,
    events,
    scheduler,
    runner: o.runner,
    notices: channelNotices(o.client.rest, o.catalogs, o.languageOf, o.mentions),
    channels: cachedChannels(o.client),
    catalogs: o.catalogs,
    practiceLanguage: o.languageOf,
    clock: o.clock,
    log,
    lock: new KeyedLock(),
  };
  return {
    repo,
    scheduler,
    ports,
    hooks: { ended: (s) => sessionEnded(ports, s) },
    scheduledEvents: scheduledEventHandlers(ports, events, log),
    async start() {
      // Never blocks the bot from coming up: sessions and commands work without schedules.
      await scheduler.armAll().catch((err: unknown) => log.error({ err }, 'could not arm schedules'));
      await syncAll(ports).catch((err: unknown) => log.error({ err }, 'could not sync scheduled events'));
    },
    stop: () => scheduler.stop(),
  };
}
