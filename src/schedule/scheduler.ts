import { schedule as cronSchedule, type ScheduledTask } from 'node-cron';
import type { Clock } from '../domain/clock.ts';
import type { Logger } from '../log.ts';
import { cronLogger } from './cron-logger.ts';
import { latestOccurrence, nextOccurrences, occurrencesBetween } from './next.ts';
import type { Schedule } from './schedule.ts';
import type { SchedulesRepo } from './schedules-repo.ts';
import { nearOffsetChange } from './zoned.ts';

const MINUTE = 60_000;
/** Lateness below this is timer jitter or a quick restart, reported as on time (lateMs 0). */
const ON_TIME_MS = MINUTE;
/** How far back a node-cron fire may belong to our occurrence: covers any DST shift. */
const DST_LOOKBACK_MS = 3 * 60 * MINUTE;
/** At start-up, missed starts are counted (for the log) at most this far back. */
const MISSED_LOG_WINDOW_MS = 31 * 24 * 60 * MINUTE;
/** A reminder whose time passed (the bot was down, or the schedule is new) still goes out if the start is this far ahead. */
const LATE_REMINDER_LEAD_MS = 5 * MINUTE;

export interface SchedulerDeps {
  repo: Pick<SchedulesRepo, 'get' | 'listAll' | 'update' | 'claimRun' | 'claimReminder'>;
  /** Must agree with Date.now(): node-cron reads the system time itself. */
  clock: Clock;
  log: Logger;
  onReminder(s: Schedule, occurrenceMs: number): Promise<void>;
  /** Resolve once the session has started, not when it ends (runs of a schedule don't overlap). */
  onStart(s: Schedule, occurrenceMs: number, lateMs: number): Promise<void>;
  /** A start missed by less than this still runs, late; older ones are skipped. */
  graceMs?: number;
}

interface Armed {
  schedule: Schedule;
  task: ScheduledTask;
  cancelGuard?: () => void;
  cancelReminder?: () => void;
  /** The start this process last sent (or tried) a reminder for. */
  remindedFor?: number;
}

/**
 * Fires schedules. Three paths lead to a start, and all go through #start, which re-reads the
 * schedule, refuses starts older than the grace period, and claims the occurrence in the
 * store so a start never runs twice (two timers, or a restart at the trigger minute):
 * 1. node-cron, for every ordinary occurrence;
 * 2. a DST guard timer, armed when the next occurrence is within 3 h of an offset change,
 *    because node-cron skips a time in the spring-forward gap and fires the SECOND of a
 *    repeated time, while we promise "next valid minute" and "once, the first". On those
 *    days both may fire; the claim keeps one;
 * 3. armAll's catch-up after downtime.
 * Reminders use a timer armed from the next start occurrence (minus remindMinutes) rather
 * than a shifted cron expression: shifting "0 19 * * 2" by 75 min crosses hour and day
 * fields, and a shifted expression would not follow the start through DST adjustments.
 * A reminder time that passed while the bot was down (or before the schedule existed) is
 * made up at once if the start is still 5 minutes or more ahead; a claim in the store keeps
 * every reminder to one send, across restarts too.
 */
export class Scheduler {
  readonly #deps: SchedulerDeps;
  readonly #graceMs: number;
  readonly #armed = new Map<string, Armed>();

  constructor(deps: SchedulerDeps) {
    this.#deps = deps;
    this.#graceMs = deps.graceMs ?? 10 * MINUTE;
  }

  /** (Re)arms a schedule; call after every add or edit. Paused schedules are just disarmed. */
  arm(s: Schedule): void {
    this.disarm(s.id);
    if (s.paused) return;
    const log = this.#deps.log.child({ scheduleId: s.id, guildId: s.guildId });
    try {
      const task = cronSchedule(s.rule.cron, (ctx) => this.#onCron(s.id, ctx.date.getTime()), {
        timezone: s.rule.timezone,
        name: `yin-schedule-${s.id}`,
        noOverlap: true,
        // node-cron's default (1 s) silently drops a run when the event loop is briefly busy.
        // Late by less than our grace period, a start should still happen (and say so), the
        // same rule as after a restart; #start measures and reports the lateness.
        missedExecutionTolerance: this.#graceMs,
        logger: cronLogger(log),
      });
      const entry: Armed = { schedule: s, task };
      task.on('execution:missed', (ctx) => {
        log.warn({ occurrence: ctx.date.toISOString() }, 'start missed: the bot was busy past the grace period');
        if (this.#armed.get(s.id) === entry) this.#armTimers(entry);
      });
      this.#armed.set(s.id, entry);
      this.#armTimers(entry);
    } catch (err) {
      log.error({ err }, 'could not arm schedule');
    }
  }

  disarm(id: string): void {
    const entry = this.#armed.get(id);
    if (!entry) return;
    this.#armed.delete(id);
    entry.cancelGuard?.();
    entry.cancelReminder?.();
    void entry.task.destroy();
  }

  /**
   * Start-up: arms every unpaused schedule, then catches up. A start missed by less than
   * graceMs runs now, late; older missed starts are logged and skipped.
   */
  async armAll(): Promise<void> {
    const all = await this.#deps.repo.listAll();
    const now = this.#deps.clock.now();
    const catchUps: Promise<void>[] = [];
    for (const s of all) {
      if (s.paused) continue;
      this.arm(s);
      const entry = this.#armed.get(s.id);
      if (!entry) continue;
      const since = Math.max(s.lastRunAt ?? now - this.#graceMs, now - MISSED_LOG_WINDOW_MS);
      const skipped = occurrencesBetween(s.rule, since, now - this.#graceMs);
      const last = skipped.at(-1);
      if (last !== undefined) {
        this.#deps.log.warn(
          { scheduleId: s.id, guildId: s.guildId, skipped: skipped.length, lastSkipped: new Date(last).toISOString() },
          'skipping starts missed while the bot was down (too late to run)',
        );
      }
      const recent = latestOccurrence(s.rule, now, this.#graceMs);
      if (recent !== undefined && recent > (s.lastRunAt ?? -Infinity))
        catchUps.push(this.#start(entry, recent, 'catch-up'));
    }
    await Promise.all(catchUps);
  }

  /** The next start (epoch ms) by our DST rules, or undefined if paused or never again. */
  nextRun(s: Schedule): number | undefined {
    if (s.paused) return undefined;
    return nextOccurrences(s.rule, this.#deps.clock.now(), 1)[0];
  }

  /** Disarms everything (shutdown). Starts already under way finish on their own. */
  stop(): void {
    for (const id of [...this.#armed.keys()]) this.disarm(id);
  }

  /** node-cron fired for `slotMs`; map it to our occurrence (differs only around DST). */
  async #onCron(id: string, slotMs: number): Promise<void> {
    const entry = this.#armed.get(id);
    if (!entry) return;
    const occurrence = latestOccurrence(entry.schedule.rule, slotMs, DST_LOOKBACK_MS);
    if (occurrence === undefined) {
      this.#deps.log.debug(
        { scheduleId: id, slot: new Date(slotMs).toISOString() },
        'node-cron fired outside any occurrence',
      );
      return;
    }
    await this.#start(entry, occurrence, 'cron');
  }

  async #start(entry: Armed, occurrence: number, via: 'cron' | 'dst-guard' | 'catch-up'): Promise<void> {
    const { id, guildId } = entry.schedule;
    const log = this.#deps.log.child({ scheduleId: id, guildId, occurrence: new Date(occurrence).toISOString(), via });
    let rearmed = false;
    try {
      const fresh = await this.#deps.repo.get(guildId, id);
      if (!fresh || fresh.paused) {
        log.info('schedule removed or paused; not starting');
        if (!fresh && this.#armed.get(id) === entry) this.disarm(id);
        return;
      }
      // Around DST node-cron may fire again for an occurrence we already started.
      if (fresh.lastRunAt !== undefined && fresh.lastRunAt >= occurrence) {
        log.debug('already started; not starting twice');
        return;
      }
      const late = this.#deps.clock.now() - occurrence;
      if (late >= this.#graceMs) {
        log.warn({ lateMs: late }, 'skipping a start missed by more than the grace period');
        return;
      }
      if (!(await this.#deps.repo.claimRun(id, occurrence))) {
        log.debug('already started; not starting twice');
        return;
      }
      // Recorded before onStart: a start that fails is not retried (never twice beats always).
      const updated = (await this.#deps.repo.update(guildId, id, { lastRunAt: occurrence })) ?? fresh;
      entry.schedule = { ...entry.schedule, lastRunAt: occurrence };
      const lateMs = late < ON_TIME_MS ? 0 : late;
      log.info({ lateMs }, 'starting scheduled practice');
      // Arm the next reminder/guard now, not after onStart: a slow start must not delay them.
      if (this.#armed.get(id) === entry) this.#armTimers(entry);
      rearmed = true;
      await this.#deps.onStart(updated, occurrence, lateMs);
    } catch (err) {
      log.error({ err }, 'scheduled start failed');
    } finally {
      if (!rearmed && this.#armed.get(id) === entry) this.#armTimers(entry);
    }
  }

  async #remind(entry: Armed, occurrence: number): Promise<void> {
    const { id, guildId } = entry.schedule;
    entry.remindedFor = occurrence;
    try {
      const fresh = await this.#deps.repo.get(guildId, id);
      if (!fresh || fresh.paused) return;
      if (!(await this.#deps.repo.claimReminder(id, occurrence))) {
        this.#deps.log.debug(
          { scheduleId: id, occurrence: new Date(occurrence).toISOString() },
          'reminder already sent; not sending twice',
        );
        return;
      }
      await this.#deps.onReminder(fresh, occurrence);
    } catch (err) {
      this.#deps.log.error({ err, scheduleId: id, guildId }, 'reminder failed');
    } finally {
      if (this.#armed.get(id) === entry) this.#armTimers(entry);
    }
  }

  /** Arms the DST guard and the reminder for the coming occurrence(s), replacing old ones. */
  #armTimers(entry: Armed): void {
    entry.cancelGuard?.();
    entry.cancelReminder?.();
    delete entry.cancelGuard;
    delete entry.cancelReminder;
    const { rule, remindMinutes } = entry.schedule;
    const { clock } = this.#deps;
    const now = clock.now();
    const next = nextOccurrences(rule, now, 1)[0];
    if (next !== undefined && nearOffsetChange(next, rule.timezone)) {
      entry.cancelGuard = clock.at(next, () => void this.#start(entry, next, 'dst-guard'));
    }
    const remindMs = (remindMinutes ?? 0) * MINUTE;
    if (remindMs > 0) {
      // The coming start, if its reminder is overdue and still worth sending; else the first
      // start whose reminder time is ahead.
      const overdue =
        next !== undefined &&
        next - remindMs <= now &&
        next - now >= LATE_REMINDER_LEAD_MS &&
        next !== entry.remindedFor;
      const target = overdue ? next : nextOccurrences(rule, now + remindMs, 1)[0];
      if (target !== undefined) {
        entry.cancelReminder = clock.at(target - remindMs, () => void this.#remind(entry, target));
      }
    }
  }
}
