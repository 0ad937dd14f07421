import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Snapshot } from '../../src/activity/snapshot.ts';
import { startFakeDiscord, type FakeDiscord } from '../../stand-in/discord/fake.ts';
import {
  APP_ID,
  GUILD_ID,
  HOST,
  MEMBER,
  OTHER_GUILD_ID,
  OTHER_TEXT_CHANNEL_ID,
  TEXT_CHANNEL_ID,
  TOKEN,
} from '../../stand-in/discord/fixtures.ts';
import { activityOf, CLIENT_SECRET } from '../../stand-in/discord/rest/activity.ts';
import { embedOf } from '../helpers/harness.ts';
import { hasRedisServer, needsRedis, sharedRedis, type TestRedis } from '../helpers/redis.ts';

// YIN_SHARDS=2: the manager alone listens for the class view; each viewer sees, and the host
// controls, the session of the shard process that owns the guild (the two guilds are on
// different shards).
let fake: FakeDiscord;
let redis: TestRedis | undefined;
let manager: ChildProcess | undefined;
let base: string;
const logs: Record<string, unknown>[] = [];

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
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  manager = spawn(process.execPath, ['src/main.ts'], {
    env: {
      PATH: process.env.PATH,
      DISCORD_TOKEN: TOKEN,
      DISCORD_CLIENT_ID: APP_ID,
      DISCORD_API_URL: fake.apiUrl,
      DISCORD_CLIENT_SECRET: CLIENT_SECRET,
      YIN_STORE_URL: redis!.url,
      YIN_SPEED: '20',
      YIN_SHARDS: '2',
      YIN_ACTIVITY_PORT: String(port),
      YIN_LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  createInterface({ input: manager.stdout! }).on('line', (line) => {
    try {
      logs.push(JSON.parse(line) as Record<string, unknown>);
    } catch {}
  });
  await fake.waitFor(() => fake.identifies.length >= 2, 30_000);
}, 60_000);

afterAll(async () => {
  if (manager && manager.exitCode === null) {
    const exited = new Promise((r) => manager!.once('exit', r));
    manager.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
    manager.kill('SIGKILL');
  }
  await fake?.stop();
  await redis?.stop();
});

async function signIn(userId: string): Promise<string> {
  const res = await fetch(`${base}/api/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code: activityOf(fake).authorize(userId) }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { access_token: string }).access_token;
}

interface Live {
  ws: WebSocket;
  views: Snapshot[];
  results: { ok: boolean; text?: string }[];
}
async function connect(userId: string, instance: string): Promise<Live> {
  const token = await signIn(userId);
  const ws = new WebSocket(`${base.replace('http', 'ws')}/api/live`);
  const live: Live = { ws, views: [], results: [] };
  ws.addEventListener('message', (e) => {
    const m = JSON.parse(String(e.data));
    if (m.t === 'view') live.views.push(m.view);
    if (m.t === 'result') live.results.push(m);
  });
  await new Promise((r) => ws.addEventListener('open', r));
  ws.send(JSON.stringify({ t: 'hello', token, instance }));
  return live;
}

const posts = (channelId: string) => fake.messages(channelId).filter((m) => m.embeds.length > 0);

test('GIVEN classes on both shards THEN each viewer sees its guild’s class through the manager, within a second of each post, and only the host controls it', {
  ...needsRedis,
  timeout: 60_000,
}, async () => {
  const where = [
    { guildId: GUILD_ID, channelId: TEXT_CHANNEL_ID },
    { guildId: OTHER_GUILD_ID, channelId: OTHER_TEXT_CHANNEL_ID },
  ];
  const rooms: { channelId: string; host: Live; member: Live }[] = [];
  for (const w of where) {
    await fake.slash({
      user: HOST,
      guildId: w.guildId,
      channelId: w.channelId,
      name: 'yin',
      subcommand: 'start',
      options: { sequence: 'back', hold: 5 },
    }).response;
    await fake.waitFor(() => posts(w.channelId)[0], 15_000);
    for (const user of [HOST, MEMBER]) activityOf(fake).launch(w.channelId, w.guildId, user.id);
    const instance = activityOf(fake).instanceIn(w.channelId)!.instance_id;
    rooms.push({
      channelId: w.channelId,
      host: await connect(HOST.id, instance),
      member: await connect(MEMBER.id, instance),
    });
  }
  for (const r of rooms) {
    await fake.waitFor(() => r.host.views.length > 0 && r.member.views.length > 0, 5000);
    expect(r.host.views.at(-1)!.canControl).toBe(true);
    expect(r.member.views.at(-1)!.canControl).toBe(false);
    expect(r.host.views.at(-1)!.session).not.toBeNull();
  }
  // The next post in each guild reaches its viewers within a second.
  for (const r of rooms) {
    const count = posts(r.channelId).length;
    const post = await fake.waitFor(() => posts(r.channelId)[count], 20_000);
    const at = Date.now();
    await fake.waitFor(() => r.member.views.at(-1)?.title === embedOf(post).title, 1000);
    expect(Date.now() - at).toBeLessThan(1000);
  }
  // The host of the other guild's class pauses it through the manager; the member can't.
  const other = rooms[1]!;
  other.member.ws.send(JSON.stringify({ t: 'act', action: 'pause' }));
  await fake.waitFor(() => other.member.results[0], 3000);
  expect(other.member.results[0]).toMatchObject({ ok: false });
  other.host.ws.send(JSON.stringify({ t: 'act', action: 'pause' }));
  await fake.waitFor(() => other.host.results[0], 3000);
  expect(other.host.results[0]).toMatchObject({ ok: true });
  await fake.waitFor(() => other.member.views.at(-1)?.paused, 1000);
  expect(rooms[0]!.member.views.at(-1)!.paused).toBe(false);
  expect(logs.some((l) => l.event === 'activity.listening')).toBe(true);
  for (const r of rooms) for (const l of [r.host, r.member]) l.ws.close();
});
