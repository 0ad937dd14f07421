// A whole class end to end on the test clock: the real bot (discord.js and all) against the
// stand-in Discord, both on one ManualClock that jumps from one alarm to the next. The back class
// at its real speed, 51 minutes of practice, in a few seconds of real time; every post goes out
// at its planned instant of test time, and every <t:…> it shows is exact to the second.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { ManualClock } from '../../src/domain/clock.ts';
import type { Timeline } from '../../src/domain/timeline.ts';
import { HOST, TEXT_CHANNEL_ID } from '../../stand-in/discord/fixtures.ts';
import type { StoredMessage } from '../../stand-in/discord/state.ts';
import { embedOf, type Harness, startHarness } from '../helpers/harness.ts';
import { yinAs } from '../helpers/e2e-notes-helpers.ts';
import { runUntil } from '../helpers/test-clock.ts';

const START = Date.UTC(2026, 10, 25, 18, 0, 0);
const MIN = 60_000;
let clock: ManualClock;
let h: Harness;
beforeAll(async () => {
  clock = new ManualClock(START);
  h = await startHarness({ clock });
});
afterAll(async () => h?.stop());

/** Every <t:…> a post shows, in order: [epoch seconds, style]. */
const stampsIn = (m: StoredMessage): [number, string][] => {
  const e = embedOf(m);
  const text = [e.description ?? '', ...(e.fields ?? []).map((f) => f.value)].join('\n');
  return [...text.matchAll(/<t:(\d+):([a-zA-Z])>/g)].map((x) => [Number(x[1]), x[2]!]);
};

/** What each step's post must show, from the timeline alone: when the hold (or rest) begins, when it ends. */
function plannedStamps(tl: Timeline, startedAt: number, step: number): [number, string][] {
  const at = (ms: number) => Math.round((startedAt + ms) / 1000);
  const st = tl.steps[step]!;
  const next = tl.steps[step + 1];
  if (st.kind === 'opening') return [[at(next!.offsetMs), 'R']];
  if (st.kind === 'closing') return [];
  const ends = at(next!.offsetMs);
  return [
    ...(st.transitionMs > 0 ? [[at(st.offsetMs + st.transitionMs), 'R'] as [number, string]] : []),
    [ends, 'R'],
    [ends, 't'],
  ];
}

test('GIVEN /yin start back on the test clock THEN the 51-minute class runs to its closing in under 5 s of real time, each post at its planned instant, every <t:…> exact', async () => {
  const began = performance.now();
  const answer = await yinAs(h, HOST, TEXT_CHANNEL_ID, 'start', { sequence: 'back' }).response;
  expect(answer.type).toBe(5);
  const session = await h.fake.waitFor(() => h.bot.ctx.runner.get(TEXT_CHANNEL_ID));
  const tl = h.bot.ctx.runner.timeline(TEXT_CHANNEL_ID)!;
  const closing = tl.steps.length - 1;
  expect(session.startedAt).toBe(START); // at speed 1, the instant /yin start was answered
  const length = tl.steps[closing]!.offsetMs;
  expect(Math.round(length / MIN)).toBe(51); // 51:15 to the closing, '51 min' on the opening

  await runUntil(clock, h.fake, h.bot.ctx.runner, () => h.bot.ctx.runner.get(TEXT_CHANNEL_ID) === undefined);
  const wallMs = performance.now() - began;
  expect(wallMs, `${Math.round(wallMs)} ms of real time`).toBeLessThan(5_000);
  // The clock went no further than the class: the closing is its last alarm.
  expect(clock.now()).toBe(START + length);

  const posts = h.fake.messages(TEXT_CHANNEL_ID);
  expect(posts).toHaveLength(tl.steps.length);
  // The opening is the edited answer; each later step is a post the stand-in received exactly
  // when the timeline says (test time: no pacing delay, no catch-up).
  const sent = h.fake.requests.filter(
    (r) => r.method === 'POST' && r.path === `/channels/${TEXT_CHANNEL_ID}/messages` && r.status === 200,
  );
  expect(sent.map((r) => r.at - START)).toEqual(tl.steps.slice(1).map((st) => st.offsetMs));
  for (const [step, post] of posts.entries())
    expect(stampsIn(post), `step ${step}: ${embedOf(post).title}`).toEqual(plannedStamps(tl, START, step));
  expect(embedOf(posts[closing]).title).toMatch(/^Closing/);
  expect(h.fake.invalid).toEqual([]);
  expect(h.fake.stats.rateLimited).toBe(0);
});
