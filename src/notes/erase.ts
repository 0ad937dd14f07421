import type { NotesRepo } from './notes-repo.ts';
import type { PracticeRepo } from './practice-repo.ts';

/** What a member's "forget me" removed. */
export type Erased = { notes: number; practice: number };

/** Removes everything yin keeps about one member: their notes and their practice records. */
export async function eraseMemberData(notes: NotesRepo, practice: PracticeRepo, userId: string): Promise<Erased> {
  const [noteCount, practiceCount] = await Promise.all([notes.eraseAll(userId), practice.eraseAll(userId)]);
  return { notes: noteCount, practice: practiceCount };
}
