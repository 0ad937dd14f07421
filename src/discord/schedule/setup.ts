import type { Schedule } from '../../schedule/schedule.ts';
import type { Language } from '../../languages.ts';
import {
  DiscordAPIError,
  RESTJSONErrorCodes,
  Routes,
  type APIGuildMember,
  type Client,
  type RawFile,
  type REST,
} from 'discord.js';
import type { CatalogsPort } from '../../library/catalogs.ts';
import type { Clock } from '../../domain/clock.ts';
import { KeyedLock } from '../../domain/keyed-lock.ts';
import type { Logger } from '../../log.ts';
import type { MembersPort, NoticesPort, ScheduleDeps } from '../../schedule/ports.ts';
import { remind, scheduledTimeline, sessionEnded, startOccurrence, syncAll } from '../../schedule/around-starts.ts';
import { Scheduler } from '../../schedule/scheduler.ts';
import type { ScheduleTrigger } from '../../schedule/trigger.ts';
import { SchedulesRepo } from '../../schedule/schedules-repo.ts';
import type { OwnsGuild } from '../../shard/ownership.ts';
import type { CommandMentions } from '../../command-mentions.ts';
import { mentioning } from '../../i18n.ts';
import type { SessionHooks, SessionRunner } from '../../sessions/runner.ts';
import type { Store } from '../../store/store.ts';
import { cachedChannels } from './access.ts';
import { reminderCalendar } from './calendar.ts';
import { ScheduledEvents } from './events.ts';
import { couldNotStart, noEventsNotice, reminderMessage, startNotice, type OutgoingMessage } from './format.ts';
import { closeUntaken } from './substitute-post.ts';
import { scheduledEventHandlers, type ScheduledEventHandlers } from './watch.ts';
import { DmReminders } from '../../schedule/dm-reminders.ts';
import { catchUpInterested, startCounts, type SignupDeps } from '../../schedule/signup-verbs.ts';
import { SignupsRepo } from '../../schedule/signups-repo.ts';
import { restDms } from './dms.ts';
import { announcement, countsFooter, signupRow } from './signup-format.ts';
import { interestedHandlers, type InterestedHandlers } from './watch-interested.ts';

/** What `/yin schedule` works with (BotContext.schedules). */
export interface ScheduleServices {
  repo: SchedulesRepo;
  scheduler: Scheduler;
  /** The ports the use cases in src/schedule/verbs.ts run over. */
  ports: ScheduleDeps;
  /** Sign-ups (src/schedule/signup-verbs.ts); `signups.signups.going()` is what attendance reads. */
  signups: SignupDeps;
  /** A member's "forget me": their sign-ups go, and the waitlists move up. */
  eraseSignups(userId: string): Promise<number>;
}

export interface Scheduling extends ScheduleServices {
  /** For the runner's hooks: a schedule's session ending moves its event along. */
  hooks: SessionHooks;
  /** For the gateway: an organiser's edit or delete of a schedule's event. */
  scheduledEvents: ScheduledEventHandlers;
  /** For the gateway: a member marked, or unmarked, Interested on a schedule's event. */
  interested: InterestedHandlers;
  /** After runner.resumeAll() on READY: arm every schedule (with catch-up), then sync events. */
  start(): Promise<void>;
  stop(): void;
}

/** The notices port: the channel posts, rendered by format.ts and sent over REST; a reminder carries `files(s)`. */
function channelNotices(
  rest: REST,
  catalogs: CatalogsPort,
  languageOf: (guildId: string) => Promise<Language>,
  files: (s: Schedule) => Promise<RawFile[]>,
  signups: () => SignupDeps,
  mentions: CommandMentions,
): NoticesPort {
  // Each notice is in the schedule's language, else the server's practice language, named
  // explicitly: the sequence's name from the catalog in that language, every sentence in it.
  const post = async (
    s: Schedule,
    render: (lang: Language) => OutgoingMessage & { components?: unknown[] },
    uploads: RawFile[] = [],
  ): Promise<void> => {
    const lang = s.language ?? (await languageOf(s.guildId));
    const body = mentioning(mentions, () => render(lang));
    await rest.post(Routes.channelMessages(s.channelId), uploads.length ? { body, files: uploads } : { body });
  };
  const timeline = (s: Schedule, lang: Language) => scheduledTimeline(catalogs.of(s.guildId, lang), s);
  return {
    // With the sign-up buttons and the counts (never a name); members Interested while the bot
    // was away are signed up first, so the counts include them. Sign-ups never hold the reminder
    // up: if they can't be read it goes out without counts.
    reminder: async (s, occurrenceMs, interested, eventId) => {
      const counts = await catchUpInterested(signups(), s, occurrenceMs, interested)
        .then(() => startCounts(signups(), s, occurrenceMs))
        .catch((err: unknown) => signups().log.warn({ scheduleId: s.id, err }, 'could not read the sign-ups'));
      await post(
        s,
        (lang) => {
          const m = reminderMessage(s, timeline(s, lang), occurrenceMs, interested, eventId, lang);
          return {
            ...m,
            content: counts ? `${m.content}\n${countsFooter(counts, lang)}` : m.content,
            components: [signupRow(s.id, occurrenceMs, lang)],
          };
        },
        await files(s),
      );
    },
    // A schedule with places announces each class with the sign-up buttons, once per start.
    announce: async (s, occurrenceMs) => {
      if (s.capacity === undefined) return;
      const d = signups();
      if (!(await d.signups.claimPost({ guildId: s.guildId, scheduleId: s.id, occurrenceMs }))) return;
      const counts = await startCounts(d, s, occurrenceMs);
      await post(s, (lang) => announcement(s, timeline(s, lang), occurrenceMs, counts, lang));
    },
    starting: (s, lateMs) => post(s, (lang) => startNotice(s, timeline(s, lang), lateMs, lang)),
    couldNotStart: (s, reason) => post(s, (lang) => couldNotStart(s, reason?.text(lang), lang)),
    noEvents: (s) => post(s, (lang) => noEventsNotice(s, lang)),
    substituteUntaken: async (s, request) => {
      const lang = s.language ?? (await languageOf(s.guildId));
      await closeUntaken(rest, s, request, timeline(s, lang)?.sequence.name ?? s.sequenceId, lang);
    },
  };
}

/** The members port over REST: a member's name in the server, or undefined for someone who isn't one. */
function restMembers(rest: REST): MembersPort {
  return {
    async displayName(guildId, userId) {
      try {
        const m = (await rest.get(Routes.guildMember(guildId, userId))) as APIGuildMember;
        return m.nick ?? m.user.global_name ?? m.user.username;
      } catch (err) {
        if (err instanceof DiscordAPIError && err.code === RESTJSONErrorCodes.UnknownMember) return undefined;
        throw err;
      }
    },
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
  /** What wakes schedules (default: node-cron; tests: the test clock). */
  trigger?: ScheduleTrigger | undefined;
}): Scheduling {
  const log = o.log.child({ component: 'schedule' });
  const repo = new SchedulesRepo((ns) => o.store.keyv(ns), log, o.owns);
  const events = new ScheduledEvents(o.client.rest);
  const scheduler = new Scheduler({
    repo,
    clock: o.clock,
    log,
    ...(o.trigger ? { trigger: o.trigger } : {}),
    onReminder: (s, occ) => remind(ports, s, occ),
    onStart: (s, occ, lateMs) => startOccurrence(ports, s, occ, lateMs),
  });
  const ports: ScheduleDeps = {
    repo,
    events,
    scheduler,
    runner: o.runner,
    notices: channelNotices(
      o.client.rest,
      o.catalogs,
      o.languageOf,
      (s) => reminderCalendar(o.client, ports, s, log),
      () => signups,
      o.mentions,
    ),
    channels: cachedChannels(o.client),
    members: restMembers(o.client.rest),
    catalogs: o.catalogs,
    practiceLanguage: o.languageOf,
    clock: o.clock,
    log,
    lock: new KeyedLock(),
  };
  const signupsRepo = new SignupsRepo(
    o.store,
    () => o.clock.now(),
    (info) => log.warn({ event: 'store.invalid_record', ...info }, 'skipped a stored sign-up that does not validate'),
  );
  const signupBase = {
    schedules: repo,
    signups: signupsRepo,
    clock: o.clock,
    log,
    dms: restDms(o.client.rest, {
      nameOf: (s, lang) => scheduledTimeline(o.catalogs.of(s.guildId, lang), s)?.sequence.name ?? s.sequenceId,
      languageOf: o.languageOf,
    }),
  };
  const dmReminders = new DmReminders(signupBase, o.owns);
  const signups: SignupDeps = { ...signupBase, armDms: (s, occ) => dmReminders.arm(s, occ) };
  return {
    repo,
    scheduler,
    ports,
    signups,
    eraseSignups: (userId) =>
      signupsRepo.eraseAll(userId, async (r) => (await repo.get(r.guildId, r.scheduleId))?.capacity),
    hooks: { ended: (s) => sessionEnded(ports, s) },
    scheduledEvents: scheduledEventHandlers(ports, events, log),
    interested: interestedHandlers(signups, log, () => o.client.user?.id),
    async start() {
      // Never blocks the bot from coming up: sessions and commands work without schedules.
      await scheduler.armAll().catch((err: unknown) => log.error({ err }, 'could not arm schedules'));
      await syncAll(ports).catch((err: unknown) => log.error({ err }, 'could not sync scheduled events'));
      await dmReminders.armAll().catch((err: unknown) => log.error({ err }, 'could not arm the DM reminders'));
    },
    stop: () => {
      scheduler.stop();
      dmReminders.stop();
    },
  };
}
