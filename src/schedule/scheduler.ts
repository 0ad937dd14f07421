import type { Cancel, Clock } from '../domain/clock.ts';
import type { Logger } from '../log.ts';
import { latestOccurrence, nextOccurrences, occurrencesBetween } from './next.ts';
import type { Schedule } from './schedule.ts';
import type { SchedulesRepo } from './schedules-repo.ts';
import { cronTrigger, type ScheduleTrigger, type Wake } from './trigger.ts';

const MINUTE = 60_000;
/** Lateness below this is timer jitter or a quick restart, reported as on time (lateMs 0). */
const ON_TIME_MS = MINUTE;
/** How far back a wake-up may belong to our occurrence: covers any DST shift. */
const DST_LOOKBACK_MS = 3 * 60 * MINUTE;
/** At start-up, missed starts are counted (for the log) at most this far back. */
const MISSED_LOG_WINDOW_MS = 31 * 24 * 60 * MINUTE;
/** A reminder whose time passed (the bot was down, or the schedule is new) still goes out if the start is this far ahead. */
const LATE_REMINDER_LEAD_MS = 5 * MINUTE;

export interface SchedulerDeps {
  repo: Pick<SchedulesRepo, 'get' | 'listAll' | 'update' | 'claimRun' | 'claimReminder'>;
  /** Reminders wait on it, and it says how late a start is. */
  clock: Clock;
  /** What wakes a schedule at its occurrences: node-cron by default (on `clock`, which must then agree with Date.now()). */
  trigger?: ScheduleTrigger;
  log: Logger;
  onReminder(s: Schedule, occurrenceMs: number): Promise<void>;
  /** Resolve once the session has started, not when it ends (runs of a schedule don't overlap). */
  onStart(s: Schedule, occurrenceMs: number, lateMs: number): Promise<void>;
  /** A start missed by less than this still runs, late; older ones are skipped. */
  graceMs?: number;
}

interface Armed {
  schedule: Schedule;
  cancelTrigger: Cancel;
  cancelReminder?: Cancel;
  /** The start this process last sent (or tried) a reminder for. */
  remindedFor?: number;
}

/**
 * Fires schedules. One path from "a schedule exists" to "its session starts": whatever wakes a
 * schedule (its trigger — node-cron and its DST guard in production, the test clock in tests —
 * or start-up after downtime) goes to #due, which finds the occurrence by yin's own rules
 * (`latestOccurrence`: the next valid minute after a spring-forward gap, the first of a
 * repeated time) and hands it to #start, which re-reads the schedule, refuses starts older than
 * the grace period, and claims the occurrence in the store so a start never runs twice (two
 * wake-ups for one occurrence, or a restart at the trigger minute).
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
    const trigger = this.#deps.trigger ?? cronTrigger(this.#deps.clock);
    try {
      const entry: Armed = { schedule: s, cancelTrigger: () => {} };
      entry.cancelTrigger = trigger.watch(
        s.rule,
        { name: `yin-schedule-${s.id}`, log, toleranceMs: this.#graceMs },
        (via) => void this.#due(entry, via),
      );
      this.#armed.set(s.id, entry);
      this.#armReminder(entry);
    } catch (err) {
      log.error({ err }, 'could not arm schedule');
    }
  }

  disarm(id: string): void {
    const entry = this.#armed.get(id);
    if (!entry) return;
    this.#armed.delete(id);
    entry.cancelTrigger();
    entry.cancelReminder?.();
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
      catchUps.push(this.#due(entry, 'catch-up'));
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

  /** Woken (by the trigger, or at start-up): the occurrence due now, by our DST rules, if any. */
  async #due(entry: Armed, via: Wake): Promise<void> {
    if (this.#armed.get(entry.schedule.id) !== entry) return;
    const now = this.#deps.clock.now();
    // A wake-up may come late for its occurrence (a DST shift, a busy loop; #start judges the
    // lateness); at start-up, older missed starts were already counted and logged by armAll.
    const lookback = via === 'catch-up' ? this.#graceMs : DST_LOOKBACK_MS;
    const occurrence = latestOccurrence(entry.schedule.rule, now, lookback);
    if (occurrence === undefined || (via === 'catch-up' && occurrence <= (entry.schedule.lastRunAt ?? -Infinity))) {
      this.#deps.log.debug(
        { scheduleId: entry.schedule.id, via, at: new Date(now).toISOString() },
        'woken with no occurrence due',
      );
      return;
    }
    await this.#start(entry, occurrence, via);
  }

  async #start(entry: Armed, occurrence: number, via: Wake): Promise<void> {
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
      // Arm the next reminder now, not after onStart: a slow start must not delay it.
      if (this.#armed.get(id) === entry) this.#armReminder(entry);
      rearmed = true;
      await this.#deps.onStart(updated, occurrence, lateMs);
    } catch (err) {
      log.error({ err }, 'scheduled start failed');
    } finally {
      if (!rearmed && this.#armed.get(id) === entry) this.#armReminder(entry);
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
      if (this.#armed.get(id) === entry) this.#armReminder(entry);
    }
  }

  /** Arms the reminder for the coming occurrence(s), replacing the old one. */
  #armReminder(entry: Armed): void {
    entry.cancelReminder?.();
    delete entry.cancelReminder;
    const { rule, remindMinutes } = entry.schedule;
    const { clock } = this.#deps;
    const now = clock.now();
    const next = nextOccurrences(rule, now, 1)[0];
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
