import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadCatalog } from '../src/domain/load-catalog.ts';
import { buildTimeline, practiceMinutes } from '../src/domain/timeline.ts';
import { stepTitle } from '../src/discord/session-text.ts';

const catalog = loadCatalog(join(import.meta.dirname, '..', 'data'));
const back = catalog.sequences.get('back')!;

describe('timeline', () => {
  test('GIVEN back with 3-minute holds THEN opening, 9 timed poses with each side its own step, closing', () => {
    const t = buildTimeline(catalog, back, 3);
    expect(t.steps.map(stepTitle)).toEqual([
      'Opening',
      "Wide-Knee Child's Pose",
      'Dragonfly — full forward fold',
      'Dragonfly — side bend (left side)',
      'Dragonfly — side bend (right side)',
      'Dragonfly — forward fold with twist (left side)',
      'Dragonfly — forward fold with twist (right side)',
      'Reclined Twist (left side)',
      'Reclined Twist (right side)',
      'Knees Hugged into the Chest',
      'Closing',
    ]);
    expect(t.poseCount).toBe(9);
    expect(t.steps.filter((s) => s.kind === 'pose').map((s) => s.kind === 'pose' && s.number)).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 9,
    ]);
  });

  test.each([
    [3, 1, 60_000 + 9 * 180_000],
    [5, 1, 60_000 + 9 * 300_000],
    [3, 60, (60_000 + 9 * 180_000) / 60],
    [4, 600, Math.round(60_000 / 600) + 9 * Math.round(240_000 / 600)],
  ])('GIVEN hold %i min at speed %i THEN the closing is due at %i ms', (hold, speed, total) => {
    const t = buildTimeline(catalog, back, hold, speed);
    expect(t.totalMs).toBe(total);
    expect(t.steps.at(-1)?.offsetMs).toBe(total);
  });

  test('GIVEN any hold THEN offsets are absolute: each is the sum of the durations before it', () => {
    const t = buildTimeline(catalog, back, 4, 7);
    let sum = 0;
    for (const step of t.steps) {
      expect(step.offsetMs).toBe(sum);
      sum += step.durationMs;
    }
  });

  test('GIVEN back THEN the listed length is 28 min at the default hold', () => {
    expect(practiceMinutes(catalog, back)).toBe(28);
    expect(practiceMinutes(catalog, back, 5)).toBe(46);
  });
});
