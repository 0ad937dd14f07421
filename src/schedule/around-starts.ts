import { isServerId } from '../library/limits.ts';
import type { Catalog, Sequence } from '../domain/catalog-schema.ts';
import { InputError } from '../domain/input-error.ts';
import { buildTimeline, clampHold, type Timeline } from '../domain/timeline.ts';
import { planToLength } from '../domain/class-length.ts';
import { closingStatus, eventAnnouncing, organiserChange, planEvent } from './event-plan.ts';
import { nextOccurrences } from './next.ts';
import { EventsNotAllowed, type EventSpec, type EventStatus, type ScheduleDeps } from './ports.ts';
import type { Schedule } from './schedule.ts';
import { closeUntakenRequest, teacherAtStart, teacherFor } from './teacher.ts';

/*
 * What a schedule does around its starts: one scheduled event for its next start, a reminder,
 * the session itself, and moving the event along (active → completed → the next one). The
 * Scheduler decides WHEN; these decide WHAT, over the ports. Every path that touches a
 * schedule's event runs under `d.lock` for that schedule, so two paths never create two events.
 */

export const SCHEDULE_HOST_PREFIX = 'schedule:';
export const scheduleHostId = (scheduleId: string): string => `${SCHEDULE_HOST_PREFIX}${scheduleId}`;

/** The schedule that started a session, from the session's host id; undefined for a person. */
export function scheduleIdOfHost(hostId: string): string | undefined {
  return hostId.startsWith(SCHEDULE_HOST_PREFIX) ? hostId.slice(SCHEDULE_HOST_PREFIX.length) : undefined;
}

/**
 * The hold a schedule's sessions run at: its own, brought inside the sequence's range (a
 * schedule saved before ranges were checked may ask for more), or the sequence's default.
 */
export function scheduledHold(sequence: Sequence, hold: number | undefined): number {
  return hold === undefined ? sequence.holdMinutes.default : clampHold(sequence, hold);
}

/**
 * The length a schedule's sessions are planned to: its own, or (a sequence edited since so that
 * it can't be met) the nearest the sequence can be, shorter first; undefined for none asked.
 */
export function scheduledLength(sequence: Sequence, s: Pick<Schedule, 'hold' | 'length'>): number | undefined {
  if (s.length === undefined) return undefined;
  const hold = s.hold === undefined ? undefined : scheduledHold(sequence, s.hold);
  const planned = planToLength(sequence, s.length, hold);
  return planned.ok ? s.length : (planned.miss.below ?? planned.miss.above);
}

/** The schedule's session at real speed (events and texts speak of real minutes). */
export function scheduledTimeline(
  catalog: Catalog,
  s: Pick<Schedule, 'sequenceId' | 'hold' | 'length'>,
): Timeline | undefined {
  const sequence = catalog.sequences.get(s.sequenceId);
  if (!sequence) return undefined;
  const length = scheduledLength(sequence, s);
  const hold = s.hold === undefined ? undefined : scheduledHold(sequence, s.hold);
  const planned = length === undefined ? undefined : planToLength(sequence, length, hold);
  if (planned?.ok) return buildTimeline(catalog, sequence, planned.fit.holdMinutes, 1, planned.fit.plan);
  return buildTimeline(catalog, sequence, scheduledHold(sequence, s.hold), 1);
}

/** The event for a start of `s` (which need not be saved yet), or undefined for an unknown channel or sequence. */
export async function eventSpec(
  d: Pick<ScheduleDeps, 'channels' | 'catalogs' | 'practiceLanguage' | 'members'>,
  s: Pick<
    Schedule,
    'guildId' | 'channelId' | 'sequenceId' | 'hold' | 'length' | 'language' | 'teacherId' | 'substitute'
  >,
  startMs: number,
): Promise<EventSpec | undefined> {
  const channel = d.channels.info(s.guildId, s.channelId);
  const teacher = teacherFor(s, startMs);
  // A name the event can show; a teacher who left (or a lookup that failed) is left out.
  const teacherName = teacher && (await d.members.displayName(s.guildId, teacher).catch(() => undefined));
  const language = s.language ?? (await d.practiceLanguage(s.guildId));
  const t = scheduledTimeline(d.catalogs.of(s.guildId, language), s);
  if (!channel || !t) return undefined;
  return {
    language,
    guildId: s.guildId,
    channelId: s.channelId,
    channelKind: channel.kind,
    channelName: channel.name,
    title: t.sequence.name,
    focus: t.sequence.focus,
    poseCount: t.poseCount,
    holdMinutes: t.holdMinutes,
    startMs,
    lengthMs: t.totalMs,
    teacherName: teacherName || undefined,
  };
}

/** `remindMinutes` before a start: pings exactly the role and the members marked Interested. */
export async function remind(d: ScheduleDeps, s: Schedule, occurrenceMs: number): Promise<void> {
  const eventId = eventAnnouncing(s, occurrenceMs);
  let interested: string[] = [];
  if (eventId) {
    interested = await d.events.interested(s.guildId, eventId).catch((err: unknown) => {
      d.log.warn({ scheduleId: s.id, eventId, err }, 'could not read who is interested; reminding the role only');
      return [];
    });
  }
  await d.notices.reminder(s, occurrenceMs, interested, eventId);
}

/** The start, exactly like `/yin start`, with the schedule as host. Used by the Scheduler. */
export async function startOccurrence(
  d: ScheduleDeps,
  scheduled: Schedule,
  occurrenceMs: number,
  lateMs: number,
): Promise<void> {
  const { runner, events, log } = d;
  // A store that fails here must not stop the class: it starts with the schedule as it was read.
  const s = await closeUntakenRequest(d, scheduled, occurrenceMs).catch((err: unknown) => {
    log.warn({ scheduleId: scheduled.id, err }, 'could not close the substitute request');
    return scheduled;
  });
  const sequence = d.catalogs.of(s.guildId).sequences.get(s.sequenceId);
  if (!sequence && isServerId(s.sequenceId)) return pauseForGoneSequence(d, s);
  // Said at the start only with a role to ping, or to explain lateness after downtime.
  if (s.roleId || lateMs > 0) {
    await d.notices
      .starting(s, lateMs)
      .catch((err: unknown) => log.warn({ scheduleId: s.id, err }, 'could not post the start notice'));
  }
  try {
    await runner.start({
      guildId: s.guildId,
      channelId: s.channelId,
      hostId: scheduleHostId(s.id),
      teacherId: await teacherAtStart(d, s, occurrenceMs),
      sequenceId: s.sequenceId,
      sequence: sequence && isServerId(sequence.id) ? sequence : undefined,
      language: s.language,
      holdMinutes: sequence && s.hold !== undefined ? scheduledHold(sequence, s.hold) : s.hold,
      lengthMinutes: sequence ? scheduledLength(sequence, s) : s.length,
    });
  } catch (err) {
    log.warn({ scheduleId: s.id, err }, 'scheduled session did not start');
    await d.notices.couldNotStart(s, err instanceof InputError ? err : undefined).catch(() => undefined);
    // No session will end to move the event along, so do it now.
    await afterOccurrence(d, s.guildId, s.id);
    return;
  }
  // Active only once the session really runs, so a start that failed reads "canceled".
  const eventId = eventAnnouncing(s, occurrenceMs);
  if (eventId) {
    await events
      .setStatus(s.guildId, eventId, 'active')
      .catch((err: unknown) => log.warn({ scheduleId: s.id, err }, 'could not set the event active'));
  }
}

/**
 * The server's sequence a schedule starts was deleted (by another process, or before this
 * check existed): the schedule is paused, so its channel hears of it once, not at every start.
 */
async function pauseForGoneSequence(d: ScheduleDeps, s: Schedule): Promise<void> {
  d.log.warn({ scheduleId: s.id, sequence: s.sequenceId }, 'the schedule’s sequence is gone; pausing it');
  const updated = await d.repo.update(s.guildId, s.id, { paused: true });
  d.scheduler.disarm(s.id);
  if (updated) await d.notices.couldNotStart(s, new InputError('library.schedulePausedUnknown')).catch(() => undefined);
  await afterOccurrence(d, s.guildId, s.id);
}

/** Runner hook: a session ended; if a schedule started it, close its event and announce the next. */
export async function sessionEnded(d: ScheduleDeps, session: { guildId: string; hostId: string }): Promise<void> {
  const scheduleId = scheduleIdOfHost(session.hostId);
  if (scheduleId !== undefined) await afterOccurrence(d, session.guildId, scheduleId);
}

async function afterOccurrence(d: ScheduleDeps, guildId: string, scheduleId: string): Promise<void> {
  await d.lock.run(scheduleId, async () => {
    const s = await d.repo.get(guildId, scheduleId);
    if (!s) return;
    if (s.eventId) {
      const closing = closingStatus(await d.events.status(guildId, s.eventId).catch(() => undefined));
      if (closing) {
        await d.events
          .setStatus(guildId, s.eventId, closing)
          .catch((err: unknown) => d.log.warn({ scheduleId, err }, 'could not close the event'));
      }
    }
    const cleared = await d.repo.update(guildId, scheduleId, { eventId: undefined, eventFor: undefined });
    if (cleared) await ensure(d, cleared);
  });
}

/** Makes sure the schedule's next start has its event (and only that one). Returns the schedule as saved. */
export async function ensureEvent(d: ScheduleDeps, s: Schedule): Promise<Schedule | undefined> {
  return d.lock.run(s.id, async () => {
    const fresh = await d.repo.get(s.guildId, s.id);
    return fresh ? ensure(d, fresh) : undefined;
  });
}

async function ensure(d: ScheduleDeps, s: Schedule): Promise<Schedule | undefined> {
  const { repo, events, log } = d;
  const running = d.runner.get(s.channelId)?.hostId === scheduleHostId(s.id);
  const next = running || s.paused ? undefined : nextOccurrences(s.rule, d.clock.now(), 1)[0];
  const plan = planEvent(s, next, running);
  if (plan.remove === undefined && plan.create === undefined) return s;
  if (plan.remove !== undefined) {
    await events
      .remove(s.guildId, plan.remove)
      .catch((err: unknown) => log.warn({ scheduleId: s.id, err }, 'could not remove a stale event'));
  }
  const clear = { eventId: undefined, eventFor: undefined };
  if (plan.create === undefined) return repo.update(s.guildId, s.id, clear);
  const spec = await eventSpec(d, s, plan.create);
  if (!spec) {
    log.warn({ scheduleId: s.id, channelId: s.channelId }, 'channel or sequence unknown; no event for the next start');
    return repo.update(s.guildId, s.id, clear);
  }
  const eventId = await createEventIfAllowed(d, spec);
  if (eventId === undefined) return announceClass(d, await withoutEvents(d, s), plan.create);
  const saved = await repo.update(s.guildId, s.id, {
    eventId,
    eventFor: plan.create,
    skipEventFor: undefined,
    eventsBlocked: undefined,
  });
  // Removed meanwhile: no event without a schedule.
  if (!saved) await events.remove(s.guildId, eventId);
  return announceClass(d, saved, plan.create);
}

/**
 * A class is announced (its event created, or due to be): a schedule with places also says so
 * in its channel, with the sign-up buttons (`notices.announce`, once per start).
 */
export async function announceClass(
  d: Pick<ScheduleDeps, 'notices' | 'log'>,
  s: Schedule | undefined,
  occurrenceMs: number,
): Promise<Schedule | undefined> {
  if (s && d.notices.announce)
    await d.notices
      .announce(s, occurrenceMs)
      .catch((err: unknown) => d.log.warn({ scheduleId: s.id, err }, 'could not announce the class'));
  return s;
}

/**
 * Creates the event `spec` announces, or gives undefined when the bot may not (no Create
 * Events, or Discord refuses it for permissions); any other failure is thrown.
 */
export async function createEventIfAllowed(
  d: Pick<ScheduleDeps, 'channels' | 'events'>,
  spec: EventSpec,
): Promise<string | undefined> {
  if (!d.channels.canCreateEvent(spec.guildId, spec.channelId)) return undefined;
  return d.events.create(spec).catch((err: unknown) => {
    if (err instanceof EventsNotAllowed) return undefined;
    throw err;
  });
}

/**
 * The bot may not create events (a server that installed yin before Create Events existed):
 * the schedule keeps starting its sessions on time without one, and its channel is told once.
 */
async function withoutEvents(d: ScheduleDeps, s: Schedule): Promise<Schedule | undefined> {
  d.log.warn({ scheduleId: s.id, guildId: s.guildId }, 'no permission to create scheduled events; starting without');
  const saved = await d.repo.update(s.guildId, s.id, { eventId: undefined, eventFor: undefined, eventsBlocked: true });
  if (saved && !s.eventsBlocked) {
    await d.notices
      .noEvents(saved)
      .catch((err: unknown) => d.log.warn({ scheduleId: s.id, err }, 'could not say that events are off'));
  }
  return saved;
}

/** Start-up: every schedule's event brought in line with its next start. */
export async function syncAll(d: ScheduleDeps): Promise<void> {
  for (const s of await d.repo.listAll()) {
    try {
      // Deleted while the bot was away: the organiser's choice, as if seen live.
      if (s.eventId && !(await d.events.status(s.guildId, s.eventId))) await eventGone(d, s.guildId, s.eventId);
      await ensureEvent(d, s);
    } catch (err) {
      d.log.error({ scheduleId: s.id, err }, 'could not sync the schedule’s event');
    }
  }
}

/** Drops the schedule's event (remove); the caller changes the schedule itself. */
export async function dropEvent(d: ScheduleDeps, s: Schedule): Promise<void> {
  if (s.eventId) await d.events.remove(s.guildId, s.eventId);
}

/**
 * An organiser deleted (or canceled) a schedule's event in Discord. Not fought: it's logged,
 * that start keeps no event, and the start after it gets one once it has passed.
 */
export async function eventGone(d: ScheduleDeps, guildId: string, eventId: string): Promise<void> {
  const s = (await d.repo.list(guildId)).find((x) => x.eventId === eventId);
  if (!s) return;
  await d.lock.run(s.id, async () => {
    d.log.info(
      { scheduleId: s.id, eventId, occurrence: s.eventFor },
      'an organiser removed the schedule’s event; not recreating it',
    );
    await d.repo.update(guildId, s.id, { eventId: undefined, eventFor: undefined, skipEventFor: s.eventFor });
  });
}

/** An organiser edited the event: their changes stand; only a cancel changes what the bot does. */
export async function eventEdited(
  d: ScheduleDeps,
  guildId: string,
  eventId: string,
  status: EventStatus,
): Promise<void> {
  if (organiserChange(status) === 'gone') return eventGone(d, guildId, eventId);
  const s = (await d.repo.list(guildId)).find((x) => x.eventId === eventId);
  if (s) d.log.info({ scheduleId: s.id, eventId }, 'an organiser edited the schedule’s event; leaving their changes');
}
