import { Routes, type REST } from 'discord.js';
import type { Catalog } from '../../domain/catalog-schema.ts';
import type { Clock } from '../../domain/clock.ts';
import { KeyedLock } from '../../domain/keyed-lock.ts';
import type { SessionState } from '../../domain/session.ts';
import { UserFacingError } from '../../errors.ts';
import type { Logger } from '../../log.ts';
import { nextOccurrences } from '../../schedule/next.ts';
import type { Schedule } from '../../schedule/schedule.ts';
import type { SchedulesRepo } from '../../schedule/schedules-repo.ts';
import type { SessionRunner } from '../../sessions/runner.ts';
import { EVENT_ACTIVE, EVENT_CANCELED, EVENT_COMPLETED, type EventSpec, type ScheduledEvents } from './events.ts';
import { couldNotStart, reminderMessage, scheduledTimeline, startNotice, type OutgoingMessage } from './format.ts';

export const SCHEDULE_HOST_PREFIX = 'schedule:';
export const scheduleHostId = (scheduleId: string): string => `${SCHEDULE_HOST_PREFIX}${scheduleId}`;

export interface ChannelInfo {
  name: string;
  kind: 'voice' | 'text';
}

export interface PracticeDeps {
  repo: SchedulesRepo;
  events: ScheduledEvents;
  runner: Pick<SessionRunner, 'start' | 'get'>;
  catalog: Catalog;
  rest: REST;
  clock: Clock;
  log: Logger;
  channel(guildId: string, channelId: string): ChannelInfo | undefined;
}

/**
 * What a schedule does in Discord: one scheduled event for its next start, a reminder, the
 * session itself, and moving the event along (active → completed → the next one). The
 * Scheduler decides WHEN; this decides WHAT. Every path that touches a schedule's event runs
 * under a per-schedule lock, so two paths never create two events.
 */
export class ScheduledPractice {
  readonly #d: PracticeDeps;
  readonly #lock = new KeyedLock();

  constructor(deps: PracticeDeps) {
    this.#d = deps;
  }

  /** The event for a start of `s` (which need not be saved yet), or undefined for an unknown channel. */
  eventSpec(s: Pick<Schedule, 'guildId' | 'channelId' | 'sequenceId' | 'hold' | 'id'>, startMs: number): EventSpec | undefined {
    const channel = this.#d.channel(s.guildId, s.channelId);
    const t = scheduledTimeline(this.#d.catalog, s);
    if (!channel || !t) return undefined;
    return {
      guildId: s.guildId,
      channelId: s.channelId,
      channelKind: channel.kind,
      channelName: channel.name,
      title: t.sequence.name,
      description: `Guided yin yoga in #${channel.name}: ${t.poseCount} poses, ${t.holdMinutes}-minute holds. ${t.sequence.focus}`,
      startMs,
      lengthMs: t.totalMs,
    };
  }

  /** `remindMinutes` before a start: pings exactly the role and the members marked Interested. */
  async remind(s: Schedule, occurrenceMs: number): Promise<void> {
    const eventId = s.eventFor === occurrenceMs ? s.eventId : undefined;
    let interested: string[] = [];
    if (eventId) {
      interested = await this.#d.events.interested(s.guildId, eventId).catch((err: unknown) => {
        this.#d.log.warn({ scheduleId: s.id, eventId, err }, 'could not read who is interested; reminding the role only');
        return [];
      });
    }
    await this.#post(s.channelId, reminderMessage(s, scheduledTimeline(this.#d.catalog, s), occurrenceMs, interested, eventId));
  }

  /** The start, exactly like `/yin start`, with the schedule as host. Used by the Scheduler. */
  async start(s: Schedule, occurrenceMs: number, lateMs: number): Promise<void> {
    const { runner, events, log } = this.#d;
    const notice = startNotice(s, scheduledTimeline(this.#d.catalog, s), lateMs);
    if (notice) await this.#post(s.channelId, notice).catch((err: unknown) => log.warn({ scheduleId: s.id, err }, 'could not post the start notice'));
    try {
      await runner.start({
        guildId: s.guildId,
        channelId: s.channelId,
        hostId: scheduleHostId(s.id),
        sequenceId: s.sequenceId,
        ...(s.hold !== undefined ? { holdMinutes: s.hold } : {}),
      });
    } catch (err) {
      const reason = err instanceof UserFacingError ? err.message : 'something went wrong on my side (logged).';
      log.warn({ scheduleId: s.id, err }, 'scheduled session did not start');
      await this.#post(s.channelId, couldNotStart(s, reason)).catch(() => undefined);
      // No session will end to move the event along, so do it now.
      await this.#afterOccurrence(s.guildId, s.id);
      return;
    }
    // Active only once the session really runs, so a start that failed reads "canceled".
    if (s.eventId && s.eventFor === occurrenceMs) {
      await events.setStatus(s.guildId, s.eventId, EVENT_ACTIVE).catch((err: unknown) => log.warn({ scheduleId: s.id, err }, 'could not set the event active'));
    }
  }

  /** Runner hook: a session ended; if a schedule started it, complete its event and announce the next. */
  async sessionEnded(state: SessionState): Promise<void> {
    if (!state.hostId.startsWith(SCHEDULE_HOST_PREFIX)) return;
    await this.#afterOccurrence(state.guildId, state.hostId.slice(SCHEDULE_HOST_PREFIX.length));
  }

  async #afterOccurrence(guildId: string, scheduleId: string): Promise<void> {
    await this.#lock.run(scheduleId, async () => {
      const s = await this.#d.repo.get(guildId, scheduleId);
      if (!s) return;
      if (s.eventId) {
        // Active → completed; if it never went active (start failed), canceled is the truth.
        const done = await this.#d.events.get(guildId, s.eventId).catch(() => undefined);
        const status = done?.status === EVENT_ACTIVE ? EVENT_COMPLETED : EVENT_CANCELED;
        if (done && (done.status === 1 || done.status === EVENT_ACTIVE)) {
          await this.#d.events.setStatus(guildId, s.eventId, status).catch((err: unknown) => this.#d.log.warn({ scheduleId, err }, 'could not close the event'));
        }
      }
      const cleared = await this.#d.repo.update(guildId, scheduleId, { eventId: undefined, eventFor: undefined });
      if (cleared) await this.#ensure(cleared);
    });
  }

  /** Makes sure the schedule's next start has its event (and only that one). Returns the schedule as saved. */
  async ensureEvent(s: Schedule): Promise<Schedule | undefined> {
    return this.#lock.run(s.id, async () => {
      const fresh = await this.#d.repo.get(s.guildId, s.id);
      return fresh ? this.#ensure(fresh) : undefined;
    });
  }

  async #ensure(s: Schedule): Promise<Schedule | undefined> {
    const { repo, events, runner, clock, log } = this.#d;
    // A running session of this schedule owns the current event until it ends.
    if (runner.get(s.channelId)?.hostId === scheduleHostId(s.id)) return s;
    const next = s.paused ? undefined : nextOccurrences(s.rule, clock.now(), 1)[0];
    if (s.eventId && s.eventFor === next) return s;
    if (s.eventId) {
      // Announces a start that passed without a session (skipped after downtime) or a paused one.
      await events.remove(s.guildId, s.eventId).catch((err: unknown) => log.warn({ scheduleId: s.id, err }, 'could not remove a stale event'));
    }
    if (next === undefined || next === s.skipEventFor) {
      return repo.update(s.guildId, s.id, { eventId: undefined, eventFor: undefined });
    }
    const spec = this.eventSpec(s, next);
    if (!spec) {
      log.warn({ scheduleId: s.id, channelId: s.channelId }, 'channel or sequence unknown; no event for the next start');
      return repo.update(s.guildId, s.id, { eventId: undefined, eventFor: undefined });
    }
    const created = await events.create(spec);
    const saved = await repo.update(s.guildId, s.id, { eventId: created.id, eventFor: next, skipEventFor: undefined });
    // Removed meanwhile: no event without a schedule.
    if (!saved) await events.remove(s.guildId, created.id);
    return saved;
  }

  /** Start-up: every schedule's event brought in line with its next start. */
  async syncAll(): Promise<void> {
    for (const s of await this.#d.repo.listAll()) {
      try {
        // Deleted while the bot was away: the organiser's choice, as if seen live.
        if (s.eventId && !(await this.#d.events.get(s.guildId, s.eventId))) await this.eventGone(s.guildId, s.eventId);
        await this.ensureEvent(s);
      } catch (err) {
        this.#d.log.error({ scheduleId: s.id, err }, 'could not sync the schedule’s event');
      }
    }
  }

  /** Drops the schedule's event (remove and pause); the caller changes the schedule itself. */
  async dropEvent(s: Schedule): Promise<void> {
    if (s.eventId) await this.#d.events.remove(s.guildId, s.eventId);
  }

  /**
   * An organiser deleted (or canceled) a schedule's event in Discord. Not fought: it's logged,
   * that start keeps no event, and the start after it gets one once it has passed.
   */
  async eventGone(guildId: string, eventId: string): Promise<void> {
    const s = (await this.#d.repo.list(guildId)).find((x) => x.eventId === eventId);
    if (!s) return;
    await this.#lock.run(s.id, async () => {
      this.#d.log.info({ scheduleId: s.id, eventId, occurrence: s.eventFor }, 'an organiser removed the schedule’s event; not recreating it');
      await this.#d.repo.update(guildId, s.id, { eventId: undefined, eventFor: undefined, skipEventFor: s.eventFor });
    });
  }

  /** An organiser edited the event: their changes stand; only a cancel changes what the bot does. */
  async eventEdited(guildId: string, eventId: string, status: number): Promise<void> {
    if (status === EVENT_CANCELED) return this.eventGone(guildId, eventId);
    const s = (await this.#d.repo.list(guildId)).find((x) => x.eventId === eventId);
    if (s) this.#d.log.info({ scheduleId: s.id, eventId }, 'an organiser edited the schedule’s event; leaving their changes');
  }

  async #post(channelId: string, body: OutgoingMessage): Promise<void> {
    await this.#d.rest.post(Routes.channelMessages(channelId), { body });
  }
}
