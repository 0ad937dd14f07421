// npm run bench [-- --quick | --overload]: the real bot process against the fake Discord at real
// speed. See docs/operating.md "Reliability and scale" for what is measured.
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { loadCatalog } from '../src/domain/load-catalog.ts';
import { buildTimeline } from '../src/domain/timeline.ts';
import { startFakeDiscord } from '../stand-in/discord/fake.ts';
import { HOST, TEXT_CHANNEL_ID } from '../stand-in/discord/fixtures.ts';
import { botEnv, spawnBot, type LogLine } from '../test/helpers/bot-process.ts';
import { PostCollector } from './collect.ts';
import { StartPlanner, countedOffsets, uniformInterval } from './plan.ts';
import { printReport, type LoadResult } from './report.ts';
import { benchStores } from './store-bench.ts';
import { gcStats, percentile } from './stats.ts';

// --fast [--burst] [--machines 2]: on time near the limit, at YIN_SPEED=10 (bench/fast.ts).
if (process.argv.includes('--fast')) {
  await import('./fast.ts');
}

// --simulate: the pacer alone on the manual clock, under the --fast bench's load (bench/simulate.ts).
if (process.argv.includes('--simulate')) {
  await import('./simulate.ts');
}

// --heap [--classes N]: heap per running class and a heap snapshot of 1,000 classes (bench/heap.ts).
if (process.argv.includes('--heap')) {
  await import('./heap.ts');
}

// --requests: every request of one session, by kind (a minute; no load).
if (process.argv.includes('--requests')) {
  const { countSessionRequests, formatRequests } = await import('./requests.ts');
  console.log(formatRequests(await countSessionRequests()));
  process.exit(0);
}

// Pose hold is minutes; ramp and hold are seconds; `rate` is the planned requests/s (global
// limit: 50).
//
// steady (the default, the ceiling): 3-minute holds, one start every 16 ÷ 45 s (the back class
// makes 16 requests counted against the global limit: 15 posts and the discoveries thread; its
// opening is the edited answer to /yin start, which Discord doesn't count) for a whole session
// length, so that by the time the first sessions close every offset of the timeline has sessions
// behind it and the plan is 45 requests/s; then 5 minutes at that steady state, starts continuing
// as sessions close. ~7,800 sessions.
// quick / overload: 3-minute holds, sessions started as fast as the plan allows (greedy) for 150 s
// (the first pose falls due 150 s after the opening, so by then every second has requests behind it);
// requests after the run's end are not planned (no session reaches its closing).
const MODES = {
  steady: { poseHold: 3, rampSec: 0, holdSec: 300, rate: 45, uniform: true, storeSec: 5 },
  quick: { poseHold: 3, rampSec: 150, holdSec: 60, rate: 45, uniform: false, storeSec: 2 },
  overload: { poseHold: 3, rampSec: 150, holdSec: 240, rate: 60, uniform: false, storeSec: 0 },
} as const;
type Mode = keyof typeof MODES;

const mode: Mode = (['quick', 'overload', 'steady'] as const).find((k) => process.argv.includes(`--${k}`)) ?? 'steady';
const catalog = loadCatalog(join(import.meta.dirname, '..', 'data'));
const timeline = buildTimeline(catalog, catalog.sequences.get('back')!, MODES[mode].poseHold, 1);
const offsets = timeline.steps.map((s) => s.offsetMs);
// The plan counts what the global limit counts: every post but the opening (the answer to the
// command), and the discoveries thread each closing opens just after it, through the same pacer.
const requestOffsets = countedOffsets(offsets);
const interval = uniformInterval(requestOffsets.length, MODES[mode].rate);
// The steady ramp is one session length: then every offset is covered.
const sessionSec = Math.ceil(requestOffsets.at(-1)! / 1000) + 2;
// BENCH_RAMP_SEC / BENCH_HOLD_SEC shorten a run (a smoke test of the bench itself).
const m = {
  ...MODES[mode],
  rampSec: Number(process.env.BENCH_RAMP_SEC ?? (MODES[mode].uniform ? sessionSec : MODES[mode].rampSec)),
  holdSec: Number(process.env.BENCH_HOLD_SEC ?? MODES[mode].holdSec),
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// A channel per session: uniform starts run through the hold too.
const channels = m.uniform
  ? Math.ceil(((m.rampSec + m.holdSec) * 1000) / interval) + 10
  : Math.ceil(m.rate * m.poseHold * 60 * 1.15);

console.log(
  `yin bench — mode ${mode}: ${channels} channels, back sequence with ${m.poseHold}-min holds, ramp ${m.rampSec} s, then hold ${m.holdSec} s at a planned ${m.rate} requests/s${m.uniform ? ` (a start every ${Math.round(interval)} ms)` : ''}`,
);
console.log(
  `machine: ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; expected length ≈ ${Math.ceil((m.rampSec + m.holdSec + m.storeSec * 2 + 30 + (mode === 'overload' ? 120 : 0)) / 60)} min`,
);

const fake = await startFakeDiscord({ textChannels: channels });
const collector = new PostCollector(fake, offsets);
const stats: (LogLine & { at: number })[] = [];
let restRateLimited = 0;
let postFailures = 0;
const bot = spawnBot(botEnv(fake, { YIN_STATS_MS: '1000', YIN_LOG_LEVEL: 'info' }), {
  nodeArgs: ['--expose-gc'],
  ipc: true,
  keepLines: false,
});
bot.onLine((l) => {
  if (l.event === 'session.start') collector.started(String(l.session), Number(l.startedAt));
  else if (l.event === 'process.stats') stats.push({ ...l, at: Date.now() });
  else if (l.event === 'rest.rate_limited') restRateLimited += 1;
  else if (l.event === 'session.post_failed') postFailures += 1;
});

try {
  await bot.waitForLine((l) => l.event === 'gateway.ready', 60_000);
  await sleep(2000);
  const baseline = await gcStats(bot);

  const t0 = Date.now();
  const rampEnd = t0 + m.rampSec * 1000;
  const holdEnd = rampEnd + m.holdSec * 1000;
  const planner = new StartPlanner(requestOffsets, m.rate, m.uniform ? Number.POSITIVE_INFINITY : holdEnd + 20_000);
  let next = 0;
  let ackFrom = 0;
  let lastProbe = 0;
  const drainer = setInterval(() => collector.drain(), 1000);
  // Whether the next session starts now: on the uniform plan's beat, or when the greedy plan has room.
  const admit = (now: number): boolean => {
    if (!m.uniform) return planner.tryAdmit(now + 30);
    if (now < t0 + next * interval) return false;
    planner.admit(now + 30);
    return true;
  };
  // Start sessions as users would (INTERACTION_CREATE), one per 20 ms tick at most, when admitted:
  // the planned rate climbs to `rate` and stays there.
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
      if (channelId && admit(now)) {
        next += 1;
        fake.slash({
          user: HOST,
          channelId,
          name: 'yin',
          subcommand: 'start',
          options: { sequence: 'back', hold: m.poseHold },
        });
      }
      if (now % 10_000 < 20)
        process.stdout.write(
          `  t+${Math.round((now - t0) / 1000)} s: ${next} sessions started, ${collector.accepted} posts, ${fake.stats.rateLimited} 429s\n`,
        );
    }, 20);
  });
  const ackLatencies = fake.ackLatencies.slice(ackFrom);
  collector.drain();
  const holdStats = stats.filter((s) => s.at >= rampEnd && s.at < holdEnd);
  const holdEnded = await gcStats(bot);
  const inHold = collector.lateness.filter((p) => p.at >= rampEnd && p.at < holdEnd).map((p) => p.ms);

  // After the hold: no new starts; give queued posts a moment (under overload there is always a
  // backlog: it is reported as pending, and lost counts only steps passed over without a word).
  const drainUntil = Date.now() + 20_000;
  while (Date.now() < drainUntil && Number(stats.at(-1)?.waiting ?? 0) > 0) await sleep(500);
  await sleep(2000);
  collector.drain();
  const after = await gcStats(bot);
  clearInterval(drainer);

  const sessions = Number(after.sessions);
  const result: LoadResult = {
    mode,
    sessionsStarted: next,
    sessionsActive: sessions,
    plannedRate: planner.plannedBetween(rampEnd, holdEnd) / m.holdSec,
    plannedPeakSecond: planner.peakSecond(rampEnd, holdEnd),
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
    eldWorstWindowP99: percentile(
      holdStats.map((s) => Number(s.eldP99Ms)),
      100,
    ),
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
