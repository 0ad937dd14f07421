import { ACTIONS, type Action } from '../domain/session.ts';

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

/** The confirm step of `/yin notes erase-all`. */
export const eraseId = customId<{ answer: 'yes' | 'no' }>(
  'erase-all',
  ['nte'],
  (a) => [a.answer],
  ([answer]) => (answer === 'yes' || answer === 'no' ? { answer } : undefined),
);

/** The share form's one text field. */
export const SHARE_FIELD = 'text';

/** Splits a custom_id into its prefix and arguments. */
export function splitCustomId(customId: string): { prefix: string; parts: string[] } {
  const [prefix = '', ...parts] = customId.split(':');
  return { prefix, parts };
}
