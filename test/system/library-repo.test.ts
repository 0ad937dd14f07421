import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test, type TestOptions } from 'vitest';
import type { Sequence } from '../../src/domain/catalog-schema.ts';
import { ManualClock } from '../../src/domain/clock.ts';
import { sequenceFromForm, type SequenceForm } from '../../src/library/form.ts';
import { catalogFor, resolveSequence } from '../../src/library/resolve.ts';
import { SEQUENCE_RECORD_VERSION, SequencesRepo, type StoredSequence } from '../../src/library/sequences-repo.ts';
import { openStore, type Store } from '../../src/store/open-store.ts';
import type { OnInvalidRecord } from '../../src/store/records.ts';
import { needsRedis, sharedRedis, type TestRedis } from '../helpers/redis.ts';
import { catalog, refusalOf } from '../helpers/library-helpers.ts';

const tempDir = mkdtempSync(join(tmpdir(), 'yin-library-'));
let redis: TestRedis | undefined;
beforeAll(async () => {
  redis = await sharedRedis();
});
afterAll(async () => {
  await redis?.stop();
  rmSync(tempDir, { recursive: true, force: true });
});

type Backend = { name: string; needs: TestOptions; url(): string };
const backends: Backend[] = [
  { name: 'SQLite', needs: {}, url: () => `sqlite://${join(tempDir, 'library.sqlite')}` },
  {
    name: 'Redis',
    needs: needsRedis,
    url: () => {
      if (!redis) throw new Error('redis did not start');
      return redis.url;
    },
  },
];

const draft = (over: Partial<SequenceForm> = {}): Sequence =>
  sequenceFromForm(catalog, {
    name: 'Evening Hips',
    focus: 'The hips, slowly.',
    steps: 'wide-knee-child 3\nrebound rebound-on-back 1\nrest savasana 5',
    ...over,
  });

/** A guild id no other test uses, so tests sharing one database or one Redis never meet. */
let unique = 0;
const guild = () => `${process.pid}${String(++unique).padStart(4, '0')}`;

for (const backend of backends) {
  describe(`SequencesRepo on ${backend.name}`, backend.needs, () => {
    let store: Store;
    let clock: ManualClock;
    let repo: SequencesRepo;
    const invalid: Parameters<OnInvalidRecord>[0][] = [];
    beforeAll(() => {
      store = openStore(backend.url());
      clock = new ManualClock(1_700_000_000_000);
      repo = new SequencesRepo(store, clock, { onInvalid: (info) => invalid.push(info) });
    });
    afterAll(async () => {
      await store.close();
    });

    /** The record as the store holds it, read past the repo. */
    const raw = (g: string, id: string) => store.keyv<StoredSequence>(`sequences:${g}`).get(id);

    test('GIVEN a new sequence THEN create stores it with revision 1; list, get and a fresh repo read it back', async () => {
      const g = guild();
      const created = await repo.create(g, draft(), '42');
      expect(created).toEqual({
        v: SEQUENCE_RECORD_VERSION,
        guildId: g,
        revision: 1,
        createdBy: '42',
        createdAt: clock.now(),
        updatedBy: '42',
        updatedAt: clock.now(),
        sequence: draft(),
      });
      expect(created.sequence.id).toBe('my_evening-hips');
      const again = new SequencesRepo(store, clock);
      expect(await again.get(g, 'my_evening-hips')).toEqual(created);
      expect(await again.list(g)).toEqual([created]);
      expect(await again.sequences(g)).toEqual([created.sequence]);
      expect(await raw(g, 'my_evening-hips')).toEqual(created);
    });

    test('GIVEN several THEN list is by name, whatever order the backend keeps keys in', async () => {
      const g = guild();
      for (const name of ['pigeon days', 'Apple', 'middle']) await repo.create(g, draft({ name }), '42');
      expect((await repo.list(g)).map((r) => r.sequence.name)).toEqual(['Apple', 'middle', 'pigeon days']);
    });

    test('GIVEN an edit based on the current revision THEN it replaces the sequence, keeps the id and counts up', async () => {
      const g = guild();
      const created = await repo.create(g, draft(), '42');
      clock.advance(60_000);
      const edited = await repo.replace(
        g,
        created.sequence.id,
        draft({ name: 'Morning Hips', steps: 'savasana 5' }),
        1,
        '43',
      );
      expect(edited).toMatchObject({ revision: 2, createdBy: '42', updatedBy: '43', createdAt: created.createdAt });
      expect(edited.updatedAt).toBe(created.createdAt + 60_000);
      expect(edited.sequence).toEqual({
        ...draft({ name: 'Morning Hips', steps: 'savasana 5' }),
        id: created.sequence.id,
      });
      expect(await repo.get(g, created.sequence.id)).toEqual(edited);
      expect(await repo.list(g)).toHaveLength(1);
    });

    test('GIVEN delete THEN the sequence is gone, once', async () => {
      const g = guild();
      const { sequence } = await repo.create(g, draft(), '42');
      expect(await repo.delete(g, sequence.id)).toBe(true);
      expect(await repo.get(g, sequence.id)).toBeUndefined();
      expect(await repo.list(g)).toEqual([]);
      expect(await repo.delete(g, sequence.id)).toBe(false);
      expect(await repo.delete(g, 'back')).toBe(false);
    });

    test('GIVEN two members editing the same revision at once THEN one wins, the other is told to reopen, and the record is wholly the winner', async () => {
      const g = guild();
      const { sequence } = await repo.create(g, draft(), '42');
      const a = draft({ name: 'Version A', steps: 'wide-knee-child 4\nrest savasana 6' });
      const b = draft({ name: 'Version B', focus: 'Something else entirely.', steps: 'dragonfly-twist both' });
      const results = await Promise.allSettled([
        repo.replace(g, sequence.id, a, 1, '1'),
        repo.replace(g, sequence.id, b, 1, '2'),
      ]);
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r) => r.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect(await refusalOf(Promise.reject(lost[0]!.reason))).toEqual({
        key: 'library.conflict',
        values: { name: expect.stringMatching(/^Version [AB]$/) },
      });
      const winner = (won[0] as PromiseFulfilledResult<StoredSequence>).value;
      const stored = await raw(g, sequence.id);
      expect(stored).toEqual(winner);
      expect([
        { ...a, id: sequence.id },
        { ...b, id: sequence.id },
      ]).toContainEqual(stored?.sequence);
      expect(stored?.revision).toBe(2);
    });

    test('GIVEN an edit based on an old revision THEN it is refused and the record is unchanged; reopening and retrying works', async () => {
      const g = guild();
      const { sequence } = await repo.create(g, draft(), '42');
      const first = await repo.replace(g, sequence.id, draft({ name: 'First' }), 1, '1');
      expect(await refusalOf(repo.replace(g, sequence.id, draft({ name: 'Late' }), 1, '2'))).toEqual({
        key: 'library.conflict',
        values: { name: 'First' },
      });
      expect(await raw(g, sequence.id)).toEqual(first);
      const reopened = await repo.get(g, sequence.id);
      expect((await repo.replace(g, sequence.id, draft({ name: 'Late' }), reopened!.revision, '2')).revision).toBe(3);
      // A delete confirmed against an old revision is refused the same way.
      expect(await refusalOf(repo.delete(g, sequence.id, 2))).toEqual({
        key: 'library.conflict',
        values: { name: 'Late' },
      });
      expect(await repo.get(g, sequence.id)).toBeDefined();
      expect(await repo.delete(g, sequence.id, 3)).toBe(true);
    });

    test('GIVEN two guilds THEN neither sees, edits nor deletes the other’s sequences', async () => {
      const g1 = guild();
      const g2 = guild();
      const mine = await repo.create(g1, draft(), '42');
      expect(await repo.list(g2)).toEqual([]);
      expect(await repo.get(g2, mine.sequence.id)).toBeUndefined();
      expect(await refusalOf(repo.replace(g2, mine.sequence.id, draft({ name: 'Hijack' }), 1, '7'))).toEqual({
        key: 'library.notFound',
        values: { id: mine.sequence.id },
      });
      expect(await repo.delete(g2, mine.sequence.id)).toBe(false);
      // The same name is free in another guild, and gets the same id there.
      const theirs = await repo.create(g2, draft(), '7');
      expect(theirs.sequence.id).toBe(mine.sequence.id);
      expect(await repo.get(g1, mine.sequence.id)).toEqual(mine);
      expect(resolveSequence(catalog, await repo.sequences(g2), mine.sequence.id)).toEqual(theirs.sequence);
    });

    test('GIVEN a name the guild already uses, in any case THEN create and edit are refused and nothing changes', async () => {
      const g = guild();
      const hips = await repo.create(g, draft(), '42');
      const other = await repo.create(g, draft({ name: 'Other' }), '42');
      expect(await refusalOf(repo.create(g, draft({ name: 'EVENING  hips' }), '42'))).toEqual({
        key: 'library.nameUsed',
        values: { name: 'Evening Hips' },
      });
      expect(await refusalOf(repo.replace(g, other.sequence.id, draft({ name: 'evening hips' }), 1, '42'))).toEqual({
        key: 'library.nameUsed',
        values: { name: 'Evening Hips' },
      });
      expect(await raw(g, other.sequence.id)).toEqual(other);
      expect(await repo.list(g)).toEqual([hips, other]);
      // Its own name is no clash.
      expect((await repo.replace(g, hips.sequence.id, draft({ name: 'evening HIPS' }), 1, '42')).revision).toBe(2);
    });

    test('GIVEN two names with the same slug THEN the second gets -2', async () => {
      const g = guild();
      const a = await repo.create(g, draft({ name: 'Hips!' }), '42');
      const b = await repo.create(g, draft({ name: 'Hips?' }), '42');
      expect([a.sequence.id, b.sequence.id]).toEqual(['my_hips', 'my_hips-2']);
    });

    test('GIVEN the guild’s limit THEN one more is refused with the number, and nothing is added', async () => {
      const g = guild();
      const small = new SequencesRepo(store, clock, { perGuildMax: 3 });
      for (const name of ['One', 'Two', 'Three']) await small.create(g, draft({ name }), '42');
      expect(await refusalOf(small.create(g, draft({ name: 'Four' }), '42'))).toEqual({
        key: 'library.full',
        values: { max: 3 },
      });
      expect((await small.list(g)).map((r) => r.sequence.name)).toEqual(['One', 'Three', 'Two']);
      expect(await raw(g, 'my_four')).toBeUndefined();
      // Editing one is still fine at the limit.
      expect((await small.replace(g, 'my_one', draft({ name: 'One again' }), 1, '42')).revision).toBe(2);
    });

    test('GIVEN 26 creates at once under the default limit of 25 THEN exactly 25 are stored and one is told the limit', async () => {
      const g = guild();
      const results = await Promise.allSettled(
        Array.from({ length: 26 }, (_, i) => repo.create(g, draft({ name: `Sequence ${i}` }), '42')),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(25);
      const refused = results.find((r) => r.status === 'rejected');
      expect(await refusalOf(Promise.reject(refused?.reason))).toEqual({ key: 'library.full', values: { max: 25 } });
      expect(await repo.list(g)).toHaveLength(25);
    });

    test('GIVEN two creates of one name at once THEN one is stored and the other is told the name is used', async () => {
      const g = guild();
      const results = await Promise.allSettled([
        repo.create(g, draft({ name: 'Twin' }), '1'),
        repo.create(g, draft({ name: 'twin' }), '2'),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
      const refused = results.find((r) => r.status === 'rejected');
      expect(await refusalOf(Promise.reject(refused?.reason))).toEqual({
        key: 'library.nameUsed',
        values: { name: expect.stringMatching(/^[Tt]win$/) },
      });
      expect(await repo.list(g)).toHaveLength(1);
    });

    test('GIVEN a draft that fails the schema THEN the write is refused and the old record stays', async () => {
      const g = guild();
      const created = await repo.create(g, draft(), '42');
      const broken = { ...draft({ name: 'Broken' }), steps: [] } as Sequence;
      await expect(repo.replace(g, created.sequence.id, broken, 1, '42')).rejects.toThrow();
      await expect(
        repo.create(g, { ...draft({ name: 'Plain id' }), holdMinutes: { default: 9, min: 1, max: 2 } }, '42'),
      ).rejects.toThrow();
      await expect(repo.create(g, draft({ name: 'Bad member' }), 'not a user')).rejects.toThrow();
      expect(await raw(g, created.sequence.id)).toEqual(created);
      expect(await repo.list(g)).toEqual([created]);
    });

    test('GIVEN a built-in id in a draft THEN the stored one still gets a server id', async () => {
      const g = guild();
      const created = await repo.create(g, { ...draft({ name: 'Sneaky' }), id: 'back' }, '42');
      expect(created.sequence.id).toBe('my_sneaky');
      expect(await repo.get(g, 'back')).toBeUndefined();
      expect(catalogFor(catalog, await repo.sequences(g)).sequences.get('back')?.name).toBe('Yin for the Back');
    });

    test('GIVEN a damaged or misplaced record THEN it is reported and skipped, and its id is not reused', async () => {
      const g = guild();
      const other = guild();
      const good = await repo.create(g, draft(), '42');
      const keyv = store.keyv<unknown>(`sequences:${g}`);
      await keyv.set('my_damaged', { v: 1, guildId: g, sequence: 'nonsense' });
      await keyv.set('my_moved', { ...good, guildId: other, sequence: { ...good.sequence, id: 'my_moved' } });
      await keyv.set('my_renamed', good);
      invalid.length = 0;
      expect(await repo.list(g)).toEqual([good]);
      expect(invalid.map((i) => i.key).sort()).toEqual(['my_damaged', 'my_moved', 'my_renamed']);
      expect(invalid.every((i) => i.namespace === `sequences:${g}`)).toBe(true);
      expect(await repo.get(g, 'my_damaged')).toBeUndefined();
      // "Damaged" slugs to the damaged record's id: the new one goes beside it, not over it.
      expect((await repo.create(g, draft({ name: 'Damaged' }), '42')).sequence.id).toBe('my_damaged-2');
      expect(await keyv.get('my_damaged')).toEqual({ v: 1, guildId: g, sequence: 'nonsense' });
    });

    test('GIVEN ids that are not a guild’s THEN nothing is opened', async () => {
      await expect(repo.list('../other')).rejects.toThrow(/guild id/);
      await expect(repo.list('1::2')).rejects.toThrow(/guild id/);
    });
  });
}
