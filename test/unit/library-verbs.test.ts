import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { ManualClock } from '../../src/domain/clock.ts';
import type { Catalog } from '../../src/domain/catalog-schema.ts';
import { DraftsRepo } from '../../src/library/drafts-repo.ts';
import { exportSequence } from '../../src/library/file.ts';
import { formOf } from '../../src/library/form.ts';
import { SequencesRepo } from '../../src/library/sequences-repo.ts';
import {
  deleteSequence,
  importSequence,
  reopenDraft,
  saveForm,
  storedSequence,
  usingSchedules,
  type LibraryDeps,
  type LibrarySchedulesPort,
} from '../../src/library/verbs.ts';
import type { Schedule } from '../../src/schedule/schedule.ts';
import { openStore } from '../../src/store/open-store.ts';
import type { Store } from '../../src/store/store.ts';
import { catalog, refusalOf } from '../helpers/library-helpers.ts';

/*
 * The library use cases over their ports: the real SequencesRepo and DraftsRepo over an
 * in-memory SQLite store (they are domain code); the catalogs and schedules are small fakes.
 */

const G = '100';
const U = 'u1';
const form = {
  name: 'Evening Hips',
  focus: 'The hips and the lower back, slowly.',
  steps: 'wide-knee-child 3\nrest savasana 5',
  hold: '',
};

/** Counts reloads of a guild's catalog. */
class FakeCatalogs {
  readonly loads: string[] = [];
  async load(guildId: string): Promise<Catalog> {
    this.loads.push(guildId);
    return catalog;
  }
}

/** Schedules in memory; pausing or telling a schedule can be made to fail. */
class FakeSchedules implements LibrarySchedulesPort {
  readonly schedules: Schedule[] = [];
  readonly told: string[] = [];
  failPause = false;
  async list(guildId: string): Promise<Schedule[]> {
    return this.schedules.filter((s) => s.guildId === guildId);
  }
  async pause(_guildId: string, id: string): Promise<unknown> {
    if (this.failPause) throw new Error('store down');
    const s = this.schedules.find((x) => x.id === id);
    if (s) s.paused = true;
    return s;
  }
  async tellPaused(s: Schedule, name: string): Promise<void> {
    this.told.push(`${s.id}: ${name}`);
  }
}

const schedule = (id: string, sequenceId: string, paused = false): Schedule =>
  ({ id, guildId: G, channelId: 'c1', sequenceId, paused }) as Schedule;

let store: Store;
let deps: LibraryDeps;
let catalogs: FakeCatalogs;
let schedules: FakeSchedules;

beforeEach(() => {
  store = openStore('sqlite::memory:');
  catalogs = new FakeCatalogs();
  schedules = new FakeSchedules();
  deps = {
    catalog,
    sequences: new SequencesRepo(store, new ManualClock(Date.parse('2026-12-07T12:00:00Z'))),
    drafts: new DraftsRepo(store),
    catalogs,
    schedules,
  };
});
afterEach(() => store.close());

describe('saving the form', () => {
  test('GIVEN a good form THEN the sequence is stored, the catalog reloaded and no draft kept', async () => {
    const saved = await saveForm(deps, { guildId: G, userId: U, form });
    expect(saved.sequence).toMatchObject({ id: 'my_evening-hips', name: 'Evening Hips', holdMinutes: { default: 3 } });
    expect(saved.revision).toBe(1);
    expect(await storedSequence(deps, G, saved.sequence.id)).toEqual(saved);
    expect(catalogs.loads).toEqual([G]);
    expect(await refusalOf(reopenDraft(deps, G, U))).toEqual({ key: 'library.draftGone', values: {} });
  });

  test('GIVEN a refused form THEN nothing is stored and what was typed is kept to reopen', async () => {
    const bad = { ...form, steps: 'wide-knee-child 3\nnot-a-pose 2' };
    expect((await refusalOf(saveForm(deps, { guildId: G, userId: U, form: bad }))).key).toBe('library.atLine');
    expect(await deps.sequences.get(G, 'my_evening-hips')).toBeUndefined();
    expect(catalogs.loads).toEqual([]);
    expect(await reopenDraft(deps, G, U)).toEqual({ form: bad });
    // Another member's draft is their own.
    expect((await refusalOf(reopenDraft(deps, G, 'u2'))).key).toBe('library.draftGone');
  });

  test('GIVEN a refused form and then a good one THEN the draft is forgotten', async () => {
    await saveForm(deps, { guildId: G, userId: U, form: { ...form, name: '' } }).catch(() => undefined);
    expect((await reopenDraft(deps, G, U)).form.name).toBe('');
    await saveForm(deps, { guildId: G, userId: U, form });
    expect((await refusalOf(reopenDraft(deps, G, U))).key).toBe('library.draftGone');
  });

  test('GIVEN an edit of the revision it was opened on THEN the sequence is replaced under its id', async () => {
    const first = await saveForm(deps, { guildId: G, userId: U, form });
    const edit = { id: first.sequence.id, revision: first.revision };
    const saved = await saveForm(deps, {
      guildId: G,
      userId: 'u2',
      form: { ...formOf(first.sequence), name: 'Late Hips' },
      edit,
    });
    expect(saved).toMatchObject({
      revision: 2,
      updatedBy: 'u2',
      sequence: { id: first.sequence.id, name: 'Late Hips' },
    });
    expect(catalogs.loads).toEqual([G, G]);
  });

  test('GIVEN an edit of an older revision THEN it is refused as a conflict and kept as a draft with its edit', async () => {
    const first = await saveForm(deps, { guildId: G, userId: U, form });
    const edit = { id: first.sequence.id, revision: first.revision };
    await saveForm(deps, { guildId: G, userId: U, form: { ...formOf(first.sequence), name: 'Two' }, edit });
    const stale = { ...formOf(first.sequence), name: 'Three' };
    expect(await refusalOf(saveForm(deps, { guildId: G, userId: U, form: stale, edit }))).toEqual({
      key: 'library.conflict',
      values: { name: 'Two' },
    });
    expect(await reopenDraft(deps, G, U)).toEqual({ form: stale, edit });
    expect((await storedSequence(deps, G, first.sequence.id)).sequence.name).toBe('Two');
  });

  test('GIVEN an edit of a deleted sequence THEN it is refused as not found', async () => {
    const edit = { id: 'my_gone', revision: 1 };
    expect(await refusalOf(saveForm(deps, { guildId: G, userId: U, form, edit }))).toEqual({
      key: 'library.notFound',
      values: { id: 'my_gone' },
    });
  });
});

describe('importing a file', () => {
  test('GIVEN an exported sequence THEN importing it stores it under a free id and reloads the catalog', async () => {
    const first = await saveForm(deps, { guildId: G, userId: U, form });
    const file = new TextEncoder().encode(exportSequence({ ...first.sequence, name: 'Evening Hips 2' }));
    const saved = await importSequence(deps, G, file, U);
    expect(saved.sequence.id).toBe('my_evening-hips-2');
    expect(saved.sequence.steps).toEqual(first.sequence.steps);
    expect(catalogs.loads).toEqual([G, G]);
  });

  test('GIVEN a file that is not JSON THEN nothing is stored and the catalog is not reloaded', async () => {
    expect((await refusalOf(importSequence(deps, G, new TextEncoder().encode('{'), U))).key).toBe(
      'library.fileNotJson',
    );
    expect(catalogs.loads).toEqual([]);
  });
});

describe('deleting a sequence with its schedules', () => {
  test('GIVEN schedules that start it THEN it is deleted, the running ones paused and each told once', async () => {
    const saved = await saveForm(deps, { guildId: G, userId: U, form });
    const id = saved.sequence.id;
    schedules.schedules.push(schedule('s1', id), schedule('s2', id, true), schedule('s3', 'back'));
    expect((await usingSchedules(deps, G, id)).map((s) => s.id)).toEqual(['s1', 's2']);
    expect(await deleteSequence(deps, G, id, saved.revision, U)).toEqual({ name: 'Evening Hips', paused: 1 });
    expect(await deps.sequences.get(G, id)).toBeUndefined();
    expect(schedules.schedules.map((s) => s.paused)).toEqual([true, true, false]);
    expect(schedules.told).toEqual(['s1: Evening Hips']);
    expect(catalogs.loads).toEqual([G, G]);
  });

  test('GIVEN a pause that fails THEN the delete stands and the channel is still told', async () => {
    const saved = await saveForm(deps, { guildId: G, userId: U, form });
    schedules.schedules.push(schedule('s1', saved.sequence.id));
    schedules.failPause = true;
    expect(await deleteSequence(deps, G, saved.sequence.id, saved.revision, U)).toEqual({
      name: 'Evening Hips',
      paused: 1,
    });
    expect(await deps.sequences.get(G, saved.sequence.id)).toBeUndefined();
    expect(schedules.told).toEqual(['s1: Evening Hips']);
  });

  test('GIVEN a sequence edited since the delete was asked THEN it is refused and nothing is paused', async () => {
    const saved = await saveForm(deps, { guildId: G, userId: U, form });
    const id = saved.sequence.id;
    schedules.schedules.push(schedule('s1', id));
    await saveForm(deps, {
      guildId: G,
      userId: U,
      form: { ...formOf(saved.sequence), name: 'Edited' },
      edit: { id, revision: 1 },
    });
    expect((await refusalOf(deleteSequence(deps, G, id, 1, U))).key).toBe('library.conflict');
    expect((await storedSequence(deps, G, id)).sequence.name).toBe('Edited');
    expect(schedules.schedules[0]?.paused).toBe(false);
    expect(schedules.told).toEqual([]);
  });

  test('GIVEN a sequence already gone THEN it is refused as not found', async () => {
    expect(await refusalOf(deleteSequence(deps, G, 'my_gone', 1, U))).toEqual({
      key: 'library.notFound',
      values: { id: 'my_gone' },
    });
  });
});
