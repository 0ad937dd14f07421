import { join } from 'node:path';
import { expect, test } from 'vitest';
import { loadCatalog } from '../../src/domain/load-catalog.ts';
import { buildTimeline, planOf } from '../../src/domain/timeline.ts';
import { Timelines } from '../../src/sessions/timelines.ts';

const catalog = loadCatalog(join(import.meta.dirname, '..', '..', 'data'));
const back = catalog.sequences.get('back')!;

test('GIVEN classes of the same sequence, hold, speed and plan THEN they share one timeline, the same as one built alone', () => {
  const timelines = new Timelines();
  const a = timelines.of(catalog, back, 3, 10, planOf(back, 3));
  const b = timelines.of(catalog, back, 3, 10, planOf(back, 3));
  expect(b).toBe(a);
  expect(a).toEqual(buildTimeline(catalog, back, 3, 10, planOf(back, 3)));
});

test('GIVEN another hold, speed or sequence object THEN a timeline of its own', () => {
  const timelines = new Timelines();
  const a = timelines.of(catalog, back, 3, 10, planOf(back, 3));
  expect(timelines.of(catalog, back, 4, 10, planOf(back, 4))).not.toBe(a);
  expect(timelines.of(catalog, back, 3, 1, planOf(back, 3))).not.toBe(a);
  const own = structuredClone(back); // a server's own sequence: a copy per session
  expect(timelines.of(catalog, own, 3, 10, planOf(own, 3))).not.toBe(a);
});
