import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startBot, type Bot } from '../../src/bot.ts';
import { loadConfig } from '../../src/config.ts';
import { systemClock } from '../../src/domain/clock.ts';
import { startFakeDiscord, type FakeDiscord } from '../../stand-in/discord/fake.ts';
import { APP_ID, HOST, TOKEN } from '../../stand-in/discord/fixtures.ts';
import { silentLogger } from '../../src/log.ts';
import { expectEveryStepOnceOrCaughtUp, stepOf } from '../helpers/bot-process.ts';

let fake: FakeDiscord;
let bot: Bot;

beforeAll(async () => {
  fake = await startFakeDiscord({ textChannels: 3, messageRateLimit: { limit: 50, windowMs: 1000 } });
  const env = {
    DISCORD_TOKEN: TOKEN,
    DISCORD_CLIENT_ID: APP_ID,
    DISCORD_API_URL: fake.apiUrl,
    YIN_STORE_URL: `sqlite://${join(mkdtempSync(join(tmpdir(), 'yin-faults-')), 'yin.sqlite')}`,
    YIN_SPEED: '200',
    // discord.js gives up on a request after this (default 15 s) and retries it.
    YIN_REST_TIMEOUT_MS: '400',
  };
  bot = await startBot(loadConfig(env), silentLogger, systemClock);
  await bot.ready;
});
afterAll(async () => {
  await bot?.stop();
  await fake?.stop();
});

const postsTo = (channelId: string) =>
  fake.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${channelId}/messages`);

async function runSession(channelId: string, faults: () => void): Promise<void> {
  await fake.slash({ user: HOST, channelId, name: 'yin', subcommand: 'start', options: { sequence: 'back', hold: 3 } })
    .response;
  // Faults hit the middle of the session, not its opening.
  await fake.waitFor(() => fake.messages(channelId).length >= 3, 10_000);
  faults();
  await fake.waitFor(() => fake.messages(channelId).at(-1)?.embeds[0]?.title?.startsWith('Closing'), 30_000);
}

test('GIVEN REST timeouts after Discord stored the post, 5xx bursts and a 429 storm (one per channel, at once) THEN posts are delayed, never lost or doubled, and invalid requests stay few', async () => {
  const [timeouts, errors, storm] = fake.textChannelIds as [string, string, string];
  const route = (c: string) => `/channels/${c}/messages`;
  await Promise.all([
    // Stored, then answered after the bot's 400 ms timeout: twice in a row.
    runSession(timeouts, () =>
      fake.delayNext({ method: 'POST', route: route(timeouts), ms: 700, afterCommit: true, times: 2 }),
    ),
    // More 502s than discord.js retries (3), so the runner's own retry has to step in.
    runSession(errors, () => fake.failNext({ method: 'POST', route: route(errors), status: 502, times: 6 })),
    runSession(storm, () =>
      fake.failNext({
        method: 'POST',
        route: route(storm),
        status: 429,
        times: 4,
        body: { message: 'You are being rate limited.', retry_after: 0.3, global: false },
      }),
    ),
  ]);

  for (const c of [timeouts, errors, storm]) expectEveryStepOnceOrCaughtUp(fake.messages(c));
  // The timed-out post was sent again with the same nonce and Discord handed back the stored
  // message: more requests than messages, yet one message per step.
  const timedOut = postsTo(timeouts);
  const nonces = timedOut.map((r) => String((r.body as { nonce?: string }).nonce));
  expect(nonces.length).toBeGreaterThan(new Set(nonces).size);
  expect(fake.messages(timeouts).map(stepOf)).toEqual([...new Set(fake.messages(timeouts).map(stepOf))]);
  // The 5xx burst was outlasted, not given up on.
  expect(postsTo(errors).filter((r) => r.status === 502)).toHaveLength(6);
  // Only the injected 429s: the bot never provoked one of its own, far from 10,000 per 10 min.
  expect(fake.stats.invalidRequests).toBe(4);
  expect(fake.stats.rateLimited).toBe(0);
}, 60_000);
