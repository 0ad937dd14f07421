import type { Keyv } from 'keyv';
import type { Clock } from '../domain/clock.ts';
import type { Store } from '../store/store.ts';
import {
  NOTE_ID_PATTERN,
  NOTE_VERSION,
  NoteIds,
  noteSchema,
  parseNoteInput,
  type Note,
  type NoteInput,
} from './note.ts';
import { ignoreInvalid, readRecord, type OnInvalidRecord, USER_ID, clearCounting } from '../store/records.ts';

export type NotePage = { notes: Note[]; page: number; pages: number; total: number };

export type ListOptions = { poseId?: string | undefined; page?: number; pageSize?: number };

/**
 * Private practice notes. Every method takes the acting member's id and only ever opens that
 * member's namespace (`notes:<userId>`, one key per note), so no guild, role or crafted note id
 * can reach another member's notes: another member's key is simply not in the namespace.
 */
export class NotesRepo {
  readonly #store: Store;
  readonly #clock: Clock;
  readonly #ids = new NoteIds();
  readonly #onInvalid: OnInvalidRecord;

  constructor(store: Store, clock: Clock, onInvalid: OnInvalidRecord = ignoreInvalid) {
    this.#store = store;
    this.#clock = clock;
    this.#onInvalid = onInvalid;
  }

  /** Saves a note; throws InputError (nothing stored) when the text is empty or too long. */
  async add(userId: string, input: NoteInput): Promise<Note> {
    const keyv = this.#notes(userId);
    const fields = parseNoteInput(input);
    const now = this.#clock.now();
    const note: Note = noteSchema.parse({
      v: NOTE_VERSION,
      id: this.#ids.next(now),
      userId,
      createdAt: now,
      ...withoutUndefined(fields),
    });
    if (!(await keyv.set(note.id, note))) throw new Error('The note could not be saved.');
    return note;
  }

  /** Newest first, `pageSize` a page; a page past the end shows the last page. */
  async list(userId: string, options: ListOptions = {}): Promise<NotePage> {
    const pageSize = Math.max(1, Math.floor(options.pageSize ?? 5));
    let notes = await this.all(userId);
    if (options.poseId !== undefined) notes = notes.filter((note) => note.poseId === options.poseId);
    const total = notes.length;
    const pages = Math.max(1, Math.ceil(total / pageSize));
    const page = Math.min(Math.max(0, Math.floor(options.page ?? 0)), pages - 1);
    return { notes: notes.slice(page * pageSize, (page + 1) * pageSize), page, pages, total };
  }

  async get(userId: string, noteId: string): Promise<Note | undefined> {
    if (!NOTE_ID_PATTERN.test(noteId)) return undefined;
    return this.#read(await this.#notes(userId).get(noteId), userId, noteId);
  }

  /** True when the member had a note with that id; anyone else's id is simply not found. */
  async delete(userId: string, noteId: string): Promise<boolean> {
    if (!NOTE_ID_PATTERN.test(noteId)) return false;
    return this.#notes(userId).delete(noteId);
  }

  /** Every note of the member, newest first. */
  async all(userId: string): Promise<Note[]> {
    const notes: Note[] = [];
    for await (const [key, value] of this.#notes(userId).iterator()) {
      const note = this.#read(value, userId, String(key));
      if (note) notes.push(note);
    }
    // Redis lists keys in no particular order; ids sort by time.
    return notes.sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
  }

  /** Deletes every note of the member; returns how many there were. */
  async eraseAll(userId: string): Promise<number> {
    return clearCounting(this.#notes(userId));
  }

  /** A stored value that isn't a valid note of this member is logged and ignored, never shown. */
  #read(value: unknown, userId: string, key: string): Note | undefined {
    const note = readRecord(noteSchema, value, { namespace: `notes:${userId}`, key }, this.#onInvalid);
    if (note && note.userId !== userId) {
      this.#onInvalid({ namespace: `notes:${userId}`, key, issues: 'userId: belongs to another member' });
      return undefined;
    }
    return note;
  }

  #notes(userId: string): Keyv<Note> {
    if (!USER_ID.test(userId)) throw new Error(`Not a user id: ${JSON.stringify(userId)}`);
    return this.#store.keyv<Note>(`notes:${userId}`);
  }
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
