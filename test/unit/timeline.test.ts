import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { stepTitle } from '../../src/discord/session/text.ts';
import type { Catalog, Pose, Sequence } from '../../src/domain/catalog-schema.ts';
import { poseSchema, sequenceSchema } from '../../src/domain/catalog-schema.ts';
import { loadCatalog } from '../../src/domain/load-catalog.ts';
import {
  buildTimeline,
  clampHold,
  holdInRange,
  holdOffset,
  legacyPlan,
  planOf,
  classMinutes,
  type PoseStep,
} from '../../src/domain/timeline.ts';

const catalog = loadCatalog(join(import.meta.dirname, '..', '..', 'data'));
const back = catalog.sequences.get('back')!;
const poseSteps = (t: ReturnType<typeof buildTimeline>) => t.steps.filter((s): s is PoseStep => s.kind === 'pose');

describe('the back class', () => {
  test('GIVEN back THEN the seed’s poses in order, with rebounds, a break in the Dragonfly block, a counterpose and a final rest', () => {
    const t = buildTimeline(catalog, back, 3);
    expect(t.steps.map(stepTitle)).toEqual([
      'Opening',
      "Wide-Knee Child's Pose",
      'Rebound · On Your Back',
      'Dragonfly — full forward fold',
      'Dragonfly — side bend (left side)',
      'Dragonfly — side bend (right side)',
      'Break · Windshield Wipers',
      'Dragonfly — forward fold with twist (left side)',
      'Dragonfly — forward fold with twist (right side)',
      'Rebound · On Your Back',
      'Sphinx',
      "Counterpose · Wide-Knee Child's Pose",
      'Reclined Twist (left side)',
      'Rebound · On Your Back',
      'Reclined Twist (right side)',
      'Counterpose · Knees Hugged into the Chest',
      'Final rest · Savasana',
      'Closing',
    ]);
    expect(t.poseCount).toBe(9);
    expect(
      poseSteps(t)
        .filter((s) => s.role === 'hold')
        .map((s) => s.number),
    ).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(
      poseSteps(t)
        .filter((s) => s.role !== 'hold')
        .every((s) => s.number === 0),
    ).toBe(true);
  });

  test('GIVEN back at 3-minute holds THEN holds last the hold, the others their own minutes, and the rest 5 minutes', () => {
    const t = buildTimeline(catalog, back, 3);
    const minutes = poseSteps(t).map((s) => `${s.role}:${s.holdMs / 60_000}`);
    expect(minutes).toEqual([
      'hold:3',
      'rebound:1',
      'hold:3',
      'hold:3',
      'hold:3',
      'break:1',
      'hold:3',
      'hold:3',
      'rebound:1',
      'hold:3',
      'counterpose:1',
      'hold:3',
      'rebound:1',
      'hold:3',
      'counterpose:1.5',
      'rest:5',
    ]);
    // 2–3 minutes to gather props and settle, and time to come out and set up before every step.
    expect(t.steps[0]?.durationMs).toBeGreaterThanOrEqual(120_000);
    for (const s of poseSteps(t)) expect(s.transitionMs).toBeGreaterThanOrEqual(30_000);
    for (const s of poseSteps(t)) expect(s.transitionMs).toBeLessThanOrEqual(60_000);
  });

  test('GIVEN every step THEN it opens by coming out of the pose before it (but the first)', () => {
    const steps = poseSteps(buildTimeline(catalog, back, 3));
    expect(steps[0]?.previous).toBeUndefined();
    for (let i = 1; i < steps.length; i++) expect(steps[i]?.previous?.id).toBe(steps[i - 1]?.pose.id);
  });

  test('GIVEN back THEN its length is listed at the default and the longest hold', () => {
    const at3 = classMinutes(catalog, back);
    expect(at3).toBeGreaterThanOrEqual(45);
    expect(at3).toBeLessThanOrEqual(55);
    // At hold:5 four holds take 2 minutes more (Child's, the fold, each Reclined Twist); the side
    // bends, the folded twists and Sphinx stay at 3, so the straddle is never 25 minutes.
    expect(classMinutes(catalog, back, 5)).toBe(at3 + 4 * 2);
  });
});

describe('timeline arithmetic', () => {
  test.each([1, 60, 600, 7])(
    'GIVEN speed %i THEN offsets are absolute: each is the sum of the durations before it',
    (speed) => {
      const t = buildTimeline(catalog, back, 4, speed);
      let sum = 0;
      for (const step of t.steps) {
        expect(step.offsetMs).toBe(sum);
        sum += step.durationMs;
      }
      expect(t.totalMs).toBe(sum);
    },
  );

  test('GIVEN a pose step THEN its hold begins after its transition, and the next step is due when the hold ends', () => {
    const t = buildTimeline(catalog, back, 3);
    const fold = t.steps[3] as PoseStep;
    expect(holdOffset(fold)).toBe(fold.offsetMs + fold.transitionMs);
    expect(t.steps[4]?.offsetMs).toBe(holdOffset(fold) + fold.holdMs);
    expect(holdOffset(t.steps[0]!)).toBe(0);
  });

  test.each([
    [2, false, 3],
    [3, true, 3],
    [5, true, 5],
    [6, false, 5],
    [10, false, 5],
    [3.5, false, 4],
  ])('GIVEN hold %d for back (3–5) THEN in range: %s, clamped to %d', (hold, ok, clamped) => {
    expect(holdInRange(back, hold)).toBe(ok);
    expect(clampHold(back, hold)).toBe(clamped);
  });
});

describe('plans: a session keeps the class it started with', () => {
  const pose = (id: string, extra: Partial<Pose> = {}): Pose =>
    poseSchema.parse({
      id,
      name: id,
      targets: ['t'],
      enter: 'in',
      variations: ['v'],
      props: [],
      cues: ['c'],
      cautions: [],
      exit: 'out',
      starts: ['seated'],
      spoken: 'Spoken.',
      ...extra,
    });
  const sequence = (steps: unknown[]): Sequence =>
    sequenceSchema.parse({
      ...back,
      id: 'tiny',
      steps,
      settleSeconds: 120,
      transitionSeconds: 40,
    });
  const tiny: Catalog = {
    poses: new Map(['a', 'b', 'rest'].map((id) => [id, pose(id)])),
    sequences: new Map(),
  };

  test('GIVEN a plan saved with the session THEN the timeline follows it, not the sequence as edited since', () => {
    const before = sequence([{ pose: 'a' }, { pose: 'rest', role: 'rest', minutes: 5 }]);
    const plan = planOf(before, 3);
    const edited = sequence([{ pose: 'b' }, { pose: 'a', sides: 'both' }, { pose: 'rest', role: 'rest', minutes: 9 }]);
    const t = buildTimeline(tiny, edited, 3, 1, plan);
    expect(poseSteps(t).map((s) => `${s.pose.id}:${s.role}:${s.holdMs / 60_000}`)).toEqual(['a:hold:3', 'rest:rest:5']);
    expect(t.totalMs).toBe((120 + 40 + 180 + 40 + 300) * 1000);
  });

  test('GIVEN a session saved before plans THEN it resumes as sessions then ran: holds back to back after a minute', () => {
    const seq = sequence([
      { pose: 'a' },
      { pose: 'b', role: 'rebound', minutes: 1 },
      { pose: 'b', sides: 'both' },
      { pose: 'a', role: 'counterpose', minutes: 1.5 },
      { pose: 'rest', role: 'rest', minutes: 5 },
    ]);
    const t = buildTimeline(tiny, seq, 3, 1, legacyPlan(seq, 3));
    expect(poseSteps(t).map((s) => `${s.pose.id}${s.side ? `:${s.side}` : ''}`)).toEqual([
      'a',
      'b:left',
      'b:right',
      'a',
    ]);
    expect(poseSteps(t).every((s) => s.transitionMs === 0 && s.holdMs === 180_000)).toBe(true);
    expect(t.steps[0]?.durationMs).toBe(60_000);
  });

  test('GIVEN a plan naming a pose the data no longer has THEN building it throws (the runner then does not resume it)', () => {
    const seq = sequence([{ pose: 'a' }]);
    const plan = { settleSec: 60, steps: [{ pose: 'gone', role: 'hold' as const, transitionSec: 0, holdSec: 60 }] };
    expect(() => buildTimeline(tiny, seq, 3, 1, plan)).toThrow(/unknown pose gone/);
  });

  test('GIVEN a non-hold step without minutes THEN the schema says it needs its own', () => {
    const r = sequenceSchema.safeParse({ ...back, steps: [{ pose: 'a', role: 'rebound' }] });
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues)).toMatch(/give their own minutes/);
  });
});
