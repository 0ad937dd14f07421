import type { Paced } from '../../sessions/send-window.ts';
import type { Keyv } from 'keyv';
import { Routes, type REST } from 'discord.js';
import type { Cancel, Clock } from '../../domain/clock.ts';
import { KeyedLock } from '../../domain/keyed-lock.ts';
import type { SettingsRepo } from '../../guilds/settings-repo.ts';
import { t } from '../../i18n.ts';
import type { Logger } from '../../log.ts';
import { totalMinutes } from '../../members/attendance-report.ts';
import type { ClassLog } from '../../members/class-log.ts';
import { latestOccurrence } from '../../schedule/next.ts';
import type { ScheduleRule } from '../../schedule/rule.ts';
import type { ScheduleTrigger } from '../../schedule/trigger.ts';
import { NO_PINGS } from '../markup.ts';
import { duration } from './report-text.ts';

const DAY = 24 * 60 * 60_000;
const WEEK = 7 * DAY;
/** Sundays at 18:00 UTC: the week's total, for the seven days before. */
export const WEEKLY_RULE: ScheduleRule = { cron: '0 18 * * 0', timezone: 'UTC' };

export interface WeeklyDeps {
  rest: REST;
  clock: Clock;
  trigger: ScheduleTrigger;
  settings: Pick<SettingsRepo, 'get'>;
  classLog: Pick<ClassLog, 'classes'>;
  /** Claims: which (guild, week) has had its total posted. */
  runs: Keyv<number>;
  /** The guilds this process looks after (its shard's). */
  guilds: () => Iterable<string>;
  languageOf: (guildId: string) => Promise<string>;
  /** Its turn in the post budget: every server's total is due at the same minute. */
  paced: Paced;
  log: Logger;
}

/**
 * The weekly total of minutes a server practised together, posted where the server turned it
 * on (`/yin settings weekly-total`): one number, never a name, never a ranking. Each (guild,
 * week) is claimed before it is posted, so it goes out once across restarts; a process only
 * posts for its own shard's guilds. Missed while the bot was down: posted on start-up, within a day.
 */
export class WeeklyTotals {
  readonly #d: WeeklyDeps;
  readonly #lock = new KeyedLock();
  #cancel: Cancel | undefined;

  constructor(d: WeeklyDeps) {
    this.#d = d;
  }

  async start(): Promise<void> {
    this.stop();
    const log = this.#d.log.child({ component: 'weekly-total' });
    this.#cancel = this.#d.trigger.watch(WEEKLY_RULE, { name: 'yin-weekly-total', log, toleranceMs: DAY }, () => {
      void this.runDue();
    });
    await this.runDue();
  }

  stop(): void {
    this.#cancel?.();
    this.#cancel = undefined;
  }

  /** Posts the week that ended at the latest Sunday 18:00 (if within a day) for each guild that has it on. */
  async runDue(): Promise<void> {
    const weekEnd = latestOccurrence(WEEKLY_RULE, this.#d.clock.now(), DAY);
    if (weekEnd === undefined) return;
    for (const guildId of this.#d.guilds()) {
      await this.#post(guildId, weekEnd).catch((err: Error) =>
        this.#d.log.warn(
          { event: 'weekly_total.failed', guild: guildId, err: err.message },
          'could not post the weekly total',
        ),
      );
    }
  }

  async #post(guildId: string, weekEnd: number): Promise<void> {
    const channelId = (await this.#d.settings.get(guildId)).weeklyTotalChannelId;
    if (!channelId) return;
    if (!(await this.#claim(`${guildId}:${weekEnd}`))) return;
    const minutes = totalMinutes(await this.#d.classLog.classes(guildId, weekEnd - WEEK, weekEnd));
    // A quiet week says nothing.
    if (minutes < 1) return;
    const lang = await this.#d.languageOf(guildId);
    const content = t('attendance.weeklyTotal', { total: duration(minutes, lang) }, lang);
    await this.#d.paced(() =>
      this.#d.rest.post(Routes.channelMessages(channelId), { body: { content, allowed_mentions: NO_PINGS } }),
    );
  }

  /** True the first time for a (guild, week). Claimed before posting: a failed post is not retried (never twice beats always). */
  async #claim(key: string): Promise<boolean> {
    return this.#lock.run(key, async () => {
      if (await this.#d.runs.has(key)) return false;
      await this.#d.runs.set(key, this.#d.clock.now(), 2 * WEEK);
      return true;
    });
  }
}
