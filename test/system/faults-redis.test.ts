import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, expect, test } from 'vitest';
import { startBot, type Bot } from '../../src/bot.ts';
import { loadConfig } from '../../src/config.ts';
import { systemClock } from '../../src/domain/clock.ts';
import { startFakeDiscord, type FakeDiscord } from '../../stand-in/discord/fake.ts';
import { ANNOUNCE_CHANNEL_ID, APP_ID, HOST, TEXT_CHANNEL_ID, TOKEN } from '../../stand-in/discord/fixtures.ts';
import { needsRedis } from '../helpers/redis.ts';
import { BACK_CLOSING, expectEveryStepOnceOrCaughtUp, stepOf } from '../helpers/bot-process.ts';

let fake: FakeDiscord | undefined;
let bot: Bot | undefined;
let redis: ChildProcess | undefined;
afterAll(async () => {
  await bot?.stop();
  await fake?.stop();
  redis?.kill('SIGKILL');
});

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });

/** Redis with an fsync'd append-only file: what it acknowledged survives a kill -9. */
async function startRedisAt(port: number, dir: string): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--dir',
      dir,
      '--save',
      '',
      '--appendonly',
      'yes',
      '--appendfsync',
      'always',
    ],
    { stdio: 'ignore' },
  );
  const until = Date.now() + 5000;
  while (Date.now() < until) {
    const up = await new Promise<boolean>((resolve) => {
      const s = createServer();
      s.once('error', () => resolve(true)); // port taken: the server is listening
      s.listen(port, '127.0.0.1', () => s.close(() => resolve(false)));
    });
    if (up) return child;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('redis-server did not start');
}

const OUTAGE_MS = 15_000;

test('GIVEN Redis goes away for 15 s during a session and note writes THEN the session keeps its timeline, writes are refused with a clear answer, nothing acknowledged is lost, and the log says down once and up once', {
  ...needsRedis,
  timeout: 60_000,
}, async () => {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'yin-redis-'));
  redis = await startRedisAt(port, dir);
  const lines: { event?: string }[] = [];
  const log = pino({ level: 'info' }, { write: (s: string) => void lines.push(JSON.parse(s) as { event?: string }) });
  fake = await startFakeDiscord({ messageRateLimit: { limit: 50, windowMs: 1000 } });
  bot = await startBot(
    loadConfig({
      DISCORD_TOKEN: TOKEN,
      DISCORD_CLIENT_ID: APP_ID,
      DISCORD_API_URL: fake.apiUrl,
      YIN_STORE_URL: `redis://127.0.0.1:${port}`,
      // 3-minute holds last 1.8 s: the session (≈ 27 s) outlives the outage.
      YIN_SPEED: '100',
    }),
    log,
    systemClock,
  );
  await bot.ready;
  const note = (text: string) =>
    fake!.slash({
      user: HOST,
      channelId: TEXT_CHANNEL_ID,
      name: 'yin',
      group: 'note',
      subcommand: 'add',
      options: { text },
    }).response;

  await fake.slash({
    user: HOST,
    channelId: TEXT_CHANNEL_ID,
    name: 'yin',
    subcommand: 'start',
    options: { sequence: 'back', hold: 3 },
  }).response;
  expect((await note('Before the outage')).data?.content).toMatch(/Saved your note/);
  await fake.waitFor(() => fake!.messages(TEXT_CHANNEL_ID).length >= 2, 5000);

  redis.kill('SIGKILL');
  await fake.waitFor(() => lines.some((l) => l.event === 'store.down'), 5000);
  const postsAtOutage = fake.messages(TEXT_CHANNEL_ID).length;
  const refused = await note('During the outage');
  expect(refused.data?.content).toMatch(/storage is unreachable.*nothing was saved/);
  expect(refused.data?.flags & 64).toBe(64); // only the member sees it
  // A start meanwhile can't be promised: the public "thinking…" answer goes, and only the host
  // is told why.
  const start = fake.slash({
    user: HOST,
    channelId: ANNOUNCE_CHANNEL_ID,
    name: 'yin',
    subcommand: 'start',
    options: { sequence: 'back' },
  });
  expect((await start.response).type).toBe(5);
  const told = await fake.waitFor(() => start.followups[0], 5000);
  expect(told.content).toMatch(/can’t save sessions right now/);
  expect((told.flags ?? 0) & 64).toBe(64);
  expect(start.original()).toBeUndefined();
  expect(fake.messages(ANNOUNCE_CHANNEL_ID)).toEqual([]);
  await new Promise((r) => setTimeout(r, OUTAGE_MS));
  // The session went on posting while its progress couldn't be saved.
  expect(fake.messages(TEXT_CHANNEL_ID).length).toBeGreaterThanOrEqual(postsAtOutage + 4);

  redis = await startRedisAt(port, dir);
  await fake.waitFor(() => lines.some((l) => l.event === 'store.up'), 10_000);
  expect((await note('After the outage')).data?.content).toMatch(/Saved your note/);
  const texts = (await bot.ctx.notes.all(HOST.id)).map((n) => n.text);
  expect(texts.sort()).toEqual(['After the outage', 'Before the outage']);

  await fake.waitFor(() => fake!.messages(TEXT_CHANNEL_ID).at(-1)?.embeds[0]?.title?.startsWith('Closing'), 20_000);
  expectEveryStepOnceOrCaughtUp(fake.messages(TEXT_CHANNEL_ID));
  // Not even a catch-up: the outage never held a post back.
  expect(fake.messages(TEXT_CHANNEL_ID).map(stepOf)).toEqual(Array.from({ length: BACK_CLOSING + 1 }, (_, i) => i));
  // Ended after Redis came back: the saved session is gone, so a restart won't revive it.
  await fake.waitFor(async () => (await bot!.ctx.store.keyv('sessions').get(TEXT_CHANNEL_ID)) === undefined, 2000);
  expect(lines.filter((l) => l.event === 'store.down')).toHaveLength(1);
  expect(lines.filter((l) => l.event === 'store.up')).toHaveLength(1);
});
