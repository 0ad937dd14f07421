import type { Cancel } from '../domain/clock.ts';
import type { Schedule } from './schedule.ts';
import type { SignupDeps } from './signup-verbs.ts';
import { dmReminderAt } from './signups.ts';
import type { StartRef } from './signups-repo.ts';

/** A DM reminder whose time passed while the bot was away still goes if the start is this far ahead. */
const LATE_DM_LEAD_MS = 5 * 60_000;

/**
 * The one DM reminder before a start, for each member going who asked for it: at the
 * schedule's reminder time, else 30 minutes before (`dmReminderAt`). One alarm per start on the
 * injected clock; a claim in the store sends them once, across restarts too. Closed DMs
 * (Discord's 50007) are logged and skipped: nothing fails.
 */
export class DmReminders {
  readonly #d: Omit<SignupDeps, 'armDms'>;
  readonly #owns: (guildId: string) => boolean;
  readonly #armed = new Map<string, Cancel>();

  constructor(d: Omit<SignupDeps, 'armDms'>, owns: (guildId: string) => boolean = () => true) {
    this.#d = d;
    this.#owns = owns;
  }

  /** Arms the DM reminders of this start (again: a second call keeps the one alarm). */
  arm(s: Schedule, occurrenceMs: number): void {
    const key = `${s.guildId}:${s.id}:${occurrenceMs}`;
    if (this.#armed.has(key)) return;
    const now = this.#d.clock.now();
    const due = dmReminderAt(occurrenceMs, s.remindMinutes);
    // Past its time: sent now if the start is still a while off, else not at all.
    if (due <= now && occurrenceMs - now < LATE_DM_LEAD_MS) return;
    const ref = { guildId: s.guildId, scheduleId: s.id, occurrenceMs };
    this.#armed.set(
      key,
      this.#d.clock.at(Math.max(due, now), () => {
        this.#armed.delete(key);
        void this.#send(ref).catch((err: unknown) =>
          this.#d.log.error({ scheduleId: s.id, err }, 'could not send the DM reminders'),
        );
      }),
    );
  }

  /** Start-up: every future start with a DM reminder asked for. */
  async armAll(): Promise<void> {
    const now = this.#d.clock.now();
    for (const r of await this.#d.signups.starts()) {
      if (r.occurrenceMs <= now || !this.#owns(r.guildId)) continue;
      if (!(await this.#d.signups.list(r)).some((e) => e.remind)) continue;
      const s = await this.#d.schedules.get(r.guildId, r.scheduleId);
      if (s && !s.paused) this.arm(s, r.occurrenceMs);
    }
  }

  stop(): void {
    for (const cancel of this.#armed.values()) cancel();
    this.#armed.clear();
  }

  async #send(r: StartRef): Promise<void> {
    const s = await this.#d.schedules.get(r.guildId, r.scheduleId);
    if (!s || s.paused) return;
    if (!(await this.#d.signups.claimDms(r))) return;
    for (const e of await this.#d.signups.list(r)) {
      if (!e.remind || e.state !== 'going') continue;
      const sent = await this.#d.dms.send(e.userId, 'reminder', s, r.occurrenceMs, e.locale).catch((err: unknown) => {
        this.#d.log.warn({ scheduleId: s.id, err }, 'could not send a DM reminder');
        return 'failed' as const;
      });
      if (sent === 'closed') this.#d.log.info({ scheduleId: s.id }, 'a member’s DMs are closed; no DM reminder');
    }
  }
}
