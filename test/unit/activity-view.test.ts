import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { snapshotOf } from '../../src/activity/snapshot.ts';
import { renderStep } from '../../src/discord/session/render.ts';
import type { StepRole } from '../../src/domain/catalog-schema.ts';
import { liveView } from '../../src/domain/live-view.ts';
import { loadCatalog } from '../../src/domain/load-catalog.ts';
import { endsAt, extend, markPosted, pause, resume, skip, stop, type SessionState } from '../../src/domain/session.ts';
import { buildTimeline, planOf, type PoseStep, type Timeline } from '../../src/domain/timeline.ts';
import { backSession } from '../helpers/session.ts';
import { createPictures } from '../../src/pictures/index.ts';

// The class view's state (liveView) and its words (snapshotOf): the times are the posts' times.
const catalog = loadCatalog(join(import.meta.dirname, '..', '..', 'data'));
const back = catalog.sequences.get('back')!;
const MIN = 60_000;
const T0 = Date.UTC(2026, 11, 1, 18, 0, 0);

function at(speed: number) {
  const t = buildTimeline(catalog, back, 3, speed);
  const postedUpTo = (index: number): SessionState => {
    let s = backSession(T0, { plan: planOf(back, 3), speed });
    for (let i = 0; i <= index; i++) s = markPosted(s, t, i, T0 + t.steps[i]!.offsetMs);
    return s;
  };
  return { t, postedUpTo };
}
const { t, postedUpTo } = at(1);
const indexOf = (tl: Timeline, role: StepRole, from = 0) =>
  tl.steps.findIndex((s, i) => i >= from && s.kind === 'pose' && s.role === role);
const step = (i: number) => t.steps[i] as PoseStep;

/** The `<t:…:R>` seconds of a post's field. */
function postTime(s: SessionState, tl: Timeline, index: number, field: string): number | undefined {
  const embed = renderStep(s, tl, index).embeds?.[0];
  const value = embed?.fields?.find((f) => f.name === field)?.value ?? '';
  const m = /<t:(\d+):R>/.exec(value);
  return m ? Number(m[1]) : undefined;
}
const secs = (ms: number | undefined) => (ms === undefined ? undefined : Math.round(ms / 1000));

test('GIVEN a session whose opening is not out yet THEN the view waits, counting to the opening', () => {
  const s = backSession(T0, { plan: planOf(back, 3) });
  const v = liveView(s, t, T0 - 5000);
  expect(v).toMatchObject({ phase: 'waiting', step: undefined, endsAt: T0, ended: false });
  expect(v.next?.role).toBe('opening');
});

test('GIVEN the opening THEN it settles until the first pose is due, as the post says', () => {
  const s = postedUpTo(0);
  const v = liveView(s, t, T0 + 1000);
  expect(v).toMatchObject({
    phase: 'settle',
    step: { role: 'opening' },
    startsAt: T0,
    endsAt: T0 + t.steps[1]!.offsetMs,
  });
  expect(v.next).toMatchObject({ role: 'hold', number: 1 });
});

const roles: StepRole[] = ['hold', 'rebound', 'break', 'counterpose', 'rest'];
describe.each(roles)('in a %s', (role) => {
  const index = indexOf(t, role, 2);
  const s = postedUpTo(index);
  const due = T0 + step(index).offsetMs;
  const begins = due + step(index).transitionMs;

  test('THEN its role, number, pose and side, and the hold times the post shows', () => {
    const v = liveView(s, t, begins + 1000);
    expect(v.step).toMatchObject({ index, role, poseId: step(index).pose.id, side: step(index).side });
    expect(v.step?.number).toBe(role === 'hold' ? step(index).number : 0);
    expect(v.step?.count).toBe(t.poseCount);
    expect(v.phase).toBe('hold');
    expect(v.endsAt).toBe(endsAt(s, t, index));
    expect(secs(v.endsAt)).toBe(postTime(s, t, index, 'Ends'));
    if (step(index).transitionMs > 0)
      expect(secs(v.holdBeginsAt)).toBe(postTime(s, t, index, role === 'rest' ? 'Rest begins' : 'Hold begins'));
    expect(v.next?.index).toBe(index + 1);
  });

  test('GIVEN Pause THEN the time left is frozen; Resume moves the end by the paused time', () => {
    const now = begins + 10_000;
    const paused = pause(s, now);
    const v = liveView(paused, t, now + 5 * MIN);
    expect(v.paused).toBe(true);
    expect(v.pausedRemainingMs).toBe(endsAt(s, t, index)! - now);
    const resumed = liveView(resume(paused, now + 2 * MIN), t, now + 2 * MIN);
    expect(resumed.paused).toBe(false);
    expect(resumed.endsAt).toBe(endsAt(s, t, index)! + 2 * MIN);
  });

  test('GIVEN +1 min THEN the view ends a minute later; GIVEN Skip THEN it ends now', () => {
    const now = begins + 10_000;
    expect(liveView(extend(s, 1), t, now).endsAt).toBe(endsAt(s, t, index)! + MIN);
    expect(liveView(skip(s, t, now), t, now).endsAt).toBe(now);
  });
});

test('GIVEN a transition THEN the view counts to the hold, and paused there it freezes that', () => {
  const index = t.steps.findIndex((st) => st.kind === 'pose' && st.role === 'hold' && st.transitionMs > 0);
  const s = postedUpTo(index);
  const due = T0 + step(index).offsetMs;
  const v = liveView(s, t, due + 1);
  expect(v.phase).toBe('transition');
  expect(v.holdBeginsAt).toBe(due + step(index).transitionMs);
  const p = liveView(pause(s, due + 1), t, due + MIN);
  expect(p).toMatchObject({ phase: 'transition', paused: true, pausedRemainingMs: step(index).transitionMs - 1 });
});

test('GIVEN the closing, or End THEN the view has ended', () => {
  const closing = t.steps.length - 1;
  const s = postedUpTo(closing);
  expect(liveView(s, t, T0 + t.totalMs)).toMatchObject({ phase: 'closing', ended: true, endsAt: undefined });
  const stopped = markPosted(stop(postedUpTo(3), t, T0 + 20 * MIN), t, closing, T0 + 20 * MIN);
  expect(liveView(stopped, t, T0 + 20 * MIN)).toMatchObject({ phase: 'closing', ended: true });
});

test('GIVEN YIN_SPEED 60 THEN the times are scaled and still the posts’ times', () => {
  const fast = at(60);
  const index = indexOf(fast.t, 'hold', 2);
  const s = fast.postedUpTo(index);
  const v = liveView(s, fast.t, T0 + (fast.t.steps[index] as PoseStep).offsetMs);
  expect(v.endsAt! - v.startsAt!).toBe(Math.round((fast.t.steps[index] as PoseStep).durationMs));
  expect(v.endsAt! - v.startsAt!).toBeLessThan(10_000);
  expect(secs(v.endsAt)).toBe(postTime(s, fast.t, index, 'Ends'));
});

describe('the snapshot’s words', () => {
  const shelf = (p: { name: string }) => `/pictures/${p.name}`;
  const pictures = createPictures();
  const sided = t.steps.findIndex((st) => st.kind === 'pose' && st.role === 'hold' && st.side === 'left');

  test('GIVEN a hold on the left side THEN "Hold n/N", the pose as heading, the side in words, the picture and its alt text', () => {
    const s = postedUpTo(sided);
    const snap = snapshotOf(s, t, T0 + step(sided).offsetMs, { catalog, pictures, canControl: true, shelf });
    const st = step(sided);
    expect(snap.role).toBe(`Hold ${st.number}/${t.poseCount}`);
    expect(snap.heading).toBe(st.pose.name);
    expect(snap.title).toBe(renderStep(s, t, sided).embeds?.[0]?.title);
    expect(snap.side).toBe('Left side');
    expect(snap.picture?.src).toBe(`/pictures/${st.pose.id}-left.png`);
    expect(snap.picture?.alt).toMatch(new RegExp(`^The pose: ${st.pose.name}, left side`));
    expect(snap.next).toBeTruthy();
    expect(snap.controls).toEqual({ pause: 'Pause', resume: 'Resume', skip: 'Skip', extend: '+1 min', stop: 'End' });
    expect(snap.canControl).toBe(true);
    expect(snap.countdownTo).toBe(st.transitionMs > 0 ? snap.holdBeginsAt : snap.endsAt);
  });

  test('GIVEN a German session THEN the words are German', () => {
    const s = { ...postedUpTo(sided), language: 'de' as const };
    const snap = snapshotOf(s, t, T0 + step(sided).offsetMs + step(sided).transitionMs, {
      catalog,
      pictures,
      canControl: false,
      shelf,
    });
    expect(snap.side).toBe('Linke Seite');
    expect(snap.countdownLabel).toBe('Endet in');
    expect(snap.controls).toMatchObject({ skip: 'Überspringen', stop: 'Beenden' });
  });

  test('GIVEN the closing THEN no controls, even for the host', () => {
    const s = postedUpTo(t.steps.length - 1);
    const snap = snapshotOf(s, t, T0 + t.totalMs, { catalog, pictures, canControl: true, shelf });
    expect(snap).toMatchObject({ ended: true, canControl: false, countdownTo: null, picture: null });
  });
});
