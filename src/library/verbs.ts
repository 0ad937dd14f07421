import type { Catalog, Sequence } from '../domain/catalog-schema.ts';
import { InputError } from '../domain/input-error.ts';
import type { ScheduleDeps } from '../schedule/ports.ts';
import type { Schedule } from '../schedule/schedule.ts';
import { pauseSchedule } from '../schedule/verbs.ts';
import type { CatalogsPort } from './catalogs.ts';
import type { SequenceDraft } from './drafts-repo.ts';
import { parseSequenceFile } from './file.ts';
import { sequenceFromForm } from './form.ts';
import { schedulesUsing } from './resolve.ts';
import type { StoredSequence } from './sequences-repo.ts';

/*
 * `/yin sequence create|import|edit|delete` and the form's "Edit and try again", one function
 * each, over the ports below (as src/schedule/verbs.ts does for schedules). They check the input
 * (InputError for what the member can put right), write, reload the guild's catalog so the next
 * command and timer see the change, and return plain results the handlers render. Who may call
 * them (Manage Server or the teacher role) is the handler's business.
 */

/** A guild's own sequences (SequencesRepo). */
export interface SequencesPort {
  get(guildId: string, id: string): Promise<StoredSequence | undefined>;
  create(guildId: string, draft: Sequence, by: string): Promise<StoredSequence>;
  replace(guildId: string, id: string, draft: Sequence, basedOn: number, by: string): Promise<StoredSequence>;
  delete(guildId: string, id: string, basedOn?: number): Promise<boolean>;
}

/** Refused forms, kept for the member to reopen (DraftsRepo). */
export interface DraftsPort {
  get(guildId: string, userId: string): Promise<SequenceDraft | undefined>;
  keep(guildId: string, userId: string, draft: SequenceDraft): Promise<void>;
  forget(guildId: string, userId: string): Promise<void>;
}

/** What deleting a sequence does to the schedules that use it. */
export interface LibrarySchedulesPort {
  list(guildId: string): Promise<Schedule[]>;
  pause(guildId: string, id: string, by: string): Promise<unknown>;
  /** Says in the schedule's channel that it was paused because sequence `name` is gone. */
  tellPaused(s: Schedule, name: string): Promise<void>;
}

/** Everything the library use cases work with, built once by the composition root. */
export interface LibraryDeps {
  /** The built-in poses and sequences a server's sequence is checked against. */
  catalog: Catalog;
  sequences: SequencesPort;
  drafts: DraftsPort;
  catalogs: Pick<CatalogsPort, 'load'>;
  schedules: LibrarySchedulesPort;
}

/** The schedules port over the schedule use cases: pausing is `/yin schedule pause`'s. */
export function schedulesOf(d: ScheduleDeps): LibrarySchedulesPort {
  return {
    list: (guildId) => d.repo.list(guildId),
    pause: (guildId, id, by) => pauseSchedule(d, guildId, id, by),
    tellPaused: (s, name) => d.notices.couldNotStart(s, new InputError('library.schedulePaused', { name })),
  };
}

/** The form as sent: a new sequence, or (with `edit`) a stored one rewritten. */
export interface FormInput {
  guildId: string;
  userId: string;
  form: SequenceDraft['form'];
  edit?: SequenceDraft['edit'];
}

/**
 * Saves the form (a create, or an edit of the revision it was opened on) and forgets the
 * member's draft. Refused (InputError), what they wrote is kept as their draft and the refusal
 * rethrown: nothing else is saved.
 */
export async function saveForm(d: LibraryDeps, input: FormInput): Promise<StoredSequence> {
  const { guildId, userId, form, edit } = input;
  try {
    const typed = { ...form, hold: form.hold || undefined };
    let saved: StoredSequence;
    if (edit) {
      const current = await d.sequences.get(guildId, edit.id);
      if (!current) throw new InputError('library.notFound', { id: edit.id });
      const draft = sequenceFromForm(d.catalog, typed, { base: current.sequence });
      saved = await d.sequences.replace(guildId, edit.id, draft, edit.revision, userId);
    } else {
      saved = await d.sequences.create(guildId, sequenceFromForm(d.catalog, typed), userId);
    }
    await d.catalogs.load(guildId);
    await d.drafts.forget(guildId, userId);
    return saved;
  } catch (err) {
    if (err instanceof InputError) await d.drafts.keep(guildId, userId, { form, edit });
    throw err;
  }
}

/** The member's refused form, to open again. */
export async function reopenDraft(d: LibraryDeps, guildId: string, userId: string): Promise<SequenceDraft> {
  const draft = await d.drafts.get(guildId, userId);
  if (!draft) throw new InputError('library.draftGone');
  return draft;
}

/** Adds a sequence from a file's bytes (`/yin sequence import`). */
export async function importSequence(
  d: LibraryDeps,
  guildId: string,
  bytes: Uint8Array,
  by: string,
): Promise<StoredSequence> {
  const saved = await d.sequences.create(guildId, parseSequenceFile(d.catalog, bytes), by);
  await d.catalogs.load(guildId);
  return saved;
}

/** The guild's sequence `id`, or `library.notFound`. */
export async function storedSequence(d: LibraryDeps, guildId: string, id: string): Promise<StoredSequence> {
  const stored = await d.sequences.get(guildId, id);
  if (!stored) throw new InputError('library.notFound', { id });
  return stored;
}

/** The guild's schedules that start sequence `id`, paused or not (a delete lists them first). */
export async function usingSchedules(d: LibraryDeps, guildId: string, id: string): Promise<Schedule[]> {
  return schedulesUsing(id, await d.schedules.list(guildId));
}

export interface DeleteResult {
  /** The sequence's name. */
  name: string;
  /** How many running schedules were paused. */
  paused: number;
}

/**
 * Deletes sequence `id` if it is still at `revision` (else `library.conflict`); the schedules that
 * started it are paused, and each says so in its channel once. A pause or notice that fails does
 * not undo the delete.
 */
export async function deleteSequence(
  d: LibraryDeps,
  guildId: string,
  id: string,
  revision: number,
  by: string,
): Promise<DeleteResult> {
  const { name } = (await storedSequence(d, guildId, id)).sequence;
  if (!(await d.sequences.delete(guildId, id, revision))) throw new InputError('library.notFound', { id });
  await d.catalogs.load(guildId);
  const using = (await usingSchedules(d, guildId, id)).filter((s) => !s.paused);
  for (const s of using) {
    await d.schedules.pause(guildId, s.id, by).catch(() => undefined);
    await d.schedules.tellPaused(s, name).catch(() => undefined);
  }
  return { name, paused: using.length };
}
