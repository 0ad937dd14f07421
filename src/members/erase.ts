import type { AttendanceRepo } from './attendance-repo.ts';
import type { NotesRepo } from './notes-repo.ts';
import type { PracticeRepo } from './practice-repo.ts';

/** What a member's "forget me" removed. */
export type Erased = { notes: number; practice: number; attendance: number; signups: number };

/**
 * Removes everything yin keeps about one member: notes, practice records and which sessions
 * they joined (also from sessions still running, so they aren't recorded at the end), and their
 * sign-ups for scheduled classes.
 */
export async function eraseMemberData(
  notes: NotesRepo,
  practice: PracticeRepo,
  userId: string,
  attendance?: AttendanceRepo,
  /** Their sign-ups for scheduled classes (a place they held goes to the waitlist). */
  eraseSignups?: (userId: string) => Promise<number>,
): Promise<Erased> {
  const [noteCount, practiceCount, attendanceCount, signupCount] = await Promise.all([
    notes.eraseAll(userId),
    practice.eraseAll(userId),
    attendance ? attendance.eraseAll(userId) : 0,
    eraseSignups ? eraseSignups(userId) : 0,
  ]);
  return { notes: noteCount, practice: practiceCount, attendance: attendanceCount, signups: signupCount };
}
