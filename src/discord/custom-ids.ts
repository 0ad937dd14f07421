import { ACTIONS, type Action } from '../domain/session.ts';
import { LANGUAGES, type Language } from '../languages.ts';

/**
 * Buttons and forms carry their state in the custom_id (`prefix:arg:arg`), so they keep working
 * after a restart: no in-memory collectors. Each kind is built and parsed here and nowhere else;
 * the router hands its handler the parsed arguments. The acting member always comes from the
 * interaction, never from an id, so a copied id can't reach anyone else's notes.
 */
export interface CustomId<A> {
  prefix: string;
  /** Older prefixes still routed: buttons on posts already sent carry them. */
  legacy: readonly string[];
  build(args: A): string;
  /** undefined: not a well-formed id of this kind. */
  parse(parts: readonly string[]): A | undefined;
}

function customId<A>(
  prefix: string,
  legacy: readonly string[],
  encode: (a: A) => readonly string[],
  decode: (parts: readonly string[]) => A | undefined,
): CustomId<A> {
  return { prefix, legacy, build: (a) => [prefix, ...encode(a)].join(':'), parse: decode };
}

const SESSION_ID = /^[A-Za-z0-9_.-]{1,80}$/;
const sessionArg = (parts: readonly string[]) =>
  parts[0] && SESSION_ID.test(parts[0]) ? { sessionId: parts[0] } : undefined;

/** Pause, Resume, Skip, +1 min and End under each session post. */
export const controlId = customId<{ action: Action; sessionId: string }>(
  'ctl',
  [],
  (a) => [a.action, a.sessionId],
  ([action, sessionId]) =>
    (ACTIONS as readonly string[]).includes(action ?? '') && sessionId && SESSION_ID.test(sessionId)
      ? { action: action as Action, sessionId }
      : undefined,
);

/** Prev/Next on `/yin notes list`; `-` means no pose filter. */
export const notesPageId = customId<{ page: number; poseId: string | undefined }>(
  'notes-page',
  ['ntp'],
  (a) => [String(a.page), a.poseId ?? '-'],
  ([page = '', pose = '-']) =>
    /^\d{1,4}$/.test(page) ? { page: Number(page), poseId: pose === '-' ? undefined : pose } : undefined,
);

/** "My notes" under a pose post. */
export const myNotesId = customId<{ poseId: string }>(
  'my-notes',
  ['ntm'],
  (a) => [a.poseId],
  ([poseId]) => (poseId ? { poseId } : undefined),
);

/** "I'm practising" on the opening. */
export const joinId = customId<{ sessionId: string }>('join', ['ntj'], (a) => [a.sessionId], sessionArg);

/** "Share a discovery" on the closing, and the form it opens. */
export const shareId = customId<{ sessionId: string }>('share', ['nts'], (a) => [a.sessionId], sessionArg);
export const shareFormId = customId<{ sessionId: string }>('share-form', ['ntsm'], (a) => [a.sessionId], sessionArg);

/** "Class view" under the opening and pose posts: opens the Activity in the channel. */
export const classViewId = customId<{ sessionId: string }>('class-view', [], (a) => [a.sessionId], sessionArg);

/** The confirm step of `/yin notes erase-all`. */
export const eraseId = customId<{ answer: 'yes' | 'no' }>(
  'erase-all',
  ['nte'],
  (a) => [a.answer],
  ([answer]) => (answer === 'yes' || answer === 'no' ? { answer } : undefined),
);

const SEQUENCE_ID = /^(?:[a-z0-9][a-z0-9-]{0,39}|my_[a-z0-9][a-z0-9-]{0,39})$/;
const REVISION = /^\d{1,9}$/;

/** The form of `/yin sequence create` (`new`) and `edit` (the sequence and the revision it shows). */
export const sequenceFormId = customId<{ edit?: { id: string; revision: number } | undefined }>(
  'seq-form',
  [],
  (a) => (a.edit ? ['edit', a.edit.id, String(a.edit.revision)] : ['new']),
  ([mode, id = '', revision = '']) =>
    mode === 'new'
      ? {}
      : mode === 'edit' && SEQUENCE_ID.test(id) && REVISION.test(revision)
        ? { edit: { id, revision: Number(revision) } }
        : undefined,
);

/** "Edit and try again" under a refused form: reopens it with what the member wrote. */
export const sequenceReopenId = customId<Record<string, never>>(
  'seq-reopen',
  [],
  () => [],
  () => ({}),
);

/** The confirm step of `/yin sequence delete` when schedules use the sequence. */
export const sequenceDeleteId = customId<{ id: string; revision: number }>(
  'seq-delete',
  [],
  (a) => [a.id, String(a.revision)],
  ([id = '', revision = '']) =>
    SEQUENCE_ID.test(id) && REVISION.test(revision) ? { id, revision: Number(revision) } : undefined,
);

/** "I'll teach it" under a substitute request: the schedule and the start it is for. */
export const substituteId = customId<{ scheduleId: string; occurrenceMs: number }>(
  'sub-take',
  [],
  (a) => [a.scheduleId, String(a.occurrenceMs)],
  ([scheduleId = '', at = '']) =>
    /^[a-z0-9]{1,20}$/.test(scheduleId) && /^\d{1,15}$/.test(at) ? { scheduleId, occurrenceMs: Number(at) } : undefined,
);

/** What identifies a class to run again: its sequence, hold (half minutes), `length:` and language. */
export interface ReplayArgs {
  sequenceId: string;
  hold: number;
  length: number | undefined;
  language: Language;
}

/** "Practise this class on your own" on a closing: the same class, privately. */
export const replayId = customId<ReplayArgs>(
  'replay',
  [],
  (a) => [a.sequenceId, String(a.hold), a.length === undefined ? '-' : String(a.length), a.language],
  ([sequenceId = '', hold = '', length = '', language = '']) =>
    SEQUENCE_ID.test(sequenceId) &&
    /^\d{1,2}(?:\.5)?$/.test(hold) &&
    (length === '-' || /^\d{1,3}$/.test(length)) &&
    (LANGUAGES as readonly string[]).includes(language)
      ? {
          sequenceId,
          hold: Number(hold),
          length: length === '-' ? undefined : Number(length),
          language: language as Language,
        }
      : undefined,
);

export const SIGNUP_ACTIONS = ['in', 'out', 'dm', 'nodm', 'roster', 'name', 'noname'] as const;
export type SignupAction = (typeof SIGNUP_ACTIONS)[number];
const SCHEDULE_ID = /^[a-z0-9]{1,20}$/;
const BASE36_MS = /^[0-9a-z]{1,12}$/;

/**
 * Sign up, Can't come and Roster on a schedule's reminder; Remind me by DM and Name me in
 * attendance reports (and their undo) on the sign-up's private answer. The start is the occurrence's epoch ms in base 36.
 */
export const signupId = customId<{ action: SignupAction; scheduleId: string; occurrenceMs: number }>(
  'signup',
  [],
  (a) => [a.action, a.scheduleId, a.occurrenceMs.toString(36)],
  ([action = '', scheduleId = '', occ = '']) =>
    (SIGNUP_ACTIONS as readonly string[]).includes(action) && SCHEDULE_ID.test(scheduleId) && BASE36_MS.test(occ)
      ? { action: action as SignupAction, scheduleId, occurrenceMs: Number.parseInt(occ, 36) }
      : undefined,
);

/** The share form's one text field. */
export const SHARE_FIELD = 'text';

/** Splits a custom_id into its prefix and arguments. */
export function splitCustomId(customId: string): { prefix: string; parts: string[] } {
  const [prefix = '', ...parts] = customId.split(':');
  return { prefix, parts };
}
