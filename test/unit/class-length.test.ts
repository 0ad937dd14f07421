import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { Sequence } from '../../src/domain/catalog-schema.ts';
import { sequenceSchema } from '../../src/domain/catalog-schema.ts';
import { dropGroups, HOLD_STEP_SEC, lengthRanges, lengthRefusal, planToLength } from '../../src/domain/class-length.ts';
import { loadCatalog } from '../../src/domain/load-catalog.ts';
import { buildTimeline, planOf, type PoseStep } from '../../src/domain/timeline.ts';

const catalog = loadCatalog(join(import.meta.dirname, '..', '..', 'data'));
const seq = (id: string) => catalog.sequences.get(id) as Sequence;
/** A planned class lasts what was asked, to the second (the final rest takes what the holds leave). */
const TOLERANCE_MS = 1_000;

const planned = (q: Sequence, minutes: number, hold?: number) => {
  const r = planToLength(q, minutes, hold);
  if (!r.ok) throw new Error(`${q.id} ${minutes} min: refused, nearest ${JSON.stringify(r.miss)}`);
  return { ...r.fit, timeline: buildTimeline(catalog, q, r.fit.holdMinutes, 1, r.fit.plan) };
};
const poses = (t: ReturnType<typeof buildTimeline>) => t.steps.filter((s): s is PoseStep => s.kind === 'pose');

// Which of 30, 45 and 60 minutes each built-in class can be: the rest lie outside its hold range
// even with every optional step kept (heart and neck top out at 42 min).
const CAN: Record<string, number[]> = {
  back: [30, 45, 60],
  heart: [30],
  hips: [30, 45, 60],
  neck: [30],
  sleep: [30, 45, 60],
};

describe('length: plans a class to the minutes asked', () => {
  for (const [id, lengths] of Object.entries(CAN)) {
    for (const minutes of lengths) {
      test(`GIVEN ${id} and length:${minutes} THEN the timeline lasts ${minutes} min, holds inside the range, the final rest kept`, () => {
        const q = seq(id);
        const { timeline, holdMinutes, plan } = planned(q, minutes);
        expect(Math.abs(timeline.totalMs - minutes * 60_000)).toBeLessThanOrEqual(TOLERANCE_MS);
        expect(holdMinutes).toBeGreaterThanOrEqual(q.holdMinutes.min);
        expect(holdMinutes).toBeLessThanOrEqual(q.holdMinutes.max);
        expect((holdMinutes * 60) % HOLD_STEP_SEC).toBe(0);
        const steps = poses(timeline);
        // Holds that set no minutes of their own all get the planned hold; both sides alike.
        // (A pose may be a hold and, elsewhere, a counterpose with its own minutes: match both.)
        const own = new Set(q.steps.filter((s) => s.minutes !== undefined).map((s) => `${s.pose}/${s.role}`));
        const cap = new Map(q.steps.map((s) => [`${s.pose}/${s.role}`, s.maxMinutes ?? Infinity]));
        for (const s of steps.filter((x) => x.role === 'hold' && !own.has(`${x.pose.id}/hold`)))
          expect(s.holdMs).toBe(Math.min(holdMinutes, cap.get(`${s.pose.id}/hold`)!) * 60_000);
        // The final rest is last, never shorter than the sequence's, and grows by less than half a minute a hold.
        const rest = steps.at(-1) as PoseStep;
        expect(rest.role).toBe('rest');
        const restMin = (q.steps.find((s) => s.role === 'rest')?.minutes ?? 0) * 60_000;
        expect(rest.holdMs).toBeGreaterThanOrEqual(restMin);
        const holds = steps.filter((x) => x.role === 'hold' && !own.has(`${x.pose.id}/hold`)).length;
        expect(rest.holdMs - restMin).toBeLessThan(Math.max(60, holds * HOLD_STEP_SEC) * 1000);
        // The opening still has its settle time.
        expect(plan.settleSec).toBe(q.settleSeconds);
      });
    }
  }

  test('GIVEN back THEN 60 min keeps every step, 45 drops the optional Sphinx and the break, 30 keeps a fold, side bends and a twist', () => {
    const full = planOf(seq('back'), 3).steps.length;
    expect(planned(seq('back'), 60).plan.steps).toHaveLength(full);
    const at45 = planned(seq('back'), 45);
    expect(at45.dropped).toBe(2);
    const kept45 = at45.plan.steps.map((s) => s.pose);
    expect(kept45).not.toContain('windshield-wipers');
    expect(kept45).not.toContain('sphinx');
    // The Sphinx goes with the Child's Pose that counters it.
    expect(at45.plan.steps).toHaveLength(full - 3);
    const at30 = planned(seq('back'), 30).plan.steps.map((s) => `${s.pose}${s.side ? `:${s.side}` : ''}`);
    expect(at30).toEqual([
      'dragonfly-forward-fold',
      'dragonfly-side-bend:left',
      'dragonfly-side-bend:right',
      'rebound-on-back',
      'reclined-twist:left',
      'reclined-twist:right',
      'knees-to-chest',
      'savasana',
    ]);
  });

  test('GIVEN a length every step fits THEN nothing is dropped, and the longest hold that fits is taken', () => {
    const r = planned(seq('back'), 55);
    expect(r.dropped).toBe(0);
    expect(r.holdMinutes).toBe(3.5);
    // A minute longer allows 4-minute holds; the capped side bends and twist stay at 3.
    const longer = planned(seq('back'), 56);
    expect(longer.holdMinutes).toBe(4);
    const side = longer.plan.steps.find((s) => s.pose === 'dragonfly-side-bend');
    expect(side?.holdSec).toBe(180);
  });

  test('GIVEN the same sequence and length twice THEN the same plan (deterministic)', () => {
    for (const id of Object.keys(CAN)) expect(planToLength(seq(id), 30)).toEqual(planToLength(seq(id), 30));
  });

  test('GIVEN any plannable length THEN no step is dropped whose group comes later than one kept, and no two rebounds meet', () => {
    for (const id of Object.keys(CAN)) {
      const q = seq(id);
      for (const [from, to] of lengthRanges(q)) {
        for (let m = from; m <= to; m++) {
          const { plan, dropped } = planned(q, m);
          const gone = new Set(dropGroups(q).slice(0, dropped));
          const kept = q.steps.filter((s) => s.drop === undefined || !gone.has(s.drop)).map((s) => s.pose);
          expect([...new Set(plan.steps.map((s) => s.pose))]).toEqual([...new Set(kept)]);
          const roles = plan.steps.map((s) => s.role);
          for (let i = 1; i < roles.length; i++)
            expect(`${m} min: ${roles[i - 1]} → ${roles[i]}`).not.toBe(`${m} min: rebound → rebound`);
          expect(roles.at(-1)).toBe('rest');
        }
      }
    }
  });
});

describe('length: refuses what it cannot do, naming the nearest lengths that can', () => {
  test('GIVEN heart and length:60 THEN refused: its longest class is 42 min', () => {
    const r = planToLength(seq('heart'), 60);
    expect(r).toEqual({ ok: false, miss: { below: 42, above: undefined } });
  });

  test('GIVEN back and length:15 THEN refused: the shortest back class is 30 min', () => {
    expect(planToLength(seq('back'), 15)).toEqual({ ok: false, miss: { below: undefined, above: 30 } });
  });

  test('GIVEN a pinned hold THEN only dropping steps fits the length, and a gap between is refused with both sides', () => {
    const q = seq('back');
    // At 3-minute holds the back class is 46 min whole, 44¼ without the break, 36¾ without the Dragonfly twist.
    const r = planToLength(q, 42, 3);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.miss).toEqual({ below: 39, above: 45 });
    const ok = planned(q, 45, 3);
    expect(ok.holdMinutes).toBe(3);
    expect(
      poses(ok.timeline)
        .filter((s) => s.role === 'hold')
        .every((s) => s.holdMs === 180_000),
    ).toBe(true);
  });

  test('GIVEN every plannable length of every sequence THEN each is planned exactly, and the minutes between are refused', () => {
    for (const id of Object.keys(CAN)) {
      const q = seq(id);
      const ranges = lengthRanges(q);
      expect(ranges.length).toBeGreaterThan(0);
      const [lo] = ranges[0] as [number, number];
      const [, hi] = ranges.at(-1) as [number, number];
      expect(planToLength(q, lo - 1).ok).toBe(false);
      expect(planToLength(q, hi + 1).ok).toBe(false);
    }
  });
});

describe('the private answer to a length that can’t be met', () => {
  test('GIVEN each kind of miss THEN a sentence naming what can be done, with hold: when it was pinned', () => {
    const q = seq('back');
    expect(lengthRefusal(q, 42, { below: 39, above: 45 }, 3).message).toBe(
      'Yin for the Back can’t be planned to 42 minutes. The nearest lengths it can be: 39 or 45 minutes. ' +
        'With `hold:3` only optional poses can be left out: leave `hold:` out to let the holds change too.',
    );
    expect(lengthRefusal(q, 90, { below: 65 }).message).toBe(
      'Yin for the Back can’t be planned to 90 minutes: the longest it can be is 65 minutes.',
    );
    expect(lengthRefusal(q, 15, { above: 30 }).message).toBe(
      'Yin for the Back can’t be planned to 15 minutes: the shortest it can be is 30 minutes.',
    );
  });

  test('GIVEN a class longer than any length allowed THEN refused, saying to start it without length:', () => {
    const long = {
      ...seq('back'),
      steps: Array.from({ length: 13 }, () => ({ pose: 'savasana', role: 'rest' as const, minutes: 10 })),
    };
    const r = planToLength(long, 60);
    expect(r).toEqual({ ok: false, miss: { below: undefined, above: undefined } });
    if (!r.ok)
      expect(lengthRefusal(long, 60, r.miss).message).toBe(
        'Yin for the Back can’t be planned to 60 minutes, nor to any length from 10 to 120 minutes. Start it without `length:`.',
      );
  });
});

describe('the drop rule in the sequence schema', () => {
  const base = seq('back');
  test('GIVEN a final rest marked to drop THEN the sequence is refused', () => {
    const steps = base.steps.map((s) => (s.role === 'rest' ? { ...s, drop: 1 } : s));
    const r = sequenceSchema.safeParse({ ...base, steps });
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues)).toContain('the final rest is never dropped');
  });

  test('GIVEN every built-in sequence THEN it states which steps are optional', () => {
    for (const q of catalog.sequences.values()) expect(dropGroups(q).length, q.id).toBeGreaterThan(0);
  });
});
