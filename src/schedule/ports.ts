import type { Language } from '../languages.ts';
import type { Sequence } from '../domain/catalog-schema.ts';
import type { CatalogsPort } from '../library/catalogs.ts';
import type { Clock } from '../domain/clock.ts';
import type { KeyedLock } from '../domain/keyed-lock.ts';
import type { Logger } from '../log.ts';
import type { NewSchedule, Schedule, SchedulePatch } from './schedule.ts';

/*
 * What the schedule use cases (verbs.ts, around-starts.ts) need from the world, in the domain's own
 * words. The Discord adapters implement them; the tests use small in-memory fakes. Nothing in
 * src/schedule knows about Discord's library or its enums.
 */

/** A scheduled event's status, as the domain speaks of it (the adapter maps Discord's enum). */
export type EventStatus = 'scheduled' | 'active' | 'completed' | 'canceled';

/** Where a session can run: a voice channel, or a text channel for text-only practice. */
export interface ChannelInfo {
  name: string;
  kind: 'voice' | 'text';
}

/** What an event announces: one start of a practice. The adapter turns it into words. */
export interface EventSpec {
  guildId: string;
  channelId: string;
  /** Voice channels get a voice event; text channels an external one with the channel as location. */
  channelKind: ChannelInfo['kind'];
  channelName: string;
  /** The language of its words: the schedule's, else the server's practice language. */
  language: Language;
  /** The sequence's name: the event's title. */
  title: string;
  focus: string;
  poseCount: number;
  holdMinutes: number;
  startMs: number;
  lengthMs: number;
  /** The display name of who teaches this start (the schedule's teacher, or its substitute), if anyone. */
  teacherName?: string | undefined;
}

/** Discord refused to create an event for want of a permission (Create Events, or the channel's). */
export class EventsNotAllowed extends Error {
  constructor() {
    super('the bot may not create scheduled events there');
    this.name = 'EventsNotAllowed';
  }
}

/** The guild's scheduled events. */
export interface EventsPort {
  /** Creates the event and returns its id; throws EventsNotAllowed when Discord refuses for permissions. */
  create(spec: EventSpec): Promise<string>;
  setStatus(guildId: string, eventId: string, status: EventStatus): Promise<void>;
  /** Deletes it; an event already gone counts as deleted. */
  remove(guildId: string, eventId: string): Promise<void>;
  /** Its status, or undefined when it no longer exists. */
  status(guildId: string, eventId: string): Promise<EventStatus | undefined>;
  /** Ids of the (human) members who marked it Interested. */
  interested(guildId: string, eventId: string): Promise<string[]>;
  /** Rewrites its description from `spec` (who teaches changed). */
  describe(guildId: string, eventId: string, spec: EventSpec): Promise<void>;
}

/** The server's members, as far as teachers go. */
export interface MembersPort {
  /** Their name in the server, or undefined when they are not (or no longer) a member. */
  displayName(guildId: string, userId: string): Promise<string | undefined>;
}

/** Stored schedules (SchedulesRepo). */
export interface SchedulesPort {
  /** Throws InputError (nothing saved) when the guild already has the most schedules kept. */
  add(input: NewSchedule): Promise<Schedule>;
  get(guildId: string, id: string): Promise<Schedule | undefined>;
  list(guildId: string): Promise<Schedule[]>;
  listAll(): Promise<Schedule[]>;
  /** The schedule as saved, or undefined if it no longer exists. */
  update(guildId: string, id: string, patch: SchedulePatch): Promise<Schedule | undefined>;
  remove(guildId: string, id: string): Promise<boolean>;
}

/** The timers that fire starts and reminders (Scheduler). */
export interface SchedulerPort {
  /** (Re)arms a schedule; a paused one is just disarmed. */
  arm(s: Schedule): void;
  disarm(id: string): void;
  /** The next start (epoch ms), or undefined if paused or never again. */
  nextRun(s: Schedule): number | undefined;
}

/** What the use cases start a session with (SessionRunner's StartInput). */
export interface SessionStart {
  guildId: string;
  channelId: string;
  hostId: string;
  /** Who teaches this start (the schedule's teacher or substitute, still a member); unset: nobody named. */
  teacherId?: string | undefined;
  sequenceId: string;
  /** The practice language; unset: the server's. */
  language?: Language | undefined;
  /** A server's own sequence, handed over whole (the runner knows only the built-in ones). */
  sequence?: Sequence | undefined;
  holdMinutes?: number | undefined;
  /** The minutes the class is planned to (`length:`); unset: the sequence as written. */
  lengthMinutes?: number | undefined;
}

/** Sessions (SessionRunner). */
export interface RunnerPort {
  /** Resolves once the session runs; rejects (InputError for a reason to show) if it can't start. */
  start(input: SessionStart): Promise<unknown>;
  /** The session running in a channel, if any. */
  get(channelId: string): { hostId: string } | undefined;
}

/** The three posts a schedule makes in its channel; the adapter renders and sends them. */
export interface NoticesPort {
  /** Before a start: pings the role and the members marked Interested in `eventId`'s event. */
  reminder(
    s: Schedule,
    occurrenceMs: number,
    interested: readonly string[],
    eventId: string | undefined,
  ): Promise<void>;
  /** As the session begins (only when there is a role to ping or the start is late). */
  starting(s: Schedule, lateMs: number): Promise<void>;
  /** The session could not start; `reason` says why to members (in the notice's language), if it can. */
  couldNotStart(s: Schedule, reason: { text(locale?: string): string } | undefined): Promise<void>;
  /** Once per schedule: its starts go on, but the bot may not create their events. */
  noEvents(s: Schedule): Promise<void>;
  /** Nobody took a substitute request by the start: its post closes, and who asked is told. */
  substituteUntaken(s: Schedule, request: NonNullable<Schedule['subRequest']>): Promise<void>;
  /** A class is announced: a schedule with places posts its sign-up (once per start). */
  announce?(s: Schedule, occurrenceMs: number): Promise<void>;
}

/** What the bot knows of a channel (from its cache). */
export interface ChannelsPort {
  /** Name and kind, or undefined when the bot can't see it. */
  info(guildId: string, channelId: string): ChannelInfo | undefined;
  /** Throws an error for the organiser when the bot could not run practice there. */
  checkPractice(guildId: string, channelId: string): void;
  /** Whether the bot may create a scheduled event for practice there (Create Events, since 2026-02). */
  canCreateEvent(guildId: string, channelId: string): boolean;
}

/** Everything the schedule use cases work with, built once in setup.ts. */
export interface ScheduleDeps {
  repo: SchedulesPort;
  events: EventsPort;
  scheduler: SchedulerPort;
  runner: RunnerPort;
  notices: NoticesPort;
  channels: ChannelsPort;
  members: MembersPort;
  /** Each guild's catalog: the built-in sequences and the guild's own. */
  catalogs: CatalogsPort;
  /** The server's practice language, for schedules that name none. */
  practiceLanguage(guildId: string): Promise<Language>;
  clock: Clock;
  log: Logger;
  /**
   * Per schedule id: every path that touches a schedule's event runs under it, so two paths
   * never create two events.
   */
  lock: KeyedLock;
}
