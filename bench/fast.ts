// npm run bench -- --fast [--burst] [--machines 2]: on time near the limit (issue 30), sped up.
//
// The real bot process (or two machines: two `npm start` managers, one shard each of two, sharing
// the budget through Redis) against the stand-in Discord at YIN_SPEED=10, back classes with
// 3-minute holds (18 s sped up; the class lasts 5 minutes 8 s). Starts go at 95 % of yin's 45
// a second: 18 counted requests a class (17 posts and the discoveries thread; the opening is the
// edited /yin start answer, which Discord doesn't count), so one start every 421 ms.
// - steady (default): a start every 421 ms for one class length (the ramp: then every phase of
//   the class runs at once, as on a busy bot), and on through the measuring window (the hold).
// - --burst: the same rate, but 12 starts at once every 5 s (starts on whole seconds, in
//   clumps): posts fall due in bursts over the window's limit, which must still hold (0 × 429).
// Lateness is each post's arrival at the stand-in minus its planned time (the class's start plus
// the step's offset); negative is early.
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { loadCatalog } from '../src/domain/load-catalog.ts';
import { buildTimeline } from '../src/domain/timeline.ts';
import { LEAD_MS } from '../src/sessions/send-window.ts';
import { startFakeDiscord } from '../stand-in/discord/fake.ts';
import { GUILD_ID, HOST, OTHER_GUILD_ID } from '../stand-in/discord/fixtures.ts';
import { botEnv, spawnBot, type BotProcess, type LogLine } from '../test/helpers/bot-process.ts';
import { startRedis } from '../test/helpers/redis.ts';
import { PostCollector } from './collect.ts';
import { countedOffsets, StartPlanner, uniformInterval } from './plan.ts';
import { fmt, gcStats, percentile } from './stats.ts';

const SPEED = 10;
const BUDGET = 45;
const RATE = 0.95 * BUDGET;
const burst = process.argv.includes('--burst');
const machines = process.argv.includes('--machines') ? Number(process.argv[process.argv.indexOf('--machines') + 1]) : 1;
/** Starts at once in burst mode (every BURST × the steady interval). */
const BURST = 12;
/** Of the sessions, the share on the first machine (two machines). */
const BUSY_SHARE = 0.75;

const catalog = loadCatalog(join(import.meta.dirname, '..', 'data'));
const offsets = buildTimeline(catalog, catalog.sequences.get('back')!, 3, SPEED).steps.map((s) => s.offsetMs);
const requestOffsets = countedOffsets(offsets);
const interval = uniformInterval(requestOffsets.length, RATE);
const classSec = Math.ceil(requestOffsets.at(-1)! / 1000) + 2;
const rampSec = Number(process.env.BENCH_RAMP_SEC ?? classSec);
const holdSec = Number(process.env.BENCH_HOLD_SEC ?? 150);
const starts = Math.ceil(((rampSec + holdSec) * 1000) / interval) + BURST;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
const loadBefore = load();

console.log(
  `yin bench --fast${burst ? ' --burst' : ''}${machines > 1 ? ` --machines ${machines}` : ''}: YIN_SPEED=${SPEED}, back with 3-min holds (${classSec} s a class), ${requestOffsets.length} counted requests a class, starts at ${RATE} requests/s (95 % of ${BUDGET}): ${burst ? `${BURST} at once every ${Math.round(BURST * interval)} ms` : `one every ${Math.round(interval)} ms`}; ramp ${rampSec} s, then hold ${holdSec} s`,
);
console.log(
  `machine: ${cpus().length} cores, load average ${loadBefore} (1/5/15 min); expected length ≈ ${Math.ceil((rampSec + holdSec + 60) / 60)} min`,
);

const busyChannels = machines > 1 ? Math.ceil(starts * BUSY_SHARE) + 1 : starts;
const fake = await startFakeDiscord({
  textChannels: busyChannels,
  ...(machines > 1 ? { shards: 2, otherTextChannels: starts - busyChannels + 2 } : {}),
});
const collector = new PostCollector(fake, offsets);
const redis = machines > 1 ? await startRedis() : undefined;
if (machines > 1 && !redis) throw new Error('--machines 2 needs redis-server on PATH');

const bots: BotProcess[] = [];
const stats: (LogLine & { at: number })[] = [];
/** Where each step's time went, from the bot's `session.step` line (read for the latest posts). */
const stepLines = new Map<string, string>();
let restRateLimited = 0;
let postFailures = 0;
let ready = 0;
const watch = (bot: BotProcess, machine = 0) =>
  bot.onLine((l) => {
    if (l.event === 'session.start') collector.started(String(l.session), Number(l.startedAt));
    else if (l.event === 'session.step' && l.turnMs !== undefined)
      stepLines.set(
        `${l.session}.${l.step}`,
        `machine ${machine}: turn ${l.turnMs} ms, channel ${l.lockMs} ms, answer ${l.postMs} ms`,
      );
    else if (l.event === 'process.stats') stats.push({ ...l, at: Date.now(), machine });
    else if (l.event === 'rest.rate_limited') restRateLimited += 1;
    else if (l.event === 'session.post_failed') postFailures += 1;
    else if (l.event === 'gateway.ready') ready += 1;
  });
if (machines > 1) {
  for (const ids of ['0', '1']) {
    const env = botEnv(fake, {
      YIN_STORE_URL: redis!.url,
      YIN_SPEED: String(SPEED),
      YIN_SHARD_COUNT: '2',
      YIN_SHARD_IDS: ids,
      YIN_LOG_LEVEL: 'info',
      YIN_STATS_MS: '1000',
    });
    const bot = spawnBot(env, { keepLines: false, detached: true });
    bots.push(bot);
    watch(bot, Number(ids));
  }
} else {
  const bot = spawnBot(botEnv(fake, { YIN_SPEED: String(SPEED), YIN_STATS_MS: '1000', YIN_LOG_LEVEL: 'info' }), {
    nodeArgs: ['--expose-gc'],
    ipc: true,
    keepLines: false,
  });
  bots.push(bot);
  watch(bot);
}
const one = machines === 1 ? bots[0] : undefined;
const gcStatsOfOne = async (): Promise<LogLine | undefined> => (one ? gcStats(one) : undefined);
// The stand-in stamps each request's arrival: a stall in this process would read as lateness.
const benchStalls: { at: number; ms: number }[] = [];
let lastTick = performance.now();
const stallWatch = setInterval(() => {
  const now = performance.now();
  if (now - lastTick > 50) benchStalls.push({ at: Date.now(), ms: Math.round(now - lastTick - 10) });
  lastTick = now;
}, 10);
stallWatch.unref();
const stopBots = async () => {
  for (const b of bots) {
    try {
      if (machines > 1) process.kill(-b.child.pid!, 'SIGKILL');
      else b.child.kill('SIGKILL');
    } catch {}
  }
};

try {
  const t = Date.now();
  while (ready < (machines > 1 ? 2 : 1)) {
    if (Date.now() - t > 60_000) throw new Error('the bot did not get ready within 60 s');
    await sleep(200);
  }
  await sleep(2000);
  const baseline = await gcStatsOfOne();

  const t0 = Date.now();
  const rampEnd = t0 + rampSec * 1000;
  const holdEnd = rampEnd + holdSec * 1000;
  collector.routeWindow = [rampEnd, holdEnd];
  const planner = new StartPlanner(requestOffsets, RATE);
  let next = 0;
  const drainer = setInterval(() => collector.drain(), 1000);
  await new Promise<void>((resolve) => {
    const ticker = setInterval(() => {
      const now = Date.now();
      if (now >= holdEnd) {
        clearInterval(ticker);
        return resolve();
      }
      // Steady: one start on each beat. Burst: BURST starts on every BURST-th beat, all at once.
      const beat = burst ? Math.floor(next / BURST) * BURST : next;
      while (now >= t0 + beat * interval && next < beat + (burst ? BURST : 1)) {
        const k = next++;
        const other = machines > 1 && k % 4 === 3;
        const channelId = other
          ? fake.otherTextChannelIds[Math.floor(k / 4)]
          : fake.textChannelIds[machines > 1 ? k - Math.floor((k + 1) / 4) : k];
        if (!channelId) continue;
        // The bot starts a sped-up class on the next whole second: plan it so.
        planner.admit(Math.ceil((now + 30) / 1000) * 1000);
        fake.slash({
          user: HOST,
          channelId,
          guildId: other ? OTHER_GUILD_ID : GUILD_ID,
          name: 'yin',
          subcommand: 'start',
          options: { sequence: 'back', hold: 3 },
        });
      }
      if (now % 10_000 < 10)
        process.stdout.write(
          `  t+${Math.round((now - t0) / 1000)} s: ${next} classes started, ${collector.accepted} posts, ${fake.stats.rateLimited} 429s, load ${load()}\n`,
        );
    }, 10);
  });
  collector.drain();
  const atHoldEnd = await gcStatsOfOne();
  // Give the last posts of the hold a moment to arrive, then read everything.
  await sleep(5000);
  collector.drain();
  clearInterval(drainer);
  const loadAfter = load();

  const holdPosts = collector.lateness.filter((p) => p.at >= rampEnd && p.at < holdEnd);
  const inHold = holdPosts.map((p) => p.ms);
  // Where the worst ones were: the step (0 is the opening, the edited /yin start answer) and when.
  const latest = [...holdPosts]
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 5)
    .map(
      (p) =>
        `${fmt(p.ms)} ms (step ${p.step}, hold +${fmt((p.at - rampEnd) / 1000, 1)} s; ${stepLines.get(`${p.session}.${p.step}`) ?? 'no step line'})`,
    );
  const max = inHold.reduce((a, b) => Math.max(a, b), Number.NEGATIVE_INFINITY);
  const earliest = inHold.reduce((a, b) => Math.min(a, b), Number.POSITIVE_INFINITY);
  const p99 = percentile(inHold, 99);
  const running = Number(atHoldEnd?.sessions ?? Number.NaN);
  const heapKiB =
    atHoldEnd && baseline ? (Number(atHoldEnd.heapUsed) - Number(baseline.heapUsed)) / running / 1024 : NaN;
  const counted = collector.countedAt.sort((a, b) => a - b);
  let busiest = 0;
  for (let i = 0, j = 0; i < counted.length; i++) {
    while ((counted[i] as number) - (counted[j] as number) >= 1000) j++;
    busiest = Math.max(busiest, i - j + 1);
  }
  const rows: [string, string, string, boolean | undefined][] = [
    ['classes started / running at the end of the hold', `${next} / ${fmt(running)}`, '', undefined],
    [
      'planned counted requests/s in the hold (busiest second)',
      `${fmt(planner.plannedBetween(rampEnd, holdEnd) / holdSec, 1)} (${planner.peakSecond(rampEnd, holdEnd)})`,
      `${RATE}`,
      undefined,
    ],
    [
      'counted requests/s Discord saw in the hold (busiest second)',
      `${fmt(counted.length / holdSec, 1)} (${busiest})`,
      '≤ 50',
      busiest <= 50,
    ],
    ['posts accepted (in the hold)', `${collector.accepted} (${inHold.length})`, '', undefined],
    [
      '429s (global) / 429s seen by discord.js',
      `${fake.stats.rateLimited} (${fake.stats.globalRateLimited}) / ${restRateLimited}`,
      '0',
      fake.stats.rateLimited === 0,
    ],
    [
      'posts lost / doubled / catch-ups',
      `${collector.lost()} / ${collector.duplicates} / ${collector.catchUps}`,
      '0 / 0 / 0',
      collector.lost() + collector.duplicates + collector.catchUps === 0,
    ],
    ['post failures retried', String(postFailures), '', undefined],
    ['lateness p50 (hold)', `${fmt(percentile(inHold, 50))} ms`, '', undefined],
    ['lateness p99 (hold)', `${fmt(p99)} ms`, burst ? '' : '≤ 100 ms', burst ? undefined : p99 <= 100],
    ['lateness max (hold)', `${fmt(max)} ms`, burst ? '' : '≤ 500 ms', burst ? undefined : max <= 500],
    [
      'earliest post (hold), against the lead',
      `${fmt(earliest)} ms`,
      `≥ −${LEAD_MS} ms`,
      earliest >= -LEAD_MS - 5, // the stand-in's clock reads arrival; a few ms of the bot's own
    ],
    [
      'heap per running class (after GC, at the end of the hold)',
      machines > 1 ? 'not measured with two machines' : `${fmt(heapKiB, 1)} KiB`,
      '≤ 64 KiB',
      machines > 1 ? undefined : heapKiB <= 64,
    ],
    ['load average before → after (1/5/15 min)', `${loadBefore} → ${loadAfter}`, '', undefined],
  ];
  const w0 = Math.max(...rows.map((r) => r[0].length));
  const w1 = Math.max(...rows.map((r) => r[1].length));
  console.log(
    `\nOn time near the limit (${burst ? 'burst' : 'steady'}, ${machines} machine${machines > 1 ? 's' : ''})`,
  );
  console.log(`| ${'measure'.padEnd(w0)} | ${'measured'.padEnd(w1)} | target | |`);
  console.log(`|${'-'.repeat(w0 + 2)}|${'-'.repeat(w1 + 2)}|--------|---|`);
  for (const [name, value, target, ok] of rows)
    console.log(
      `| ${name.padEnd(w0)} | ${value.padEnd(w1)} | ${target} | ${ok === undefined ? ' ' : ok ? '✓' : '✗'} |`,
    );
  console.log(`\nLatest posts in the hold:\n  ${latest.join('\n  ')}`);
  const inHoldAt = (at: number) => at >= rampEnd && at < holdEnd;
  const stalls = benchStalls
    .filter((s) => inHoldAt(s.at))
    .map((s) => `${s.ms} ms at hold +${fmt((s.at - rampEnd) / 1000, 1)} s`);
  console.log(`Stalls of the bench's own event loop (the stand-in's clock) over 40 ms: ${stalls.join(', ') || 'none'}`);
  for (const m of new Set(stats.map((s) => Number(s.machine ?? 0)))) {
    const lines = stats.filter((s) => Number(s.machine ?? 0) === m && inHoldAt(s.at));
    const worst = lines.reduce((a, b) => (Number(b.eldMaxMs) > Number(a?.eldMaxMs ?? -1) ? b : a), lines[0]);
    if (worst)
      console.log(
        `Machine ${m}: event-loop delay max ${fmt(Number(worst.eldMaxMs))} ms (in the second before hold +${fmt((worst.at - rampEnd) / 1000, 1)} s), CPU ${fmt(lines.reduce((a, b) => a + Number(b.cpuPct), 0) / lines.length)} %`,
      );
  }
  console.log('\nRequests/s by route in the hold:');
  for (const [route, n] of [...collector.routes].sort((a, b) => b[1] - a[1]))
    console.log(`  ${fmt(n / holdSec, 2).padStart(6)}  ${route}`);
} catch (err) {
  console.error('bench failed:', err);
  process.exitCode = 1;
} finally {
  await stopBots();
  await fake.stop().catch(() => {});
  await redis?.stop();
}
process.exit(process.exitCode ?? 0);
