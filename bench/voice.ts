// npm run bench:voice [-- --sessions 10,25,50 --seconds 20 --volume quiet]: the voice bench. For
// each count of sessions, runs the bot's Speakers in their own process (bench/voice-bot.ts)
// against the stand-in voice server, twice: playing the pre-rendered level's files (what yin
// does) and playing the normal files with @discordjs/voice's inline volume (decode, scale,
// re-encode every 20 ms packet). Prints the bot process's CPU per voice session.
import { spawn } from 'node:child_process';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { startFakeVoice } from '../stand-in/voice/server.ts';
import { selfSignedCert } from '../stand-in/voice/tls.ts';

const arg = (name: string, dflt: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? (process.argv[i + 1] ?? dflt) : dflt;
};
const counts = arg('sessions', '10,25,50').split(',').map(Number);
const seconds = arg('seconds', '20');
const volume = arg('volume', 'quiet');

interface Run {
  sessions: number;
  ready: number;
  mode: 'files' | 'inline';
  fallback: boolean;
  clips: number;
  wallMs: number;
  userMs: number;
  systemMs: number;
}

async function run(sessions: number, mode: 'files' | 'inline'): Promise<Run & { framesPerSec: number }> {
  const tls = selfSignedCert();
  const voice = await startFakeVoice({ ...tls, heartbeatIntervalMs: 5_000 });
  try {
    const child = spawn(
      process.execPath,
      [
        join(import.meta.dirname, 'voice-bot.ts'),
        '--sessions',
        String(sessions),
        '--seconds',
        seconds,
        '--mode',
        mode,
        '--volume',
        volume,
        '--endpoint',
        voice.endpoint,
      ],
      { env: { ...process.env, BENCH_CA: tls.cert }, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    const code = await new Promise<number | null>((r) => child.on('exit', r));
    if (code !== 0) throw new Error(`voice-bot exited ${code}: ${out}`);
    const line = out.split('\n').find((l) => l.startsWith('RESULT '));
    if (!line) throw new Error(`voice-bot printed no result: ${out.slice(-2000)}`);
    const result = JSON.parse(line.slice('RESULT '.length)) as Run;
    const warnings = new Map<string, number>();
    for (const l of out.split('\n').filter((x) => x.includes('"level":40'))) {
      const w = JSON.parse(l) as { event?: string; err?: string };
      const what = `${w.event}${w.err ? `: ${w.err}` : ''}`;
      warnings.set(what, (warnings.get(what) ?? 0) + 1);
    }
    for (const [what, count] of warnings) console.error(`  (${sessions}, ${mode}: ${count}× ${what})`);
    const audible = voice.frames.length;
    return { ...result, framesPerSec: audible / ((result.wallMs + 2_000) / 1000) };
  } finally {
    await voice.stop();
  }
}

console.log(
  `yin voice bench — ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), Node ${process.version}; ${seconds} s measured per run, the back class's cues at ${volume} volume, looped`,
);
console.log('sessions | volume by          | ready | CPU ms/s (all) | CPU per session (% of a core) | packets/s heard');
let fellBack = false;
for (const n of counts) {
  for (const mode of ['files', 'inline'] as const) {
    const r = await run(n, mode);
    fellBack ||= r.fallback;
    const cpuPerSec = (r.userMs + r.systemMs) / (r.wallMs / 1000);
    const perSession = cpuPerSec / n / 10; // ms of CPU per s → % of one core
    console.log(
      `${String(n).padStart(8)} | ${(mode === 'files' ? `pre-rendered file${r.fallback ? '*' : ''}` : 'inline volume').padEnd(18)} | ${String(r.ready).padStart(5)} | ${cpuPerSec.toFixed(0).padStart(14)} | ${perSession.toFixed(2).padStart(29)} | ${r.framesPerSec.toFixed(0).padStart(15)}`,
    );
  }
}
if (fellBack)
  console.log('* no level files yet (npm run audio): the normal files, sent as they are (the same CPU per packet)');
