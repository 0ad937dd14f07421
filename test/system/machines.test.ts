// Two machines of one bot: two `npm start` managers with disjoint shard ranges (YIN_SHARD_COUNT=2,
// YIN_SHARD_IDS=0 and =1), one Redis, the stand-in Discord counting the token's requests across
// both. 80 % of the sessions are on the first machine's guild.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { startFakeDiscord, type FakeDiscord } from '../../stand-in/discord/fake.ts';
import { GUILD_ID, HOST, OTHER_GUILD_ID } from '../../stand-in/discord/fixtures.ts';
import {
  BACK_CLOSING,
  botEnv,
  expectEveryStepOnceOrCaughtUp,
  type LogLine,
  spawnBot,
  stepOf,
} from '../helpers/bot-process.ts';
import { needsRedis, startRedis, type TestRedis } from '../helpers/redis.ts';

const SPEED = 120;
const BUSY = 40;
const QUIET = 10;
/** The token's budget (requests in any second), and each machine's fixed share of it (one shard each of two). */
const BUDGET = 47;
const SHARE = Math.floor(BUDGET / 2);

let fake: FakeDiscord;
// Its own redis-server, not the run's shared one: the second test stops it for 15 s.
let redis: TestRedis | undefined;
const machines: { child: ChildProcess; logs: LogLine[] }[] = [];

function machine(ids: string): { child: ChildProcess; logs: LogLine[] } {
  const bot = spawnBot(
    botEnv(fake, {
      YIN_STORE_URL: redis!.url,
      YIN_SPEED: String(SPEED),
      YIN_SHARD_COUNT: '2',
      YIN_SHARD_IDS: ids,
      YIN_SHARD_LEASE_MS: '3000',
    }),
    { detached: true }, // its own process group: kill -9 takes the manager and its shard together
  );
  const m = { child: bot.child, logs: bot.lines };
  machines.push(m);
  return m;
}

const killGroup = (m: { child: ChildProcess }) => {
  try {
    process.kill(-m.child.pid!, 'SIGKILL');
  } catch {}
};

beforeAll(async () => {
  redis = await startRedis();
});
beforeEach(async () => {
  if (!redis) return;
  fake = await startFakeDiscord({
    shards: 2,
    // Per channel: wide open, so only the global limit (50 a second) can refuse anything.
    messageRateLimit: { limit: 1000, windowMs: 1000 },
    textChannels: BUSY,
    otherTextChannels: QUIET,
  });
});
afterEach(async () => {
  for (const m of machines.splice(0)) killGroup(m);
  await fake?.stop();
  // Sessions and leases of the killed machines would outlive them: each test starts clean.
  if (redis) spawnSync('redis-cli', ['-u', redis.url, 'FLUSHALL'], { stdio: 'ignore' });
});
afterAll(async () => {
  await redis?.stop();
});

/** Both machines up: every shard has identified and had a moment to resume. */
async function bothMachines(): Promise<void> {
  machine('0');
  machine('1');
  await fake.waitFor(() => fake.identifies.length >= 2, 30_000);
  await new Promise((r) => setTimeout(r, 1000));
}

const sessionPosts = () =>
  fake.requests.filter((r) => r.method === 'POST' && r.route === '/channels/:id/messages' && r.status === 200);
const postsIn = (ids: readonly string[]) => {
  const set = new Set(ids);
  return fake.requests.filter(
    (r) => r.method === 'POST' && r.route === '/channels/:id/messages' && set.has(r.path.split('/')[2] ?? ''),
  );
};
/** Every request Discord counts against the token's global limit (interaction answers aren't). */
const counted = () =>
  fake.requests.filter((r) => !r.route.startsWith('/interactions/') && !r.route.startsWith('/webhooks/'));
const busiestSecond = (at: number[]) => Math.max(0, ...at.map((t) => at.filter((u) => u >= t && u < t + 1000).length));

/**
 * Starts a session in each channel, a few each second: sped up, sessions start on whole seconds,
 * so 50 started at once would all fall due together, a burst no real class makes.
 */
async function startAll(channels: readonly string[], guildId: string): Promise<void> {
  for (const channelId of channels) {
    await fake.slash({
      user: HOST,
      channelId,
      guildId,
      name: 'yin',
      subcommand: 'start',
      options: { sequence: 'back' },
    }).response;
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Per channel: the steps posted, in order (a step twice would show twice). */
const stepsBy = (channels: readonly string[]) => channels.map((c) => fake.messages(c).map(stepOf));

describe('two machines, one token', needsRedis, () => {
  test('GIVEN 80 % of the sessions on one machine THEN together they stay under the budget with no 429, and the busy one posts past its fixed share, on time', async () => {
    await bothMachines();
    const began = Date.now();
    await Promise.all([startAll(fake.textChannelIds, GUILD_ID), startAll(fake.otherTextChannelIds, OTHER_GUILD_ID)]);
    const all = [...fake.textChannelIds, ...fake.otherTextChannelIds];
    await fake.waitFor(() => stepsBy(all).every((s) => s.at(-1) === BACK_CLOSING), 120_000);

    // Never more than the budget and its small burst in any second, for the whole token.
    const at = counted()
      .filter((r) => r.at >= began)
      .map((r) => r.at);
    expect(busiestSecond(at)).toBeLessThanOrEqual(50);
    expect(fake.stats.rateLimited).toBe(0);
    expect(fake.stats.globalRateLimited).toBe(0);
    // The busy machine's guild: 40 sessions of 16 posts in ~25 s needs ~28 a second, more than
    // its fixed 23: it had the quiet machine's leftovers, every step once, none caught up.
    const busy = postsIn(fake.textChannelIds).map((r) => r.at);
    console.log('busiest second: both machines', busiestSecond(at), '· the busy one', busiestSecond(busy));
    // A fixed-share pacer lets at most its share through in any second (send-window.ts); the busy one did more.
    expect(busiestSecond(busy)).toBeGreaterThan(SHARE + 2);
    const whole = [...Array(BACK_CLOSING + 1).keys()];
    const short = stepsBy(fake.textChannelIds).filter((steps) => steps.join() !== whole.join());
    console.log('busy sessions that caught up:', short.length, short.slice(0, 3));
    expect(short).toEqual([]);
    // Every step a post, but the openings: each the edited answer to its /yin start.
    expect(sessionPosts().length).toBeGreaterThanOrEqual((BUSY + QUIET) * BACK_CLOSING);
    const openings = fake.requests.filter((r) => r.method === 'PATCH' && r.route.endsWith('/messages/@original'));
    expect(openings.filter((r) => r.status === 200)).toHaveLength(BUSY + QUIET);
    expect(fake.invalid).toEqual([]);
  }, 180_000);

  test('GIVEN Redis stopped for 15 s THEN both machines carry on at their fixed shares, say so once, and nothing is lost or doubled', async () => {
    await bothMachines();
    const all = [...fake.textChannelIds, ...fake.otherTextChannelIds];
    await Promise.all([startAll(fake.textChannelIds, GUILD_ID), startAll(fake.otherTextChannelIds, OTHER_GUILD_ID)]);
    await new Promise((r) => setTimeout(r, 2000));
    const port = new URL(redis!.url).port;
    await redis!.stop();
    const down = Date.now();
    await new Promise((r) => setTimeout(r, 15_000));
    const back = spawn('redis-server', ['--port', port, '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: 'ignore',
    });
    redis = { url: redis!.url, stop: async () => void back.kill('SIGKILL') };
    await fake.waitFor(() => stepsBy(all).every((st) => st.at(-1) === BACK_CLOSING), 120_000);

    for (const c of all) expectEveryStepOnceOrCaughtUp(fake.messages(c));
    const during = counted()
      .filter((r) => r.at >= down && r.at < down + 15_000)
      .map((r) => r.at);
    expect(busiestSecond(during)).toBeLessThanOrEqual(2 * Math.ceil(SHARE) + 2);
    expect(fake.stats.globalRateLimited).toBe(0);
    // Each machine said once that it fell back; the busy one, still posting when Redis came
    // back, said it shares again (the quiet one's sessions may have ended by then).
    for (const m of machines) expect(m.logs.filter((l) => l.event === 'budget.fallback')).toHaveLength(1);
    expect(machines[0]?.logs.some((l) => l.event === 'budget.shared')).toBe(true);
  }, 180_000);

  test('GIVEN one machine killed -9 and started again THEN its sessions resume with one catch-up post each, and the other machine never notices', async () => {
    await bothMachines();
    const [first] = machines;
    await Promise.all([startAll(fake.textChannelIds, GUILD_ID), startAll(fake.otherTextChannelIds, OTHER_GUILD_ID)]);
    await new Promise((r) => setTimeout(r, 4000));
    killGroup(first!);
    await new Promise((r) => setTimeout(r, 3000));
    const again = machine('0'); // waits for the dead lease (3 s) to run out, then resumes
    await fake.waitFor(
      () => stepsBy([...fake.textChannelIds, ...fake.otherTextChannelIds]).every((st) => st.at(-1) === BACK_CLOSING),
      120_000,
    );
    for (const c of fake.textChannelIds) expectEveryStepOnceOrCaughtUp(fake.messages(c));
    // The other machine's sessions: every step, once, on time.
    for (const steps of stepsBy(fake.otherTextChannelIds)) expect(steps).toEqual([...Array(BACK_CLOSING + 1).keys()]);
    expect(again.logs.some((l) => l.event === 'session.resume')).toBe(true);
  }, 180_000);
});
