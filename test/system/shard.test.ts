import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startFakeDiscord, type FakeDiscord } from '../../stand-in/discord/fake.ts';
import {
  GUILD_ID,
  HOST,
  OTHER_GUILD_ID,
  OTHER_TEXT_CHANNEL_ID,
  TEXT_CHANNEL_ID,
} from '../../stand-in/discord/fixtures.ts';
import { shardOfGuild } from '../../src/shard/ownership.ts';
import { embedOf } from '../helpers/harness.ts';
import { BACK_CLOSING, botEnv, type LogLine, spawnBot, stepOf } from '../helpers/bot-process.ts';
import { hasRedisServer, needsRedis, sharedRedis, type TestRedis } from '../helpers/redis.ts';
import { healthz, scrape, total, until } from '../helpers/ops-prom.ts';
import { catchUpNote } from '../../src/discord/session/render.ts';

let fake: FakeDiscord;
let redis: TestRedis | undefined;
let manager: ChildProcess | undefined;
let logs: LogLine[] = [];

const identifiesOf = (shard: number) => fake.identifies.filter((i) => (i.shard as number[] | undefined)?.[0] === shard);
const spawnedPids = (shard: number) =>
  logs.filter((l) => l.event === 'shard.spawn' && l.shard === shard).map((l) => l.pid as number);

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

beforeAll(async () => {
  if (!hasRedisServer) return;
  redis = await sharedRedis();
  fake = await startFakeDiscord({ shards: 2, messageRateLimit: { limit: 50, windowMs: 1000 } });
});
afterAll(async () => {
  if (manager && manager.exitCode === null) {
    const exited = new Promise((r) => manager!.once('exit', r));
    manager.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
    manager.kill('SIGKILL'); // its shards exit when the IPC channel closes
  }
  await fake?.stop();
  await redis?.stop();
});

test('the fixtures put the two guilds on different shards of 2', () => {
  expect(shardOfGuild(GUILD_ID, 2)).toBe(0);
  expect(shardOfGuild(OTHER_GUILD_ID, 2)).toBe(1);
});

test('GIVEN YIN_SHARDS=auto and 2 shards WHEN one shard process is killed THEN it is respawned and resumes its session while the other shard never notices', {
  ...needsRedis,
  timeout: 90_000,
}, async () => {
  const port = await freePort();
  // `npm start` semantics: the real entry point under this Node 24, one manager and its shard children.
  const bot = spawnBot(
    botEnv(fake, {
      YIN_STORE_URL: redis!.url,
      YIN_SPEED: '280',
      YIN_SHARDS: 'auto',
      YIN_HTTP_PORT: String(port),
    }),
  );
  manager = bot.child;
  logs = bot.lines;

  // The manager's /healthz is 200 only when both shards are connected and reach the store.
  const healthy = await until(async () => {
    const h = await healthz(port).catch(() => undefined);
    return h?.status === 200 ? h : undefined;
  }, 30_000);
  expect(healthy.body.shards).toHaveLength(2);
  expect(identifiesOf(0)).toHaveLength(1);
  expect(identifiesOf(1)).toHaveLength(1);
  const otherPid = spawnedPids(1)[0];

  for (const channelId of [TEXT_CHANNEL_ID, OTHER_TEXT_CHANNEL_ID]) {
    const r = await fake.slash({
      user: HOST,
      channelId,
      name: 'yin',
      subcommand: 'start',
      options: { sequence: 'back', hold: 3 },
    }).response;
    expect(r.type).toBe(5); // started, not refused: the deferred answer becomes the opening
  }
  await fake.waitFor(() => fake.messages(TEXT_CHANNEL_ID).length >= 3, 15_000);
  const killed = spawnedPids(0).at(-1)!;
  process.kill(killed, 'SIGKILL');
  const postedBefore = fake.messages(TEXT_CHANNEL_ID).length;

  // The manager respawns shard 0: a new process, a new IDENTIFY for shard [0, 2].
  await fake.waitFor(() => identifiesOf(0).length === 2, 20_000);
  const closed = (ch: string) => fake.messages(ch).some((m) => embedOf(m).title?.startsWith('Closing'));
  await fake.waitFor(() => closed(TEXT_CHANNEL_ID) && closed(OTHER_TEXT_CHANNEL_ID), 30_000);

  // Shard 0's session carried on after the respawn: nothing doubled, in order, to the closing.
  const mine = fake.messages(TEXT_CHANNEL_ID).map(stepOf);
  expect(mine.length).toBeGreaterThan(postedBefore);
  expect(new Set(mine).size).toBe(mine.length);
  expect(mine).toEqual([...mine].sort((a, b) => a - b));
  expect(mine.at(-1)).toBe(BACK_CLOSING);

  // Shard 1's session never noticed: every step once, in order, no catch-up post, one process,
  // one gateway session, and no second process ever tried to post there.
  const other = fake.messages(OTHER_TEXT_CHANNEL_ID);
  expect(other.map(stepOf)).toEqual(Array.from({ length: BACK_CLOSING + 1 }, (_, i) => i));
  expect(other.some((m) => (embedOf(m).description ?? '').includes(catchUpNote('en')))).toBe(false);
  expect(
    fake.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${OTHER_TEXT_CHANNEL_ID}/messages`),
  ).toHaveLength(other.length - 1); // every step but the opening, the edited /yin start answer
  expect(identifiesOf(1)).toHaveLength(1);
  expect(spawnedPids(1)).toEqual([otherPid]);

  // Only the respawned shard 0 resumed anything, and only its own guild's session.
  const resumes = logs.filter((l) => l.event === 'session.resume');
  expect(resumes.length).toBeGreaterThanOrEqual(1);
  expect(resumes.every((l) => l.channel === TEXT_CHANNEL_ID && l.shard === 0)).toBe(true);
  expect(logs.some((l) => l.event === 'shard.death' && l.shard === 0 && l.pid === killed)).toBe(true);

  // One scrape shows both shards side by side, and the restart.
  const m = await until(async () => {
    const s = await scrape(port);
    // A post shows in the fake a moment before the bot has its response and counts it.
    return total(s, 'yin_shards_ready') === 2 && total(s, 'yin_posts_total', { shard: '1' }) >= other.length
      ? s
      : undefined;
  }, 10_000);
  expect(total(m, 'yin_posts_total', { shard: '1' })).toBe(other.length);
  expect(total(m, 'yin_posts_total', { shard: '0' })).toBe(mine.length - postedBefore);
  expect(total(m, 'yin_shard_restarts_total', { shard: '0' })).toBe(1);
  expect(total(m, 'yin_shard_restarts_total', { shard: '1' })).toBe(0);
  expect(fake.invalid).toEqual([]);
});
