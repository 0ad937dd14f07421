// A server's own sequence through kill -9: written with the form, started, the bot killed in
// the middle, started again. It resumes on the steps it saved (even after the sequence is then
// edited and deleted), posts each step once or one catch-up, and ends with its closing.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startFakeDiscord, type FakeDiscord } from '../../stand-in/discord/fake.ts';
import { HOST, TEXT_CHANNEL_ID } from '../../stand-in/discord/fixtures.ts';
import { botEnv, botProcesses, expectEveryStepOnceOrCaughtUp, postKey, stepOf } from '../helpers/bot-process.ts';
import { embedOf } from '../helpers/harness.ts';

const SPEED = 30;
let fake: FakeDiscord;
let env: Record<string, string>;
const processes = botProcesses(() => env);
const bot = processes.ready;

beforeAll(async () => {
  fake = await startFakeDiscord({ messageRateLimit: { limit: 50, windowMs: 1000 } });
  env = botEnv(fake, { YIN_SPEED: String(SPEED) });
});
afterAll(async () => {
  processes.killAll();
  await fake?.stop();
});

const slash = (subcommand: string, options: Record<string, string> = {}, group?: string) =>
  fake.slash({ user: HOST, channelId: TEXT_CHANNEL_ID, name: 'yin', ...(group ? { group } : {}), subcommand, options });

test('GIVEN a server sequence killed -9 mid-class THEN the restarted bot resumes it on its saved steps, through an edit and a delete, to its closing', async () => {
  const first = await bot();
  const opened = await slash('create', {}, 'sequence').response;
  const saved = await fake.submitModal({
    user: HOST,
    channelId: TEXT_CHANNEL_ID,
    customId: opened.data.custom_id,
    fields: { name: 'Short hips', focus: 'Hips', steps: 'butterfly 3\ndragon 3 both\nrest savasana 3', hold: '3' },
  }).response;
  expect(saved.data.content).toContain('my_short-hips');
  await slash('start', { sequence: 'my_short-hips' }).response;
  // Killed once the first dragon is posted (at 30× a hold is 6 s, a transition 1.5 s).
  await fake.waitFor(
    () => fake.messages(TEXT_CHANNEL_ID).find((m) => embedOf(m).title === '2/3 · Dragon (left side)'),
    30_000,
  );
  first.child.kill('SIGKILL');
  await first.exited;

  const second = await bot();
  // Edited and deleted while the session runs: it keeps the steps it started with.
  const edit = await slash('edit', { sequence: 'my_short-hips' }, 'sequence').response;
  await fake.submitModal({
    user: HOST,
    channelId: TEXT_CHANNEL_ID,
    customId: edit.data.custom_id,
    fields: { name: 'Short hips', focus: 'Hips', steps: 'happy-baby 3', hold: '3' },
  }).response;
  await slash('delete', { sequence: 'my_short-hips' }, 'sequence').response;
  await fake.waitFor(
    () => fake.messages(TEXT_CHANNEL_ID).find((m) => embedOf(m).title?.startsWith('Closing — Short hips')),
    60_000,
  );
  const posts = fake.messages(TEXT_CHANNEL_ID).filter((m) => postKey(m) !== undefined);
  const closing = 5; // opening, butterfly, dragon left, dragon right, savasana, closing
  expectEveryStepOnceOrCaughtUp(posts, closing);
  expect(posts.map((m) => embedOf(m).title)).not.toContain('1/1 · Happy Baby');
  expect(second.lines.some((l) => l.event === 'session.resume')).toBe(true);
  expect(posts.map(stepOf).at(-1)).toBe(closing);
}, 90_000);
