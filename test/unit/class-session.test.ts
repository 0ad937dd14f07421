import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { StepRole } from '../../src/domain/catalog-schema.ts';
import { loadCatalog } from '../../src/domain/load-catalog.ts';
import {
  currentStep,
  dueAt,
  endsAt,
  extend,
  markPosted,
  nextAction,
  pause,
  resume,
  skip,
  stop,
  type SessionState,
} from '../../src/domain/session.ts';
import { buildTimeline, holdOffset, planOf, type PoseStep } from '../../src/domain/timeline.ts';
import { backSession } from '../helpers/session.ts';

// Pause, Skip, +1 and a restart behave the same in every kind of step: the timeline is one list
// of absolute offsets, and a transition is the first part of its step (the post goes out as it
// begins; its hold starts after it).
const catalog = loadCatalog(join(import.meta.dirname, '..', '..', 'data'));
const back = catalog.sequences.get('back')!;
const t = buildTimeline(catalog, back, 3);
const MIN = 60_000;
const T0 = Date.UTC(2026, 11, 1, 18, 0, 0);
const closing = t.steps.length - 1;
const indexOf = (role: StepRole) => t.steps.findIndex((s) => s.kind === 'pose' && s.role === role);
const step = (i: number) => t.steps[i] as PoseStep;

/** A session that has posted every step before `index`, as the runner leaves it. */
function postedUpTo(index: number): SessionState {
  let s = backSession(T0, { plan: planOf(back, 3) });
  for (let i = 0; i <= index; i++) s = markPosted(s, t, i, T0 + t.steps[i]!.offsetMs);
  return s;
}

const places = [
  [
    'a transition (the hold not begun)',
    indexOf('hold') + 2,
    (i: number) => T0 + step(i).offsetMs + step(i).transitionMs / 2,
  ],
  ['a hold', indexOf('hold'), (i: number) => T0 + holdOffset(step(i)) + MIN],
  ['a rebound', indexOf('rebound'), (i: number) => T0 + holdOffset(step(i)) + 10_000],
  ['the break', indexOf('break'), (i: number) => T0 + holdOffset(step(i)) + 10_000],
  ['the counterpose', indexOf('counterpose'), (i: number) => T0 + holdOffset(step(i)) + 10_000],
  ['the final rest', indexOf('rest'), (i: number) => T0 + holdOffset(step(i)) + 2 * MIN],
] as const;

describe.each(places)('in %s', (_name, index, when) => {
  const now = when(index);

  test('THEN it is the current step, and the runner waits for the next', () => {
    const s = postedUpTo(index);
    expect(currentStep(s, t, now)).toBe(index);
    expect(nextAction(s, t, now)).toEqual({ kind: 'wait', until: dueAt(s, t, index + 1) });
  });

  test('GIVEN Pause for 2 minutes THEN nothing moves on while paused, and every later step moves by 2 minutes', () => {
    const s = postedUpTo(index);
    const paused = pause(s, now);
    expect(nextAction(paused, t, now + 30 * MIN)).toEqual({ kind: 'paused' });
    const resumed = resume(paused, now + 2 * MIN);
    for (let i = index + 1; i <= closing; i++) expect(dueAt(resumed, t, i)).toBe(dueAt(s, t, i)! + 2 * MIN);
  });

  test('GIVEN Skip THEN the next step is due now and the ones after keep their spacing', () => {
    const s = skip(postedUpTo(index), t, now);
    expect(nextAction(s, t, now)).toEqual({ kind: 'post', step: index + 1, missed: 0 });
    if (index + 2 <= closing)
      expect(dueAt(s, t, index + 2)! - dueAt(s, t, index + 1)!).toBe(t.steps[index + 1]!.durationMs);
  });

  test('GIVEN +1 min THEN this step ends a minute later (the hold in progress, or the one about to begin)', () => {
    const s = postedUpTo(index);
    expect(endsAt(extend(s, 1), t, index)).toBe(endsAt(s, t, index)! + MIN);
  });

  test('GIVEN the bot away for 90 s THEN one post for where the class is now, never one per missed step', () => {
    const s = postedUpTo(index - 1);
    const back = t.steps[index]!.offsetMs + T0 + 90_000;
    const a = nextAction(s, t, back);
    expect(a.kind).toBe('post');
    if (a.kind === 'post') expect(a.step).toBe(currentStep(s, t, back));
  });

  test('GIVEN End THEN the closing is due now', () => {
    const s = stop(postedUpTo(index), t, now);
    expect(nextAction(s, t, now)).toEqual({ kind: 'post', step: closing, missed: closing - index - 1 });
  });
});

describe('the final rest', () => {
  test('GIVEN the rest THEN it has its own live countdown: its post shows when it ends, and the closing comes then', () => {
    const rest = indexOf('rest');
    expect(rest).toBe(closing - 1);
    const s = postedUpTo(rest);
    expect(endsAt(s, t, rest)).toBe(T0 + t.steps[closing]!.offsetMs);
    expect(step(rest).holdMs).toBe(5 * MIN);
  });
});
