import { DatabaseSync } from 'node:sqlite';
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

/** Sessions the bot saved, read from its SQLite file as the next start will read them. */
function savedSessions(storeUrl: string): number {
  const db = new DatabaseSync(storeUrl.slice('sqlite://'.length), { readOnly: true });
  try {
    return Number((db.prepare(`SELECT COUNT(*) AS n FROM keyv WHERE key LIKE 'sessions:%'`).get() as { n: number }).n);
  } finally {
    db.close();
  }
}

test('GIVEN sessions running WHEN the bot gets SIGTERM THEN it saves, stops timers, closes the store and the client and exits 0 within 5 s, and a restart resumes every session', async () => {
  fake = await startFakeDiscord({ textChannels: 3, messageRateLimit: { limit: 50, windowMs: 1000 } });
  const channels = fake.textChannelIds;
  const env = botEnv(fake, { YIN_SPEED: '200' });
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
  await fake.waitFor(() => channels.every((c) => fake!.messages(c).length >= 2), 10_000);

  const sentAt = Date.now();
  first.child.kill('SIGTERM');
  const exit = await first.exited;
  expect(Date.now() - sentAt).toBeLessThan(5000);
  expect(exit).toEqual({ code: 0, signal: null });
  expect(first.lines.some((l) => l.event === 'shutdown')).toBe(true);
  expect(first.lines.some((l) => l.event === 'shutdown.timeout' || l.event === 'shutdown.failed')).toBe(false);
  // The client said goodbye (close 1000 ends the gateway session, as on Discord) …
  expect(fake.openSockets).toBe(0);
  expect([...fake.gateway.sessions.values()].every((s) => s.invalid)).toBe(true);
  // … timers stopped: nothing is posted while the bot is down …
  const postedAtExit = channels.map((c) => fake!.messages(c).length);
  await new Promise((r) => setTimeout(r, 1500)); // a whole hold
  expect(channels.map((c) => fake!.messages(c).length)).toEqual(postedAtExit);
  // … and the sessions are on disk for the next start.
  expect(savedSessions(env.YIN_STORE_URL!)).toBe(channels.length);

  const second = spawnBot(env);
  bots.push(second);
  await second.waitForLine((l) => l.event === 'gateway.ready', 15_000);
  await fake.waitFor(
    () => channels.every((c) => fake!.messages(c).at(-1)?.embeds[0]?.title?.startsWith('Closing')),
    25_000,
  );
  expect(second.lines.filter((l) => l.event === 'session.resume')).toHaveLength(channels.length);
  for (const c of channels) expectEveryStepOnceOrCaughtUp(fake.messages(c));
}, 45_000);
