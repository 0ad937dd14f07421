// A private replay survives a restart (issue 29): the session, saved with its `private` flag,
// resumes in its thread on its absolute timeline, each step posted once, and its buttons work.
// In-process on the test clock: the bot is stopped and a new one started on the same store.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type Bot, startBot } from '../../src/bot.ts';
import { loadConfig } from '../../src/config.ts';
import { ManualClock } from '../../src/domain/clock.ts';
import { silentLogger } from '../../src/log.ts';
import { MEMBER, TEXT_CHANNEL_ID } from '../../stand-in/discord/fixtures.ts';
import { deployCommands } from '../helpers/e2e-notes-helpers.ts';
import { embedOf, type Harness, startHarness } from '../helpers/harness.ts';
import { runUntil } from '../helpers/test-clock.ts';

const START = Date.UTC(2026, 11, 7, 19, 0, 0);
let clock: ManualClock;
let h: Harness;
let second: Bot | undefined;
beforeAll(async () => {
  clock = new ManualClock(START);
  h = await startHarness({ clock });
  await deployCommands(h);
});
afterAll(async () => {
  await second?.stop();
  await h?.fake.stop();
});

test('GIVEN a private replay three steps in WHEN the bot restarts THEN it resumes in its thread at the next step on time, no step posted twice, its controls still work, and it runs to its closing', async () => {
  h.fake.slash({
    user: MEMBER,
    channelId: TEXT_CHANNEL_ID,
    name: 'yin',
    subcommand: 'replay',
    options: { sequence: 'back' },
  });
  const first = h.bot.ctx.runner;
  const threadId = await runUntil(
    clock,
    h.fake,
    first,
    () => [...h.fake.state.channels.values()].find((c) => c.type === 12)?.id,
  );
  await runUntil(clock, h.fake, first, () => (first.get(threadId)?.posted ?? -1) >= 2);
  const before = first.get(threadId)!;
  const tl = first.timeline(threadId)!;
  expect(before.private).toEqual({ ownerId: MEMBER.id, where: 'thread' });
  expect(h.fake.messages(threadId)).toHaveLength(3);
  await h.bot.stop();

  // A minute later, still inside step 2's hold: nothing is due until step 3.
  clock.set(clock.now() + 60_000);
  second = await startBot(loadConfig(h.env), silentLogger, clock);
  await second.ready;
  const runner = second.ctx.runner;
  const resumed = runner.get(threadId)!;
  expect(resumed).toMatchObject({ id: before.id, posted: 2, private: { ownerId: MEMBER.id, where: 'thread' } });

  const due3 = resumed.startedAt + tl.steps[3]!.offsetMs + resumed.shiftMs;
  await runUntil(clock, h.fake, runner, () => h.fake.messages(threadId).length >= 4);
  const sent = h.fake.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${threadId}/messages`);
  expect(sent.at(-1)!.at).toBe(due3);
  // The owner's buttons still answer after the restart.
  const latest = h.fake.messages(threadId).at(-1)!;
  const paused = await h.fake.click({ user: MEMBER, message: latest, customId: `ctl:pause:${before.id}` }).response;
  expect(String(paused.data.content)).toContain('Paused by');
  await h.fake.click({ user: MEMBER, message: latest, customId: `ctl:resume:${before.id}` }).response;

  await runUntil(clock, h.fake, runner, () => runner.get(threadId) === undefined);
  // The session's posts (the Pause and Resume announcements are the buttons' answers, not posts).
  const posts = h.fake.messages(threadId).filter((p) => p.nonce !== undefined);
  expect(posts.map((p) => p.nonce)).toEqual(tl.steps.map((_, i) => `${before.id}.${i}`));
  expect(embedOf(posts.at(-1)).title).toMatch(/^Closing/);
  expect(await second.ctx.replays.running(MEMBER.id)).toBeUndefined();
  expect(h.fake.invalid).toEqual([]);
});
