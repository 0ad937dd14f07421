import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadCatalog } from '../../src/domain/load-catalog.ts';
import { buildTimeline, legacyPlan } from '../../src/domain/timeline.ts';
import {
  answersInteraction,
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
import { ManualClock } from '../../src/domain/clock.ts';
import { backSession } from '../helpers/session.ts';

const catalog = loadCatalog(join(import.meta.dirname, '..', '..', 'data'));
// The state machine on a fixed timeline: the back class as sessions saved before plans run it
// (nine holds back to back after a minute), so the times below stay plain arithmetic.
const back = catalog.sequences.get('back')!;
const t = buildTimeline(catalog, back, 3, 1, legacyPlan(back, 3));
const MIN = 60_000;
const T0 = Date.UTC(2026, 10, 25, 18, 0, 0);

function fresh(): SessionState {
  return backSession(T0);
}

/** Runs the session the way the runner does, recording when each step was posted. */
function play(s: SessionState, clock: ManualClock, until: number, log: [number, number][]): SessionState {
  while (clock.now() <= until) {
    const a = nextAction(s, t, clock.now());
    if (a.kind === 'post') {
      log.push([a.step, clock.now()]);
      s = markPosted(s, t, a.step, clock.now());
    } else if (a.kind === 'wait') clock.set(Math.min(a.until, until + 1));
    else break;
  }
  return s;
}

describe('session timing', () => {
  test('GIVEN a whole session THEN every step is posted once, in order, exactly at its offset (zero drift)', () => {
    const clock = new ManualClock(T0);
    const log: [number, number][] = [];
    const s = play(fresh(), clock, T0 + 2 * 60 * MIN, log);
    expect(log.map(([i]) => i)).toEqual(t.steps.map((st) => st.index));
    expect(log.map(([, at]) => at - T0)).toEqual(t.steps.map((st) => st.offsetMs));
    expect(s.endReason).toBe('completed');
    expect(nextAction(s, t, clock.now())).toEqual({ kind: 'done' });
  });

  test('GIVEN a pause of 2 min in pose 3 THEN later steps move by exactly 2 min and nothing is posted while paused', () => {
    const clock = new ManualClock(T0);
    const log: [number, number][] = [];
    let s = play(fresh(), clock, T0 + MIN + 6 * MIN + 30_000, log);
    expect(log.at(-1)?.[0]).toBe(3);
    s = pause(s, clock.now());
    clock.advance(2 * MIN);
    expect(nextAction(s, t, clock.now())).toEqual({ kind: 'paused' });
    expect(currentStep(s, t, clock.now() + 10 * MIN)).toBe(3);
    s = resume(s, clock.now());
    expect(s.pauses).toEqual([[clock.now() - 2 * MIN, clock.now()]]);
    expect(dueAt(s, t, 4)).toBe(T0 + t.steps[4]!.offsetMs + 2 * MIN);
    play(s, clock, T0 + 2 * 60 * MIN, log);
    expect(log.at(-1)).toEqual([12, T0 + t.totalMs + 2 * MIN]);
  });

  test('GIVEN skip THEN the next step is due now and the rest keep their spacing', () => {
    const clock = new ManualClock(T0 + MIN + 30_000);
    let s = markPosted(markPosted(fresh(), t, 0, T0), t, 1, T0 + MIN);
    s = skip(s, t, clock.now());
    expect(nextAction(s, t, clock.now())).toEqual({ kind: 'post', step: 2, missed: 0 });
    s = markPosted(s, t, 2, clock.now());
    expect(endsAt(s, t, 2)).toBe(clock.now() + 3 * MIN);
  });

  test('GIVEN skip while paused THEN it resumes and moves on', () => {
    let s = markPosted(fresh(), t, 0, T0);
    s = pause(s, T0 + 10_000);
    s = skip(s, t, T0 + 50_000);
    expect(s.pausedAt).toBeNull();
    expect(nextAction(s, t, T0 + 50_000)).toEqual({ kind: 'post', step: 1, missed: 0 });
  });

  test.each([
    [1, 1, MIN],
    [2, 1, 2 * MIN],
    [1, 60, 1000],
  ])('GIVEN +%i min at speed %i THEN the current hold ends %i ms later', (minutes, speed, ms) => {
    const s = { ...markPosted(fresh(), t, 0, T0), speed };
    expect(endsAt(extend(s, minutes), t, 0)! - endsAt(s, t, 0)!).toBe(ms);
  });

  test('GIVEN stop mid-session THEN the closing is due now, posted as the only step, and the session ends stopped', () => {
    let s = markPosted(markPosted(fresh(), t, 0, T0), t, 1, T0 + MIN);
    s = stop(s, t, T0 + 2 * MIN);
    expect(nextAction(s, t, T0 + 2 * MIN)).toEqual({ kind: 'post', step: 12, missed: 10 });
    s = markPosted(s, t, 12, T0 + 2 * MIN);
    expect(s).toMatchObject({ endReason: 'stopped', endedAt: T0 + 2 * MIN });
  });
});

describe('resuming after a restart', () => {
  test.each([
    ['down for 30 s inside a hold', 2, T0 + MIN + 3 * MIN + 30_000, { kind: 'wait', until: T0 + MIN + 6 * MIN }],
    ['down across one step', 1, T0 + MIN + 3 * MIN + 10_000, { kind: 'post', step: 2, missed: 0 }],
    ['down across four steps', 1, T0 + MIN + 12 * MIN + 10_000, { kind: 'post', step: 5, missed: 3 }],
    ['down past the end', 3, T0 + 3 * 60 * MIN, { kind: 'post', step: 12, missed: 8 }],
  ])('GIVEN %s THEN one catch-up post at most', (_name, posted, now, expected) => {
    let s = fresh();
    for (let i = 0; i <= posted; i++) s = markPosted(s, t, i, T0);
    expect(nextAction(s, t, now)).toEqual(expected);
  });
});

describe('the start', () => {
  test('GIVEN a session due to start in 400 ms THEN nothing is posted before, the opening at the start', () => {
    const s = fresh();
    expect(currentStep(s, t, T0 - 400)).toBe(-1);
    expect(nextAction(s, t, T0 - 400)).toEqual({ kind: 'wait', until: T0 });
    expect(nextAction(s, t, T0)).toEqual({ kind: 'post', step: 0, missed: 0 });
  });
});

describe('the opening as the answer to /yin start', () => {
  const reply = { applicationId: 'app', token: 'secret', expiresAt: T0 + 14 * MIN };

  test('GIVEN a session with a deferred answer THEN it answers while the token lives, and the first post uses it up', () => {
    const s = backSession(T0, { reply });
    expect(answersInteraction(s, T0)).toBe(true);
    expect(answersInteraction(s, T0 + 14 * MIN)).toBe(false);
    const after = markPosted(s, t, 0, T0);
    expect(after.reply).toBeUndefined();
    expect(answersInteraction(after, T0)).toBe(false);
    // Whatever step the first post was (a catch-up after an outage), the answer is spent.
    expect(markPosted(s, t, 3, T0 + 10 * MIN).reply).toBeUndefined();
  });

  test('GIVEN a session without one THEN nothing answers', () => {
    expect(answersInteraction(backSession(T0), T0)).toBe(false);
  });
});
