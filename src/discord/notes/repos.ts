import type { Clock } from '../../domain/clock.ts';
import type { Logger } from '../../log.ts';
import { AttendanceRepo } from '../../notes/attendance-repo.ts';
import { DiscoveriesRepo } from '../../notes/discoveries-repo.ts';
import { NotesRepo } from '../../notes/notes-repo.ts';
import { PracticeRepo } from '../../notes/practice-repo.ts';
import type { OnInvalidRecord } from '../../notes/records.ts';
import { SettingsRepo } from '../../notes/settings-repo.ts';
import type { Store } from '../../store/store.ts';

/** The stores behind notes, practice, discoveries and guild settings (part of BotContext). */
export interface NotesRepos {
  notes: NotesRepo;
  practice: PracticeRepo;
  attendance: AttendanceRepo;
  settings: SettingsRepo;
  discoveries: DiscoveriesRepo;
}

export function createNotesRepos(store: Store, clock: Clock, log: Logger): NotesRepos {
  // A damaged record is skipped where it is read; the log says which one and why.
  const onInvalid: OnInvalidRecord = (info) => log.warn({ event: 'store.invalid_record', ...info }, 'skipped a stored record that does not validate');
  return {
    notes: new NotesRepo(store, clock, onInvalid),
    practice: new PracticeRepo(store, onInvalid),
    attendance: new AttendanceRepo(store, onInvalid),
    settings: new SettingsRepo(store, onInvalid),
    discoveries: new DiscoveriesRepo(store, onInvalid),
  };
}
