import type { AttendanceRepo } from './attendance-repo.ts';
import type { ClassLog } from './class-log.ts';
import type { NotesRepo } from './notes-repo.ts';
import type { PracticeRepo } from './practice-repo.ts';
import type { ReportConsentRepo } from './report-consent.ts';

/** What a member's "forget me" removed. */
export type Erased = { notes: number; practice: number; attendance: number; signups: number; reportConsent: number };

/** The rest of a member's data, besides their own records. */
export interface AttendanceData {
  /** Their yes to being named in organisers' attendance reports. */
  reportConsent?: ReportConsentRepo | undefined;
  /** Their place in the classes organisers' reports are made from. */
  classLog?: ClassLog | undefined;
  /** Their sign-ups for scheduled classes (a place they held goes to the waitlist). */
  eraseSignups?: ((userId: string) => Promise<number>) | undefined;
}

/**
 * Removes everything yin keeps about one member: notes, practice records and which sessions
 * they joined (also from sessions still running, so they aren't recorded at the end), their
 * sign-ups for scheduled classes, their place in the classes of organisers' attendance reports,
 * and their yes to being named there.
 */
export async function eraseMemberData(
  notes: NotesRepo,
  practice: PracticeRepo,
  userId: string,
  attendance?: AttendanceRepo,
  more: AttendanceData = {},
): Promise<Erased> {
  // The classes they were in are read from their own records, before those go.
  if (more.classLog) {
    const sessions = [
      ...(await practice.list(userId)).map((r) => r.sessionId),
      ...(attendance ? await attendance.of(userId) : []).map((r) => r.sessionId),
    ];
    await more.classLog.forget(userId, sessions);
  }
  const [noteCount, practiceCount, attendanceCount, signupCount, consentCount] = await Promise.all([
    notes.eraseAll(userId),
    practice.eraseAll(userId),
    attendance ? attendance.eraseAll(userId) : 0,
    more.eraseSignups ? more.eraseSignups(userId) : 0,
    more.reportConsent ? more.reportConsent.eraseAll(userId) : 0,
  ]);
  return {
    notes: noteCount,
    practice: practiceCount,
    attendance: attendanceCount,
    signups: signupCount,
    reportConsent: consentCount,
  };
}
