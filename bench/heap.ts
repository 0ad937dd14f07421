// npm run bench -- --heap [--classes N]: where a running class's memory goes. The real bot
// process at YIN_SPEED=10 against the stand-in; N back classes (default 1,000) started 25 a
// second, each in its own channel; when all run: heap after GC against the heap before, and a heap
// snapshot (written under the system's temp dir) summed by what the objects are.
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeDiscord } from '../stand-in/discord/fake.ts';
import { HOST } from '../stand-in/discord/fixtures.ts';
import { botEnv, spawnBot } from '../test/helpers/bot-process.ts';
import { fmt, gcStats } from './stats.ts';

const arg = process.argv.indexOf('--classes');
const classes = arg >= 0 ? Number(process.argv[arg + 1]) : 1000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

console.log(
  `yin bench --heap: ${classes} back classes at YIN_SPEED=10, started 25 a second (≈ ${Math.ceil(classes / 25 / 60) + 1} min)`,
);
const fake = await startFakeDiscord({ textChannels: classes, messageRateLimit: { limit: 1000, windowMs: 1000 } });
const bot = spawnBot(botEnv(fake, { YIN_SPEED: '10', YIN_STATS_MS: '60000', YIN_LOG_LEVEL: 'info' }), {
  nodeArgs: ['--expose-gc'],
  ipc: true,
  keepLines: false,
});
let started = 0;
bot.onLine((l) => {
  if (l.event === 'session.start') started += 1;
});

try {
  await bot.waitForLine((l) => l.event === 'gateway.ready', 60_000);
  await sleep(2000);
  const before = await gcStats(bot, 60_000);
  for (const channelId of fake.textChannelIds) {
    fake.slash({ user: HOST, channelId, name: 'yin', subcommand: 'start', options: { sequence: 'back', hold: 3 } });
    await sleep(40);
  }
  while (started < classes) await sleep(200);
  await sleep(3000);
  const after = await gcStats(bot, 60_000);
  const running = Number(after.sessions);
  const perClass = (Number(after.heapUsed) - Number(before.heapUsed)) / running / 1024;
  const path = join(tmpdir(), `yin-${classes}-classes.heapsnapshot`);
  const written = bot.waitForLine((l) => l.event === 'process.snapshot', 300_000);
  bot.child.send({ stats: 'snapshot', path });
  await written;
  console.log(
    `\n${running} classes running: heap ${fmt(Number(before.heapUsed) / 2 ** 20, 1)} → ${fmt(Number(after.heapUsed) / 2 ** 20, 1)} MiB after GC, ${fmt(perClass, 1)} KiB a class (target ≤ 64 KiB) ${perClass <= 64 ? '✓' : '✗'}`,
  );
  console.log(
    `heap snapshot: ${path}\n\nThe whole heap by what the objects are (self size; the bot's own code and caches included, so total ÷ ${running} is an upper bound, not a class's cost):`,
  );
  for (const row of summarise(path).slice(0, 25))
    console.log(
      `  ${fmt(row.bytes / 1024, 0).padStart(8)} KiB  ${fmt(row.bytes / running / 1024, 2).padStart(6)} KiB/class  ${String(row.count).padStart(8)} × ${row.what}`,
    );
} catch (err) {
  console.error('bench failed:', err);
  process.exitCode = 1;
} finally {
  bot.child.kill('SIGKILL');
  await fake.stop().catch(() => {});
}
process.exit(process.exitCode ?? 0);

/** Sums a heap snapshot's nodes by type and name (constructor, or "(string)", "(array)" …). */
function summarise(path: string): { what: string; bytes: number; count: number }[] {
  const snap = JSON.parse(readFileSync(path, 'utf8')) as {
    snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
    nodes: number[];
    strings: string[];
  };
  const fields = snap.snapshot.meta.node_fields;
  const types = snap.snapshot.meta.node_types[0];
  const [ti, ni, si] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f)) as [number, number, number];
  const sums = new Map<string, { bytes: number; count: number }>();
  for (let i = 0; i < snap.nodes.length; i += fields.length) {
    const type = types[snap.nodes[i + ti] as number] ?? '?';
    const name = type === 'object' || type === 'closure' ? (snap.strings[snap.nodes[i + ni] as number] ?? '?') : '';
    const what = name ? `${name} (${type})` : `(${type})`;
    const s = sums.get(what) ?? { bytes: 0, count: 0 };
    s.bytes += snap.nodes[i + si] as number;
    s.count += 1;
    sums.set(what, s);
  }
  return [...sums].map(([what, s]) => ({ what, ...s })).sort((a, b) => b.bytes - a.bytes);
}
