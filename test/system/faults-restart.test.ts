import { afterAll, expect, test } from 'vitest';
import { startFakeDiscord, type FakeDiscord } from '../../stand-in/discord/fake.ts';
import { HOST } from '../../stand-in/discord/fixtures.ts';
import { botEnv, expectEveryStepOnceOrCaughtUp, spawnBot, type BotProcess } from '../helpers/bot-process.ts';

let fake: FakeDiscord | undefined;
const bots: BotProcess[] = [];
afterAll(async () => {
  for (const b of bots) b.child.kill('SIGKILL');
  await fake?.stop();
});

const SESSIONS = 20;

test('GIVEN 20 sessions running WHEN the bot is killed with SIGKILL and restarted THEN every session resumes within 10 s of READY, nothing is posted twice and every step is posted once or covered by one catch-up post', async () => {
  fake = await startFakeDiscord({ textChannels: SESSIONS, messageRateLimit: { limit: 50, windowMs: 1000 } });
  const channels = fake.textChannelIds;
  // Speed 200: 3-minute holds last 0.9 s, a session about 14 s.
  const env = botEnv(fake, { YIN_SPEED: '200', YIN_LOG_LEVEL: 'info' });
  const first = spawnBot(env);
  bots.push(first);
  await first.waitForLine((l) => l.event === 'gateway.ready', 15_000);
  await Promise.all(
    channels.map(
      (channelId) =>
        fake!.slash({ user: HOST, channelId, name: 'yin', subcommand: 'start', options: { sequence: 'back', hold: 3 } })
          .response,
    ),
  );
  await fake.waitFor(() => channels.every((c) => fake!.messages(c).length >= 3), 10_000);

  first.child.kill('SIGKILL');
  await first.exited;
  const before = new Map(channels.map((c) => [c, fake!.messages(c).length]));

  const second = spawnBot(env);
  bots.push(second);
  await second.waitForLine((l) => l.event === 'gateway.ready', 15_000);
  const readyAt = Date.now();
  // Resumed: each channel gets its next post (the catch-up) within 10 s of READY.
  await fake.waitFor(() => channels.every((c) => fake!.messages(c).length > before.get(c)!), 10_000);
  const resumedWithin = Math.max(
    ...channels.map((c) => Date.parse(fake!.messages(c)[before.get(c)!]!.timestamp) - readyAt),
  );
  expect(resumedWithin).toBeLessThan(10_000);
  expect(second.lines.filter((l) => l.event === 'session.resume')).toHaveLength(SESSIONS);

  await fake.waitFor(
    () => channels.every((c) => fake!.messages(c).at(-1)?.embeds[0]?.title?.startsWith('Closing')),
    25_000,
  );
  for (const c of channels) expectEveryStepOnceOrCaughtUp(fake.messages(c));
  expect(fake.stats.rateLimited).toBe(0);
  expect(fake.invalid).toEqual([]);
}, 60_000);
