import { join } from 'node:path';
import { expect, test } from 'vitest';
import { ManualClock } from '../../src/domain/clock.ts';
import { loadCatalog } from '../../src/domain/load-catalog.ts';
import { stop } from '../../src/domain/session.ts';
import { buildTimeline, legacyPlan } from '../../src/domain/timeline.ts';
import { createMetrics } from '../../src/ops/metrics.ts';
import { sessionMetrics } from '../../src/ops/observe.ts';
import { parseProm, total } from '../helpers/ops-prom.ts';
import { backSession } from '../helpers/session.ts';

const catalog = loadCatalog(join(import.meta.dirname, '..', '..', 'data'));
const T0 = Date.parse('2026-11-26T18:00:00Z');

test("GIVEN a post 2 s late, a catch-up post and a stopped session's closing THEN the catch-up is counted apart, not as lateness", async () => {
  const metrics = createMetrics();
  const clock = new ManualClock(T0);
  const hooks = sessionMetrics(metrics, clock);
  const s = backSession(T0);
  // Nine holds back to back after a minute (a session saved before plans): plain arithmetic below.
  const back = catalog.sequences.get('back')!;
  const t = buildTimeline(catalog, back, 3, 1, legacyPlan(back, 3));

  clock.set(T0 + 60_000 + 2_000); // step 1 is due a minute in
  await hooks.stepPosted?.(s, t, 1, 'm1', 0);
  clock.set(T0 + 20 * 60_000); // back after a restart: one post for the steps passed over
  await hooks.stepPosted?.(s, t, 6, 'm2', 4);

  // The host's Stop brings the closing forward over 3 poses: on purpose, so not a catch-up.
  const stopped = stop(s, t, clock.now());
  await hooks.stepPosted?.(stopped, t, t.steps.length - 1, 'm3', 3);

  const samples = parseProm(await metrics.registry.metrics());
  expect(total(samples, 'yin_posts_total')).toBe(3);
  expect(total(samples, 'yin_catch_up_posts_total')).toBe(1);
  expect(total(samples, 'yin_post_lateness_seconds_count')).toBe(2);
  expect(total(samples, 'yin_post_lateness_seconds_sum')).toBe(2);
});
