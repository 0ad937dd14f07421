import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { StartPlanner, countedOffsets, uniformInterval } from '../../bench/plan.ts';
import { loadCatalog } from '../../src/domain/load-catalog.ts';
import { buildTimeline } from '../../src/domain/timeline.ts';

// The benchmark's plan decides what "45 requests/s" means; these check it means that.
const catalog = loadCatalog(join(import.meta.dirname, '..', '..', 'data'));
const requestOffsets = (hold: number) =>
  countedOffsets(buildTimeline(catalog, catalog.sequences.get('back')!, hold, 1).steps.map((s) => s.offsetMs));

describe('bench start plan', () => {
  test('GIVEN uniform starts for one session length WHEN the oldest sessions close THEN 45 requests are due each second, never 50 in one', () => {
    const offsets = requestOffsets(3);
    const interval = uniformInterval(offsets.length, 45);
    const session = offsets.at(-1)!;
    const planner = new StartPlanner(offsets, 45);
    const end = session + 300_000;
    for (let at = 0; at < end; at += interval) planner.admit(at);

    const ramp = planner.plannedBetween(0, 300_000) / 300;
    const hold = planner.plannedBetween(session + 1000, end) / ((end - session - 1000) / 1000);
    expect(ramp).toBeLessThan(20);
    expect(hold).toBeGreaterThan(44.5);
    expect(hold).toBeLessThanOrEqual(45.01);
    expect(planner.peakSecond(session + 1000, end)).toBeLessThan(50);
    // ~7,700 sessions running at once: 45/s × a session’s length (51¼ min) ÷ 18 counted requests.
    expect(offsets).toHaveLength(18);
    expect(Math.round(session / interval)).toBe(7688);
  });

  test('GIVEN greedy starts THEN no second is planned over the cap, and requests past the horizon are not planned', () => {
    // As `--quick` plans it: starts for 150 s, then 60 s in which the first poses fall due.
    const offsets = requestOffsets(3);
    const horizon = 210_000;
    const planner = new StartPlanner(offsets, 45, horizon);
    let admitted = 0;
    for (let at = 0; at < 150_000; at += 20) if (planner.tryAdmit(at)) admitted += 1;
    expect(planner.peakSecond(0, horizon)).toBeLessThanOrEqual(45);
    expect(planner.plannedBetween(horizon, horizon + 10 * 60_000)).toBe(0);
    expect(planner.plannedBetween(150_000, horizon) / 60).toBeGreaterThan(40);
    expect(planner.planned).toBe(planner.plannedBetween(0, horizon));
    expect(admitted).toBeGreaterThan(2000);
  });
});
