import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { catchUpNote } from '../../src/discord/session/render.ts';
import { startFakeDiscord, type FakeDiscord } from '../../stand-in/discord/fake.ts';
import { HOST, TEXT_CHANNEL_ID } from '../../stand-in/discord/fixtures.ts';
import { embedOf } from '../helpers/harness.ts';
import { botEnv, botProcesses, postId, stepOf, type BotProcess } from '../helpers/bot-process.ts';

// kill -9 in the middle of a transition and of the final rest: the restarted bot lands on the
// right step, posts nothing twice and passes nothing over. A short class of the real poses keeps
// it quick: settle 30 s, then Child's (60 s transition, 3 min hold), a 1-minute rebound and a
// 5-minute savasana, at 30× (a transition is 2 s, the rest 10 s).
const SPEED = 30;
const ROOT = join(import.meta.dirname, '..', '..');
let fake: FakeDiscord;
let env: Record<string, string>;
const processes = botProcesses(() => env);
const bot = processes.ready;

beforeAll(async () => {
  const data = mkdtempSync(join(tmpdir(), 'yin-class-'));
  cpSync(join(ROOT, 'data', 'poses'), join(data, 'poses'), { recursive: true });
  cpSync(join(ROOT, 'data', 'audio'), join(data, 'audio'), { recursive: true });
  const back = JSON.parse(readFileSync(join(ROOT, 'data', 'sequences', 'back.json'), 'utf8'));
  const short = {
    ...back,
    id: 'short',
    name: 'A short class',
    settleSeconds: 30,
    transitionSeconds: 60,
    holdMinutes: { default: 3, min: 3, max: 3 },
    steps: [
      { pose: 'wide-knee-child' },
      { pose: 'rebound-on-back', role: 'rebound', minutes: 1 },
      { pose: 'savasana', role: 'rest', minutes: 5 },
    ],
  };
  cpSync(join(ROOT, 'data', 'sequences'), join(data, 'sequences'), { recursive: true });
  writeFileSync(join(data, 'sequences', 'short.json'), JSON.stringify(short));
  fake = await startFakeDiscord({ messageRateLimit: { limit: 50, windowMs: 1000 } });
  env = botEnv(fake, { YIN_SPEED: String(SPEED), YIN_DATA_DIR: data, YIN_LOG_LEVEL: 'info' });
});
afterAll(async () => {
  processes.killAll();
  await fake?.stop();
});

const posts = () => fake.messages(TEXT_CHANNEL_ID);
const titled = (prefix: string) => () => posts().find((m) => embedOf(m).title?.startsWith(prefix));
/** Real ms from a post to when its hold begins, read off the post's own countdown. */
const holdBeginsIn = (m: NonNullable<ReturnType<ReturnType<typeof titled>>>) => {
  const f = embedOf(m).fields?.find((x) => x.name === 'Hold begins' || x.name === 'Rest begins');
  return Number(/<t:(\d+):R>/.exec(f?.value ?? '')?.[1]) * 1000 - Date.parse(m.timestamp);
};

async function killAndRestart(b: BotProcess): Promise<BotProcess> {
  b.child.kill('SIGKILL');
  await b.exited;
  return bot();
}

test('GIVEN kill -9 during a transition and again during the final rest THEN each restart lands on the right step, with nothing doubled or passed over', async () => {
  const first = await bot();
  await fake.slash({
    user: HOST,
    channelId: TEXT_CHANNEL_ID,
    name: 'yin',
    subcommand: 'start',
    options: { sequence: 'short' },
  }).response;

  // Child's Pose is posted as its transition begins: killed there, 2 s before its hold starts.
  const child = await fake.waitFor(titled('1/1 · '), 10_000);
  expect(holdBeginsIn(child)).toBeGreaterThan(1000);
  const second = await killAndRestart(first);
  // Back in the same step (its hold is 6 s): nothing re-posted, the rebound comes on time.
  const rebound = await fake.waitFor(titled('Rebound'), 15_000);
  expect(embedOf(rebound).description).not.toContain(catchUpNote('en'));

  // The final rest: killed a moment into it; the closing still comes once, when the rest ends.
  const rest = await fake.waitFor(titled('Final rest'), 10_000);
  const restEnds =
    Number(/<t:(\d+):R>/.exec(embedOf(rest).fields?.find((f) => f.name === 'Ends')?.value ?? '')?.[1]) * 1000;
  await killAndRestart(second);
  const closing = await fake.waitFor(titled('Closing'), 20_000);
  expect(embedOf(closing).description).not.toContain(catchUpNote('en'));
  expect(Date.parse(closing.timestamp)).toBeGreaterThanOrEqual(restEnds - 1000);

  // Every step exactly once, in order: opening, Child's, rebound, rest, closing.
  expect(posts().map(stepOf)).toEqual([0, 1, 2, 3, 4]);
  expect(new Set(posts().map(postId)).size).toBe(5);
  expect(fake.invalid).toEqual([]);
}, 90_000);
