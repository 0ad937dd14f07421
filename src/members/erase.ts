import type { AttendanceRepo } from './attendance-repo.ts';
import type { NotesRepo } from './notes-repo.ts';
import type { PracticeRepo } from './practice-repo.ts';
import type { ReportConsentRepo } from './report-consent.ts';

/** What a member's "forget me" removed. */
export type Erased = { notes: number; practice: number; attendance: number; reportConsent: number };

/**
 * Removes everything yin keeps about one member: notes, practice records and which sessions
 * they joined (also from sessions still running, so they aren't recorded at the end), and their
 * yes to being named in organisers' attendance reports.
 */
export async function eraseMemberData(
  notes: NotesRepo,
  practice: PracticeRepo,
  userId: string,
  attendance?: AttendanceRepo,
  reportConsent?: ReportConsentRepo,
): Promise<Erased> {
  const [noteCount, practiceCount, attendanceCount, consentCount] = await Promise.all([
    notes.eraseAll(userId),
    practice.eraseAll(userId),
    attendance ? attendance.eraseAll(userId) : 0,
    reportConsent ? reportConsent.eraseAll(userId) : 0,
  ]);
  return { notes: noteCount, practice: practiceCount, attendance: attendanceCount, reportConsent: consentCount };
}
