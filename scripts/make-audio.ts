// Renders data/audio: the bells (sox) and every spoken cue (RHVoice, voice slt: VOICE in
// src/voice/cues.ts) as Ogg Opus (opusenc), each at one loudness (LEVELS.normal, measured with
// ffmpeg's EBU R128 meter), and data/audio/manifest.json. Run after editing data/: `npm run audio`
// (`-- --force` redoes all). It installs nothing: a missing tool stops it with the apt-get line.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCatalog } from '../src/domain/load-catalog.ts';
import {
  allCues,
  BELLS,
  fileFor,
  followsSpeech,
  isBell,
  LEVELS,
  LOUDNESS_TOLERANCE_LU,
  MAX_TRUE_PEAK_DB,
  type Manifest,
  type ManifestEntry,
  sentencesToSay,
  staleCues,
  textHash,
  VOICE,
} from '../src/voice/cues.ts';
import { measureLoudness } from './loudness.ts';

const root = join(import.meta.dirname, '..');
const dataDir = process.env.YIN_DATA_DIR ?? join(root, 'data');
const audioDir = join(dataDir, 'audio');
const manifestFile = join(audioDir, 'manifest.json');
const force = process.argv.includes('--force');

/** Every tool make-audio runs, and the Debian package it comes in. */
const TOOLS: [tool: string, pkg: string][] = [
  ['RHVoice-test', 'rhvoice'],
  ['sox', 'sox'],
  ['opusenc', 'opus-tools'],
  ['opusinfo', 'opus-tools'],
  ['ffmpeg', 'ffmpeg'],
  ['dpkg-query', 'dpkg'],
];
const PACKAGES = 'rhvoice rhvoice-english sox opus-tools ffmpeg';
const VOICE_PACKAGE = 'rhvoice-english';

function checkTools(): void {
  const has = (tool: string) => spawnSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' }).status === 0;
  const missing = TOOLS.filter(([tool]) => !has(tool)).map(([tool]) => tool);
  const installed = has('dpkg-query')
    ? spawnSync('dpkg-query', ['-W', `--showformat=\${Version}`, VOICE_PACKAGE], { encoding: 'utf8' })
    : undefined;
  const version = installed?.status === 0 ? installed.stdout.trim() : '';
  if (!version) missing.push(`${VOICE_PACKAGE} (the ${VOICE.voice} voice)`);
  if (missing.length) {
    console.error(
      [
        `make-audio: missing ${missing.join(', ')}. It installs nothing itself; as root:`,
        `  apt-get install -y ${PACKAGES}`,
        "rhvoice and rhvoice-english are in Debian's non-free component. If apt-get can't find them, enable",
        'non-free with a sources file beside the main one (the same Types, URIs and Suites), then update:',
        "  sed 's/^Components: main$/Components: non-free/' /etc/apt/sources.list.d/debian.sources \\",
        '    > /etc/apt/sources.list.d/debian-non-free.sources',
        '  apt-get update',
      ].join('\n'),
    );
    process.exit(1);
  }
  if (version !== VOICE.version) {
    console.error(
      `make-audio: ${VOICE_PACKAGE} ${version} is installed, but the cues are voiced by ${VOICE.version} ` +
        '(VOICE in src/voice/cues.ts). Install that version, or set VOICE.version to the installed one and ' +
        'run `npm run audio -- --force` to re-voice every cue (listen first: a new version may sound different).',
    );
    process.exit(1);
  }
}

checkTools();

const run = (cmd: string, args: string[], input?: string): string =>
  execFileSync(cmd, args, { encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], ...(input ? { input } : {}) });

const catalog = loadCatalog(dataDir);
const cues = allCues(catalog);
const old: Manifest | undefined = existsSync(manifestFile) ? JSON.parse(readFileSync(manifestFile, 'utf8')) : undefined;
const stale = force ? new Map([...cues.keys()].map((k) => [k, 'forced'])) : staleCues(old, cues);
const tmp = mkdtempSync(join(tmpdir(), 'yin-audio-'));

const TARGET = LEVELS.normal;
/** Speech needs no more; 24 kbit/s keeps the 20 s welcome under 64 KB (Opus hybrid, full band). */
const BITRATE_KBPS = 24;
/** A little silence after each cue (bells too) keeps consecutive cues from running together. */
const TAIL_S = 0.25;
const HEAD_S = 0.03;
// Changing BITRATE_KBPS, TAIL_S or HEAD_S needs `npm run audio -- --force`.
const pauseS = VOICE.sentencePauseMs / 1000;

/** The voice at its own rate (24 kHz mono): sentences trimmed of the engine's silences, joined by the pause. */
function speak(key: string, text: string): string {
  const parts = sentencesToSay(text).map((sentence, i) => {
    const raw = join(tmp, `${key}-${i}.wav`);
    const trimmed = join(tmp, `${key}-${i}-t.wav`);
    run('RHVoice-test', ['-p', VOICE.voice, '-r', String(VOICE.ratePercent), '-o', raw], sentence);
    // Only silence goes: -55 dBFS is well under a soft "f" or "h" (about -40).
    run('sox', [
      '-R',
      raw,
      trimmed,
      'silence',
      '1',
      '0.005',
      '-55d',
      'reverse',
      'silence',
      '1',
      '0.005',
      '-55d',
      'reverse',
    ]);
    return trimmed;
  });
  const pause = join(tmp, 'pause.wav');
  run('sox', ['-R', '-n', '-r', '24000', '-c', '1', '-b', '16', pause, 'trim', '0', String(pauseS)]);
  const out = join(tmp, `${key}-speech.wav`);
  const head = followsSpeech(key) ? pauseS - TAIL_S : HEAD_S;
  run('sox', [
    '-R',
    ...parts.flatMap((p, i) => (i === 0 ? [p] : [pause, p])),
    out,
    'pad',
    String(head),
    String(TAIL_S),
  ]);
  return out;
}

function bell(key: string, recipe: string): string {
  const out = join(tmp, `${key}-bell.wav`);
  // -R: sox's dither and noise use a fixed seed, so a rerun gives the same bytes.
  const args = [...recipe.split(' '), 'pad', '0', String(TAIL_S)];
  run('sox', ['-R', '-n', '-r', '48000', '-c', '3', '-b', '32', '-e', 'floating-point', out, ...args]);
  return out;
}

/**
 * 48 kHz stereo, what Discord's Opus stream is, at the target loudness: measure, apply the
 * difference as gain, encode, measure the decoded file and correct once more if Opus moved it.
 */
function encode(source: string, out: string, key: string): { lufs: number; peak: number } {
  const wav48 = join(tmp, `${key}-48k.wav`);
  // A fixed serial makes the output byte-identical on every run, so git sees only real changes.
  const serial = String(parseInt(textHash(key).slice(0, 7), 16));
  const make = (gainDb: number) => {
    run('sox', ['-R', source, '-r', '48000', '-c', '2', '-b', '16', wav48, 'gain', gainDb.toFixed(2)]);
    run('opusenc', ['--quiet', '--bitrate', String(BITRATE_KBPS), '--framesize', '20', '--serial', serial, wav48, out]);
    return measureLoudness(out);
  };
  const raw = join(tmp, `${key}-raw48k.wav`);
  run('sox', ['-R', source, '-r', '48000', '-c', '2', '-e', 'floating-point', '-b', '32', raw]);
  let gain = TARGET - measureLoudness(raw).lufs;
  let got = make(gain);
  if (Math.abs(got.lufs - TARGET) > 0.1) {
    gain += TARGET - got.lufs;
    got = make(gain);
  }
  if (Math.abs(got.lufs - TARGET) > LOUDNESS_TOLERANCE_LU || got.peak > MAX_TRUE_PEAK_DB)
    throw new Error(
      `${key}: ${got.lufs} LUFS, true peak ${got.peak} dBTP (want ${TARGET}, peak ≤ ${MAX_TRUE_PEAK_DB})`,
    );
  return got;
}

const durationMs = (file: string): number =>
  Math.round(
    Number(
      run('opusinfo', [file])
        .match(/Playback length: (?:(\d+)m:)?([\d.]+)s/)
        ?.slice(1)
        .reduce((m, s, i) => (i === 0 ? Number(s ?? 0) * 60 : m + Number(s)), 0) ?? 0,
    ) * 1000,
  );

const entries: Record<string, ManifestEntry> = {};
const made: string[] = [];
const kept: string[] = [];
for (const [key, text] of [...cues].sort(([a], [b]) => a.localeCompare(b))) {
  const file = fileFor(key);
  const out = join(audioDir, file);
  const previous = old?.cues[key];
  if (previous && !stale.has(key) && existsSync(out)) {
    entries[key] = previous;
    kept.push(key);
    continue;
  }
  const source = isBell(key) ? bell(key, BELLS[key] ?? text) : speak(key, text);
  const { lufs, peak } = encode(source, out, key);
  entries[key] = { file, text, hash: textHash(text), ms: durationMs(out), lufs, peak };
  made.push(
    `${key} (${entries[key].ms} ms, ${lufs} LUFS, peak ${peak} dBTP${stale.get(key) ? `; was ${stale.get(key)}` : ''})`,
  );
}

// Files no cue needs any more (a pose renamed or removed) would only confuse: delete them.
const wanted = new Set(Object.values(entries).map((e) => e.file));
const removed = readdirSync(audioDir).filter((f) => f.endsWith('.opus') && !wanted.has(f));
for (const f of removed) unlinkSync(join(audioDir, f));

const manifest: Manifest = { format: 'ogg-opus-48k', voice: VOICE, cues: entries };
writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
rmSync(tmp, { recursive: true, force: true });

console.log(`make-audio: ${cues.size} cues in ${audioDir} (${VOICE.engine} ${VOICE.voice} ${VOICE.version})`);
if (made.length) console.log(`  made:    ${made.join(', ')}`);
if (kept.length) console.log(`  current: ${kept.length} (${kept.join(', ')})`);
if (removed.length) console.log(`  removed: ${removed.join(', ')}`);
// The opening (welcome, safety) and the closing may run long; a cue said during a step should
// leave the quiet to the pose.
const LONG_MS = 12_000;
const long = Object.entries(entries).filter(([key, e]) => e.ms > LONG_MS && !/^(welcome-|closing-|safety$)/.test(key));
if (long.length) console.log(`  over ${LONG_MS / 1000} s: ${long.map(([key, e]) => `${key} (${e.ms} ms)`).join(', ')}`);
