import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, expect, test } from 'vitest';
import { startBot, type Bot } from '../../src/bot.ts';
import { catchUpNote } from '../../src/discord/session/render.ts';
import { loadConfig } from '../../src/config.ts';
import { systemClock } from '../../src/domain/clock.ts';
import { startFakeDiscord, type FakeDiscord } from '../../stand-in/discord/fake.ts';
import { APP_ID, HOST, TEXT_CHANNEL_ID, TOKEN } from '../../stand-in/discord/fixtures.ts';
import { validateBody } from '../../stand-in/discord/validate.ts';
import { silentLogger } from '../../src/log.ts';
import { needsRedis, startRedis, type TestRedis } from '../helpers/redis.ts';
import { healthz, scrape, total, until } from '../helpers/ops-prom.ts';

let fake: FakeDiscord | undefined;
let bot: Bot | undefined;
let redis: TestRedis | undefined;

/** The real bot in this process with YIN_HTTP_PORT=0 (any free port), against the stand-in Discord. */
async function start(storeUrl?: string): Promise<{ fake: FakeDiscord; bot: Bot; port: number }> {
  for (const [path, method] of [
    ['/channels/{channel_id}/messages', 'post'],
    ['/interactions/{interaction_id}/{interaction_token}/callback', 'post'],
  ] as const)
    validateBody(path, method, {});
  fake = await startFakeDiscord({ messageRateLimit: { limit: 50, windowMs: 1000 } });
  const config = loadConfig({
    DISCORD_TOKEN: TOKEN,
    DISCORD_CLIENT_ID: APP_ID,
    DISCORD_API_URL: fake.apiUrl,
    YIN_STORE_URL: storeUrl ?? `sqlite://${join(mkdtempSync(join(tmpdir(), 'yin-ops-')), 'yin.sqlite')}`,
    YIN_SPEED: '1200',
    YIN_HTTP_PORT: '0',
  });
  bot = await startBot(config, silentLogger, systemClock);
  await bot.ready;
  if (bot.ops.port === undefined) throw new Error('YIN_HTTP_PORT is set but no server listens');
  return { fake, bot, port: bot.ops.port };
}

/** The image's HEALTHCHECK command, run against `port`: resolves its exit code. */
function dockerHealthcheck(port: number): Promise<number> {
  const env = { PATH: process.env.PATH, DISCORD_TOKEN: TOKEN, DISCORD_CLIENT_ID: APP_ID, YIN_HTTP_PORT: String(port) };
  return new Promise((resolve) => {
    execFile(process.execPath, ['src/ops/healthcheck.ts'], { env }, (err) => resolve(err ? Number(err.code ?? 1) : 0));
  });
}

afterEach(async () => {
  await bot?.stop().catch(() => {});
  await fake?.stop();
  bot = undefined;
  fake = undefined;
});
afterAll(async () => redis?.stop());

test('GIVEN YIN_HTTP_PORT is unset THEN no HTTP server is started', async () => {
  const fakeNoHttp = await startFakeDiscord();
  const b = await startBot(
    loadConfig({
      DISCORD_TOKEN: TOKEN,
      DISCORD_CLIENT_ID: APP_ID,
      DISCORD_API_URL: fakeNoHttp.apiUrl,
      YIN_STORE_URL: 'sqlite::memory:',
    }),
    silentLogger,
    systemClock,
  );
  try {
    await b.ready;
    expect(b.ops.port).toBeUndefined();
  } finally {
    await b.stop();
    await fakeNoHttp.stop();
  }
});

test('GIVEN a connected bot THEN /healthz is 200 with the gateway and the store up, and unknown paths are 404', async () => {
  const { port } = await start();
  const h = await healthz(port);
  expect(h.status).toBe(200);
  expect(h.body).toMatchObject({
    ok: true,
    gateway: { connected: true, status: 'Ready' },
    store: { ok: true, kind: 'sqlite' },
    sessions: 0,
  });
  expect((await fetch(`http://127.0.0.1:${port}/nope`)).status).toBe(404);
  expect(await dockerHealthcheck(port)).toBe(0);
});

test('GIVEN a session runs with a 429 and a 500 on the way THEN /metrics counts what Discord saw', async () => {
  const { fake, bot, port } = await start();
  const { voiceConnections } = bot.ops.metrics;
  // One 429 and one 500 on session posts: discord.js waits or retries, the session carries on.
  fake.failNext({ method: 'POST', route: '/channels/:id/messages', status: 429 });
  fake.failNext({ method: 'POST', route: '/channels/:id/messages', status: 500 });
  voiceConnections.set(0);
  voiceConnections.inc();
  voiceConnections.inc();
  voiceConnections.dec();

  await fake.slash({
    user: HOST,
    channelId: TEXT_CHANNEL_ID,
    name: 'yin',
    subcommand: 'start',
    options: { sequence: 'back', hold: 3 },
  }).response;
  const during = await scrape(port);
  expect(total(during, 'yin_active_sessions')).toBe(1);
  expect((await healthz(port)).body.sessions).toBe(1);

  const closing = await fake.waitFor(
    () => fake.messages(TEXT_CHANNEL_ID).find((m) => m.embeds[0]?.title?.startsWith('Closing')),
    20_000,
  );
  expect(closing).toBeDefined();
  await until(async () => total(await scrape(port), 'yin_active_sessions') === 0, 5000);
  const after = await scrape(port);

  const posts = fake.messages(TEXT_CHANNEL_ID).length;
  expect(total(after, 'yin_posts_total')).toBe(posts);
  // Every post's lateness is observed, except a catch-up post's (the retries can put this fast
  // session a whole hold behind); none is negative, so the +Inf bucket holds them all.
  const catchUps = fake
    .messages(TEXT_CHANNEL_ID)
    .filter((m) => m.embeds[0]?.description?.includes(catchUpNote('en'))).length;
  expect(total(after, 'yin_catch_up_posts_total')).toBe(catchUps);
  const onTime = posts - catchUps;
  expect(total(after, 'yin_post_lateness_seconds_count')).toBe(onTime);
  expect(total(after, 'yin_post_lateness_seconds_bucket', { le: '+Inf' })).toBe(onTime);
  expect(total(after, 'yin_post_lateness_seconds_sum')).toBeGreaterThanOrEqual(0);

  const statuses = fake.requests.map((r) => r.status);
  expect(total(after, 'yin_rest_429_total')).toBe(statuses.filter((s) => s === 429).length);
  expect(total(after, 'yin_rest_429_total', { scope: 'user' })).toBeGreaterThanOrEqual(1);
  expect(total(after, 'yin_rest_retries_total', { reason: '429' })).toBe(statuses.filter((s) => s === 429).length);
  expect(total(after, 'yin_rest_retries_total', { reason: '5xx' })).toBe(statuses.filter((s) => s >= 500).length);
  expect(total(after, 'yin_rest_retries_total', { reason: '5xx' })).toBeGreaterThanOrEqual(1);

  const acks = fake.requests.filter((r) => r.route === '/interactions/:id/:token/callback' && r.status < 300).length;
  expect(acks).toBeGreaterThanOrEqual(1);
  expect(total(after, 'yin_interaction_ack_seconds_count')).toBe(acks);
  expect(total(after, 'yin_voice_connections')).toBe(1);
  expect(after.some((s) => s.name === 'yin_gateway_ping_seconds')).toBe(true);
  expect(after.some((s) => s.name === 'yin_process_resident_memory_bytes')).toBe(true);
  expect(fake.invalid).toEqual([]);
}, 45_000);

test('GIVEN the Redis store goes away THEN /healthz is 503 naming the store, and store errors are counted', {
  ...needsRedis,
  timeout: 30_000,
}, async () => {
  redis = await startRedis();
  const { port } = await start(redis!.url);
  expect((await healthz(port)).body.store).toEqual({ ok: true, kind: 'redis' });
  await redis!.stop();
  const down = await until(async () => {
    const h = await healthz(port);
    return h.status === 503 ? h : undefined;
  }, 10_000);
  expect(down.body).toMatchObject({ ok: false, gateway: { connected: true }, store: { ok: false, kind: 'redis' } });
  expect(total(await scrape(port), 'yin_store_errors_total')).toBeGreaterThan(0);
  expect(await dockerHealthcheck(port)).toBe(1);
});
