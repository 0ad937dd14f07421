import { attendanceReport, type AttendanceReport } from '../members/attendance-report.ts';
import type { ClassLog, ClassRecord } from '../members/class-log.ts';
import type { ReportConsentRepo } from '../members/report-consent.ts';
import { latestOccurrence } from './next.ts';
import type { ScheduleRule } from './rule.ts';
import type { SignupLookup } from './signups.ts';

const DAY = 24 * 60 * 60_000;

/** What a class's report is made from, at the moment it is shown. */
export interface ReportSources {
  classLog: Pick<ClassLog, 'attendees'>;
  consent: Pick<ReportConsentRepo, 'consenting'>;
  signups: SignupLookup;
  /** The schedule's rule (for which of its starts a class was), or undefined when it is gone. */
  ruleOf(guildId: string, scheduleId: string): Promise<ScheduleRule | undefined>;
}

/**
 * The report on a finished class, read now: who practised (ids, from the class log), who said
 * yes to being named now, and who signed up for that start of its schedule.
 */
export async function reportOn(d: ReportSources, c: ClassRecord): Promise<AttendanceReport> {
  const attendees = await d.classLog.attendees(c.sessionId);
  const signedUp = c.scheduleId === undefined ? undefined : await signupsFor(d, c, c.scheduleId);
  const consenting = await d.consent.consenting(c.guildId, [...attendees.map((a) => a.userId), ...(signedUp ?? [])]);
  return attendanceReport(attendees, signedUp, consenting);
}

/** A scheduled session starts at its occurrence or a little after (late after a restart). */
async function signupsFor(
  d: ReportSources,
  c: ClassRecord,
  scheduleId: string,
): Promise<readonly string[] | undefined> {
  const rule = await d.ruleOf(c.guildId, scheduleId);
  const occurrence = rule && latestOccurrence(rule, c.startedAt, DAY);
  return occurrence === undefined ? undefined : d.signups.going(c.guildId, scheduleId, occurrence);
}
