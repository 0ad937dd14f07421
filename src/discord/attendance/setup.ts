import type { Paced } from '../../sessions/send-window.ts';
import type { Client } from 'discord.js';
import type { Clock } from '../../domain/clock.ts';
import type { Logger } from '../../log.ts';
import type { Repos } from '../../repos.ts';
import type { ReportSources } from '../../schedule/attendance.ts';
import type { SchedulesRepo } from '../../schedule/schedules-repo.ts';
import type { SignupLookup } from '../../schedule/signups.ts';
import type { ScheduleTrigger } from '../../schedule/trigger.ts';
import type { SessionHooks } from '../../sessions/runner.ts';
import type { Store } from '../../store/store.ts';
import { AttendanceReporter } from './reporter.ts';
import { WeeklyTotals } from './weekly.ts';

/** Where a report's parts come from: the class log, members' yes, sign-ups, schedules' rules. */
export function reportSources(
  repos: Pick<Repos, 'classLog' | 'reportConsent'>,
  schedules: Pick<SchedulesRepo, 'get'>,
  signups: SignupLookup,
): ReportSources {
  return {
    classLog: repos.classLog,
    consent: repos.reportConsent,
    signups,
    ruleOf: async (guildId, scheduleId) => (await schedules.get(guildId, scheduleId))?.rule,
  };
}

/**
 * Attendance for organisers: the report after each scheduled class (a session hook, to run
 * after the notes listener writes the class log) and the weekly total (started on READY).
 */
export function createAttendance(o: {
  client: Client;
  store: Store;
  repos: Repos;
  schedules: Pick<SchedulesRepo, 'get'>;
  signups: SignupLookup;
  trigger: ScheduleTrigger;
  clock: Clock;
  log: Logger;
  languageOf: (guildId: string) => Promise<string>;
  owns: (guildId: string) => boolean;
  paced: Paced;
}): { hooks: SessionHooks; weekly: WeeklyTotals } {
  const hooks = new AttendanceReporter({
    rest: o.client.rest,
    settings: o.repos.settings,
    classLog: o.repos.classLog,
    sources: reportSources(o.repos, o.schedules, o.signups),
    log: o.log,
    paced: o.paced,
  });
  const weekly = new WeeklyTotals({
    rest: o.client.rest,
    clock: o.clock,
    trigger: o.trigger,
    settings: o.repos.settings,
    classLog: o.repos.classLog,
    runs: o.store.keyv<number>('weekly-total-runs'),
    guilds: () => [...o.client.guilds.cache.keys()].filter(o.owns),
    languageOf: o.languageOf,
    paced: o.paced,
    log: o.log,
  });
  return { hooks, weekly };
}
