import type { Clock } from './domain/clock.ts';
import type { Logger } from './log.ts';
import { AttendanceRepo } from './members/attendance-repo.ts';
import { DiscoveriesRepo } from './guilds/discoveries-repo.ts';
import { NotesRepo } from './members/notes-repo.ts';
import { SequencesRepo } from './library/sequences-repo.ts';
import { DraftsRepo } from './library/drafts-repo.ts';
import { PracticeRepo } from './members/practice-repo.ts';
import { ReportConsentRepo } from './members/report-consent.ts';
import { ClassLog } from './members/class-log.ts';
import type { OnInvalidRecord } from './store/records.ts';
import { SettingsRepo } from './guilds/settings-repo.ts';
import type { Store } from './store/store.ts';

/** What yin keeps about members (notes, practice, attendance) and guilds (settings, discoveries): no Discord here. */
export interface Repos {
  notes: NotesRepo;
  practice: PracticeRepo;
  attendance: AttendanceRepo;
  /** Whether a member's name may appear in organisers' attendance reports, per server. */
  reportConsent: ReportConsentRepo;
  /** Who practised in which class of a server (ids and minutes): organisers' attendance reports. */
  classLog: ClassLog;
  settings: SettingsRepo;
  discoveries: DiscoveriesRepo;
  sequences: SequencesRepo;
  /** Refused sequence forms, kept an hour. */
  drafts: DraftsRepo;
}

export function createRepos(store: Store, clock: Clock, log: Logger): Repos {
  // A damaged record is skipped where it is read; the log says which one and why.
  const onInvalid: OnInvalidRecord = (info) =>
    log.warn({ event: 'store.invalid_record', ...info }, 'skipped a stored record that does not validate');
  return {
    notes: new NotesRepo(store, clock, onInvalid),
    practice: new PracticeRepo(store, onInvalid),
    attendance: new AttendanceRepo(store, onInvalid),
    reportConsent: new ReportConsentRepo(store, onInvalid),
    classLog: new ClassLog(store, onInvalid),
    settings: new SettingsRepo(store, onInvalid),
    discoveries: new DiscoveriesRepo(store, onInvalid),
    sequences: new SequencesRepo(store, clock, { onInvalid }),
    drafts: new DraftsRepo(store),
  };
}
