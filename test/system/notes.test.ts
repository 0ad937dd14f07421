import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/domain/clock.ts';
import { eraseMemberData } from '../../src/members/erase.ts';
import { InputError } from '../../src/domain/input-error.ts';
import { NotesRepo } from '../../src/members/notes-repo.ts';
import { PracticeRepo } from '../../src/members/practice-repo.ts';
import { openStore, type Store } from '../../src/store/open-store.ts';
import { needsRedis, sharedRedis, type TestRedis } from '../helpers/redis.ts';

const MINUTE = 60_000;
const tempDir = mkdtempSync(join(tmpdir(), 'yin-notes-'));
let redis: TestRedis | undefined;
beforeAll(async () => {
  redis = await sharedRedis();
});
afterAll(async () => {
  await redis?.stop();
  rmSync(tempDir, { recursive: true, force: true });
});

let unique = 0;
/** Fresh member ids per test, so tests sharing one Redis never see each other's notes. */
const member = (name: string) => `${name}${process.pid}x${++unique}`;

const backends = [
  { name: 'SQLite', needs: {}, url: () => `sqlite://${join(tempDir, 'notes.sqlite')}` },
  { name: 'Redis', needs: needsRedis, url: () => redis?.url ?? 'redis://redis-did-not-start' },
];

for (const backend of backends) {
  describe(`notes on ${backend.name}`, backend.needs, () => {
    let store: Store;
    let clock: ManualClock;
    let notes: NotesRepo;
    let practice: PracticeRepo;
    beforeAll(() => {
      store = openStore(backend.url());
    });
    afterAll(async () => {
      await store.close();
    });
    beforeEach(() => {
      clock = new ManualClock();
      notes = new NotesRepo(store, clock);
      practice = new PracticeRepo(store);
    });

    async function addMany(userId: string, count: number, poseId?: (i: number) => string) {
      for (let i = 0; i < count; i++) {
        await notes.add(userId, { text: `note ${i}`, poseId: poseId?.(i) });
        clock.advance(MINUTE);
      }
    }

    it('GIVEN a note added THEN it comes back with an id, the time and the trimmed text', async () => {
      const a = member('a');
      const note = await notes.add(a, {
        text: '  Dragon felt easier today.  ',
        poseId: 'dragon',
        guildId: 'g1',
        sessionId: 's1',
        sequenceId: 'q1',
      });
      expect(note).toMatchObject({
        userId: a,
        text: 'Dragon felt easier today.',
        poseId: 'dragon',
        guildId: 'g1',
        createdAt: clock.now(),
      });
      expect(await notes.get(a, note.id)).toEqual(note);
    });

    it('GIVEN 12 notes THEN they list newest first in pages of 5', async () => {
      const a = member('a');
      await addMany(a, 12);
      const first = await notes.list(a);
      expect(first).toMatchObject({ page: 0, pages: 3, total: 12 });
      expect(first.notes.map((n) => n.text)).toEqual(['note 11', 'note 10', 'note 9', 'note 8', 'note 7']);
      const last = await notes.list(a, { page: 2 });
      expect(last.notes.map((n) => n.text)).toEqual(['note 1', 'note 0']);
      expect((await notes.list(a, { page: 99 })).page).toBe(2);
      expect(await notes.list(member('nobody'))).toEqual({ notes: [], page: 0, pages: 1, total: 0 });
    });

    it('GIVEN notes on several poses THEN a pose filter lists only that pose', async () => {
      const a = member('a');
      await addMany(a, 7, (i) => (i % 2 === 0 ? 'dragon' : 'sphinx'));
      const dragon = await notes.list(a, { poseId: 'dragon' });
      expect(dragon.total).toBe(4);
      expect(dragon.notes.map((n) => n.text)).toEqual(['note 6', 'note 4', 'note 2', 'note 0']);
    });

    it("GIVEN A's note THEN B can't read, list, delete or erase it, even with its id", async () => {
      const a = member('a');
      const b = member('b');
      const note = await notes.add(a, { text: 'mine alone' });
      expect(await notes.get(b, note.id)).toBeUndefined();
      expect(await notes.delete(b, note.id)).toBe(false);
      expect((await notes.list(b)).total).toBe(0);
      expect(await notes.eraseAll(b)).toBe(0);
      expect(await notes.get(a, note.id)).toEqual(note);
      expect(await notes.delete(a, note.id)).toBe(true);
      expect(await notes.get(a, note.id)).toBeUndefined();
      expect(await notes.delete(a, note.id)).toBe(false);
    });

    it('GIVEN a malformed note id or user id THEN nothing is reached', async () => {
      const a = member('a');
      expect(await notes.get(a, '../other')).toBeUndefined();
      expect(await notes.delete(a, 'x::y')).toBe(false);
      await expect(notes.list('notes:*')).rejects.toThrow(/Not a user id/);
    });

    it("GIVEN eraseAll THEN the member's notes and practice records are gone and others' stay", async () => {
      const a = member('a');
      const b = member('b');
      await addMany(a, 3);
      await addMany(b, 2);
      await practice.record(a, { sessionId: 's1', sequenceId: 'q', guildId: 'g', startedAt: clock.now(), minutes: 30 });
      await practice.record(b, { sessionId: 's1', sequenceId: 'q', guildId: 'g', startedAt: clock.now(), minutes: 30 });
      expect(await eraseMemberData(notes, practice, a)).toEqual({
        notes: 3,
        practice: 1,
        attendance: 0,
        signups: 0,
        reportConsent: 0,
      });
      expect(await notes.all(a)).toEqual([]);
      expect(await practice.list(a)).toEqual([]);
      expect(await notes.all(b)).toHaveLength(2);
      expect(await practice.list(b)).toHaveLength(1);
    });

    it.each([
      ['too long', 'x'.repeat(1204), 'A note can be at most 1,000 characters (yours has 1,204).'],
      ['empty', '   \n ', "A note can't be empty: write a few words about your practice."],
    ])('GIVEN %s text THEN InputError says why and nothing is stored', async (_name, text, message) => {
      const a = member('a');
      const attempt = notes.add(a, { text });
      await expect(attempt).rejects.toBeInstanceOf(InputError);
      await expect(attempt).rejects.toThrow(message);
      expect((await notes.list(a)).total).toBe(0);
    });

    it('GIVEN exactly 1,000 characters, emoji counted as one THEN the note is kept', async () => {
      const text = '🧘'.repeat(1000);
      expect((await notes.add(member('a'), { text })).text).toBe(text);
    });

    it('GIVEN 100 concurrent adds in the same millisecond THEN all 100 are present, in order', async () => {
      const a = member('a');
      const added = await Promise.all(Array.from({ length: 100 }, (_, i) => notes.add(a, { text: `n${i}` })));
      const all = await notes.all(a);
      expect(all).toHaveLength(100);
      expect(new Set(all.map((n) => n.id))).toEqual(new Set(added.map((n) => n.id)));
      expect(all.map((n) => n.id)).toEqual(added.map((n) => n.id).reverse());
    });

    it('GIVEN the same session recorded twice THEN it counts once, with the latest minutes', async () => {
      const a = member('a');
      const input = { sessionId: 'sess-1', sequenceId: 'q', guildId: 'g', startedAt: clock.now(), minutes: 20 };
      await Promise.all([practice.record(a, input), practice.record(a, input)]);
      await practice.record(a, { ...input, minutes: 45 });
      await practice.record(a, { ...input, sessionId: 'sess-2', startedAt: clock.now() + MINUTE });
      const records = await practice.list(a);
      expect(records.map((r) => [r.sessionId, r.minutes])).toEqual([
        ['sess-1', 45],
        ['sess-2', 20],
      ]);
    });
  });
}
