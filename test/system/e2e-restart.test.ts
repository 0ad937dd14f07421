import { afterAll, beforeAll, expect, test } from 'vitest';
import { startFakeDiscord, type FakeDiscord } from '../../stand-in/discord/fake.ts';
import { HOST, TEXT_CHANNEL_ID } from '../../stand-in/discord/fixtures.ts';
import { embedOf } from '../helpers/harness.ts';
import { catchUpNote } from '../../src/discord/session/render.ts';
import { BACK_CLOSING, botEnv, type BotProcess, spawnBot, stepOf } from '../helpers/bot-process.ts';

let fake: FakeDiscord;
let env: Record<string, string>;
const bots: BotProcess[] = [];

/** The bot as `npm start` runs it: its own process, Node 24, the real entry point. */
function runBot(): BotProcess {
  const bot = spawnBot(env);
  bots.push(bot);
  return bot;
}

beforeAll(async () => {
  fake = await startFakeDiscord({ messageRateLimit: { limit: 50, windowMs: 1000 } });
  // Both bots share one SQLite file: the second resumes what the first saved.
  env = botEnv(fake, { YIN_SPEED: '550', YIN_LOG_LEVEL: 'warn' });
});
afterAll(async () => {
  for (const b of bots) b.child.kill('SIGKILL');
  await fake?.stop();
});

test('GIVEN the bot is killed with SIGKILL mid-session THEN the restarted bot resumes at the right step with one catch-up post and nothing doubled', async () => {
  const first = runBot();
  await fake.waitFor(() => fake.identifies.length === 1, 15_000);
  await fake.slash({
    user: HOST,
    channelId: TEXT_CHANNEL_ID,
    name: 'yin',
    subcommand: 'start',
    options: { sequence: 'back', hold: 3 },
  }).response;
  await fake.waitFor(() => fake.messages(TEXT_CHANNEL_ID).length >= 3, 10_000);
  first.child.kill('SIGKILL');
  await first.exited;
  const postedBefore = fake.messages(TEXT_CHANNEL_ID).length;
  const killedAt = Date.now();

  runBot();
  await fake.waitFor(() => fake.identifies.length === 2, 15_000);
  const closing = await fake.waitFor(
    () => fake.messages(TEXT_CHANNEL_ID).find((m) => embedOf(m).title?.startsWith('Closing')),
    15_000,
  );
  expect(closing).toBeDefined();

  const posts = fake.messages(TEXT_CHANNEL_ID);
  const steps = posts.map(stepOf);
  expect(new Set(steps).size).toBe(steps.length); // nothing posted twice
  expect(steps).toEqual([...steps].sort((a, b) => a - b)); // in order
  expect(steps.at(-1)).toBe(BACK_CLOSING);
  // The first post after the restart is the single catch-up: it says the bot was away. (With no
  // gap it may still say so: a post that landed just before the kill wasn't recorded as posted.)
  const catchUp = posts[postedBefore]!;
  const gap = stepOf(catchUp) - stepOf(posts[postedBefore - 1]!) - 1;
  if (gap > 0) expect(embedOf(catchUp).description).toContain(catchUpNote('en'));
  // Everything after the catch-up is one post per step.
  expect(steps.slice(postedBefore)).toEqual(
    Array.from({ length: BACK_CLOSING + 1 - stepOf(catchUp) }, (_, i) => stepOf(catchUp) + i),
  );
  expect(Date.now() - killedAt).toBeLessThan(20_000);
  expect(fake.invalid).toEqual([]);
}, 45_000);
