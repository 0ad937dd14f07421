import type { AttendanceRepo } from './attendance-repo.ts';
import type { NotesRepo } from './notes-repo.ts';
import type { PracticeRepo } from './practice-repo.ts';

/** What a member's "forget me" removed. */
export type Erased = { notes: number; practice: number; attendance: number };

/**
 * Removes everything yin keeps about one member: notes, practice records and which sessions
 * they joined (also from sessions still running, so they aren't recorded at the end).
 */
export async function eraseMemberData(
  notes: NotesRepo,
  practice: PracticeRepo,
  userId: string,
  attendance?: AttendanceRepo,
): Promise<Erased> {
  const [noteCount, practiceCount, attendanceCount] = await Promise.all([
    notes.eraseAll(userId),
    practice.eraseAll(userId),
    attendance ? attendance.eraseAll(userId) : 0,
  ]);
  return { notes: noteCount, practice: practiceCount, attendance: attendanceCount };
}
