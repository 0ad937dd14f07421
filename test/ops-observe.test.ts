import { join } from 'node:path';
import { expect, test } from 'vitest';
import { loadCatalog } from '../src/domain/load-catalog.ts';
import { newSession } from '../src/domain/session.ts';
import { buildTimeline } from '../src/domain/timeline.ts';
import { createMetrics } from '../src/ops/metrics.ts';
import { sessionMetrics } from '../src/ops/observe.ts';
import { parseProm, total } from './ops-prom.ts';

const catalog = loadCatalog(join(import.meta.dirname, '..', 'data'));
const T0 = Date.parse('2026-11-26T18:00:00Z');

test('GIVEN a post 2 s late and a catch-up post THEN lateness counts the first only; the catch-up is counted apart', async () => {
  const metrics = createMetrics();
  let now = T0;
  const hooks = sessionMetrics(metrics, { now: () => now });
  const s = newSession({ id: 's1', guildId: 'g', channelId: 'c', hostId: 'h', sequenceId: 'back', holdMinutes: 3, speed: 1, startedAt: T0 });
  const t = buildTimeline(catalog, catalog.sequences.get('back')!, 3);

  now = T0 + 60_000 + 2_000; // step 1 is due a minute in
  await hooks.stepPosted?.(s, t, 1, 'm1', 0);
  now = T0 + 20 * 60_000; // back after a restart: one post for the steps passed over
  await hooks.stepPosted?.(s, t, 6, 'm2', 4);

  const samples = parseProm(await metrics.registry.metrics());
  expect(total(samples, 'yin_posts_total')).toBe(2);
  expect(total(samples, 'yin_catch_up_posts_total')).toBe(1);
  expect(total(samples, 'yin_post_lateness_seconds_count')).toBe(1);
  expect(total(samples, 'yin_post_lateness_seconds_sum')).toBe(2);
});
