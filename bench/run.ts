// npm run bench [-- --quick | --overload]: the real bot process against the fake Discord at real
// speed. See bench/README or the project README "Reliability and scale" for what is measured.
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { loadCatalog } from '../src/domain/load-catalog.ts';
import { buildTimeline } from '../src/domain/timeline.ts';
import { startFakeDiscord } from '../src/fake-discord/fake.ts';
import { HOST, TEXT_CHANNEL_ID } from '../src/fake-discord/fixtures.ts';
import { botEnv, spawnBot, type LogLine } from '../test/helpers/bot-process.ts';
import { PostCollector } from './collect.ts';
import { StartPlanner } from './plan.ts';
import { printReport, type LoadResult } from './report.ts';
import { benchStores } from './store-bench.ts';
import { percentile } from './stats.ts';

// Pose hold is minutes; ramp and hold are seconds; `rate` is the planned posts/s (global limit:
// 50); `startsPerSec` caps the start rate (0: as fast as the plan allows).
//
// With 3-minute holds and a 1-minute settle, a session posts at its start, 60 s later, then
// every 180 s. Starting sessions as fast as the plan allows (full) fills two of the three 60-s
// phases of each 3-minute cycle and then blocks (a start needs its own slot and the slot 60 s on
// both free): ~5,400 sessions, the plan at about 2/3 of 45/s. Reaching the steady state of
// ~6,900 sessions at 45/s takes starts spread over most of a session's length (--steady, 30 min).
const MODES = {
  full: { poseHold: 3, rampSec: 360, holdSec: 300, rate: 45, startsPerSec: 0, storeSec: 5 },
  steady: { poseHold: 3, rampSec: 1500, holdSec: 300, rate: 45, startsPerSec: 4.5, storeSec: 5 },
  quick: { poseHold: 1, rampSec: 90, holdSec: 60, rate: 45, startsPerSec: 0, storeSec: 2 },
  overload: { poseHold: 1, rampSec: 90, holdSec: 240, rate: 60, startsPerSec: 0, storeSec: 0 },
} as const;
type Mode = keyof typeof MODES;

const mode: Mode = (['quick', 'overload', 'steady'] as const).find((k) => process.argv.includes(`--${k}`)) ?? 'full';
// BENCH_RAMP_SEC / BENCH_HOLD_SEC shorten a run (a smoke test of the bench itself).
const m = { ...MODES[mode], rampSec: Number(process.env.BENCH_RAMP_SEC ?? MODES[mode].rampSec), holdSec: Number(process.env.BENCH_HOLD_SEC ?? MODES[mode].holdSec) };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const catalog = loadCatalog(join(import.meta.dirname, '..', 'data'));
const timeline = buildTimeline(catalog, catalog.sequences.get('back')!, m.poseHold, 1);
const offsets = timeline.steps.map((s) => s.offsetMs);
// Enough channels for a session in each at the planned rate (a session posts about once a hold).
const channels = m.startsPerSec ? Math.ceil(m.startsPerSec * m.rampSec * 1.05) : Math.ceil(m.rate * m.poseHold * 60 * 1.15);

console.log(`yin bench — mode ${mode}: ${channels} channels, back sequence with ${m.poseHold}-min holds, ramp ${m.rampSec} s, then hold ${m.holdSec} s at a planned ${m.rate} posts/s`);
console.log(`machine: ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; expected length ≈ ${Math.ceil((m.rampSec + m.holdSec + m.storeSec * 2 + 30 + (mode === 'overload' ? 120 : 0)) / 60)} min`);

const fake = await startFakeDiscord({ textChannels: channels });
const collector = new PostCollector(fake, offsets);
const stats: (LogLine & { at: number })[] = [];
let restRateLimited = 0;
let postFailures = 0;
const bot = spawnBot(botEnv(fake, { YIN_STATS_MS: '1000', YIN_LOG_LEVEL: 'info' }), { nodeArgs: ['--expose-gc'], ipc: true, keepLines: false });
bot.onLine((l) => {
  if (l.event === 'session.start') collector.started(String(l.session), Number(l.startedAt));
  else if (l.event === 'process.stats') stats.push({ ...l, at: Date.now() });
  else if (l.event === 'rest.rate_limited') restRateLimited += 1;
  else if (l.event === 'session.post_failed') postFailures += 1;
});
const gcStats = async (): Promise<LogLine> => {
  const got = bot.waitForLine((l) => l.event === 'process.stats' && l.gc === true, 30_000);
  bot.child.send({ stats: 'gc' });
  return got;
};

try {
  await bot.waitForLine((l) => l.event === 'gateway.ready', 60_000);
  await sleep(2000);
  const baseline = await gcStats();

  // The plan counts requests, not only posts: each closing also opens a discoveries thread and
  // posts an invitation in it, through the same pacer, one after the other just after it.
  const closingAt = offsets.at(-1)!;
  const planner = new StartPlanner([...offsets, closingAt + 100, closingAt + 200], m.rate);
  const t0 = Date.now();
  const rampEnd = t0 + m.rampSec * 1000;
  const holdEnd = rampEnd + m.holdSec * 1000;
  let next = 0;
  let ackFrom = 0;
  let lastProbe = 0;
  const drainer = setInterval(() => collector.drain(), 1000);
  // Start sessions as users would (INTERACTION_CREATE), one per 20 ms tick at most, whenever the
  // plan has room: the planned rate climbs to `rate` and stays there.
  await new Promise<void>((resolve) => {
    const ticker = setInterval(() => {
      const now = Date.now();
      if (now >= rampEnd && !ackFrom) {
        ackFrom = fake.ackLatencies.length;
        bot.child.send({ stats: 'reset' });
      }
      if (now >= holdEnd) {
        clearInterval(ticker);
        return resolve();
      }
      // Under load, members also use other commands: probe the ACK time twice a second.
      if (now >= rampEnd && now - lastProbe >= 500) {
        lastProbe = now;
        fake.slash({ user: HOST, channelId: TEXT_CHANNEL_ID, name: 'yin', subcommand: 'sequences' });
      }
      const channelId = fake.textChannelIds[next];
      const startsDue = m.startsPerSec ? ((now - t0) / 1000) * m.startsPerSec >= next : true;
      if (channelId && startsDue && planner.tryAdmit(now + 30)) {
        next += 1;
        fake.slash({ user: HOST, channelId, name: 'yin', subcommand: 'start', options: { sequence: 'back', hold: m.poseHold } });
      }
      if (now % 10_000 < 20) process.stdout.write(`  t+${Math.round((now - t0) / 1000)} s: ${next} sessions started, ${collector.accepted} posts, ${fake.stats.rateLimited} 429s\n`);
    }, 20);
  });
  const ackLatencies = fake.ackLatencies.slice(ackFrom);
  collector.drain();
  const holdStats = stats.filter((s) => s.at >= rampEnd && s.at < holdEnd);
  const holdEnded = await gcStats();
  const inHold = collector.lateness.filter((p) => p.at >= rampEnd && p.at < holdEnd).map((p) => p.ms);

  // After the hold: no new starts; give queued posts a moment (under overload there is always a
  // backlog: it is reported as pending, and lost counts only steps passed over without a word).
  const drainUntil = Date.now() + 20_000;
  while (Date.now() < drainUntil && Number(stats.at(-1)?.waiting ?? 0) > 0) await sleep(500);
  await sleep(2000);
  collector.drain();
  const after = await gcStats();
  clearInterval(drainer);

  const sessions = Number(after.sessions);
  const result: LoadResult = {
    mode,
    sessionsStarted: next,
    sessionsActive: sessions,
    plannedRate: planner.plannedBetween(rampEnd, holdEnd) / m.holdSec,
    postsAccepted: collector.accepted,
    postsInHold: inHold.length,
    lateAll: collector.lateness.map((p) => p.ms),
    lateHold: inHold,
    rateLimited: fake.stats.rateLimited,
    globalRateLimited: fake.stats.globalRateLimited,
    invalidRequests: fake.stats.invalidRequests,
    restRateLimited,
    postFailures,
    duplicates: collector.duplicates,
    catchUps: collector.catchUps,
    lost: collector.lost(),
    pending: collector.pending(Date.now(), 5000),
    ackP50: percentile(ackLatencies, 50),
    ackP99: percentile(ackLatencies, 99),
    acks: ackLatencies.length,
    heapPerSessionKb: sessions ? (Number(after.heapUsed) - Number(baseline.heapUsed)) / sessions / 1024 : Number.NaN,
    heapMb: Number(after.heapUsed) / 2 ** 20,
    rssMb: Number(after.rss) / 2 ** 20,
    eldP99: Number(holdEnded.eldSinceP99Ms),
    eldMax: Number(holdEnded.eldSinceMaxMs),
    eldWorstWindowP99: percentile(holdStats.map((s) => Number(s.eldP99Ms)), 100),
    heapBaselineMb: Number(baseline.heapUsed) / 2 ** 20,
    cpuPct: holdStats.reduce((a, s) => a + Number(s.cpuPct), 0) / Math.max(1, holdStats.length),
    worstSessionLateMs: [...collector.sessions.values()].map((s) => s.worstLateMs),
  };
  bot.child.kill('SIGKILL');
  await bot.exited;
  await fake.stop();
  const stores = m.storeSec ? await benchStores(m.storeSec) : [];
  printReport(result, stores);
} catch (err) {
  bot.child.kill('SIGKILL');
  console.error('bench failed:', err);
  process.exitCode = 1;
} finally {
  await fake.stop().catch(() => {});
}
process.exit(process.exitCode ?? 0);
