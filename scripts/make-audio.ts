// Renders data/audio: the bells (sox) and every spoken cue in each language with a voice
// (VOICES in src/voice/voices.ts: RHVoice slt for English at the top, SVOX Pico for de, fr and
// es-ES and RHVoice Leticia-F123 for pt-BR in their folders; a voice with a share-alike licence
// has it and its credit in its manifest's voice) as Ogg Opus (opusenc), each at three loudness levels (LEVELS: quiet, normal,
// loud, measured with ffmpeg's EBU R128 meter; loud through a limiter so no peak passes
// MAX_TRUE_PEAK_DB), and a manifest.json per folder with an entry per level's file. Run after editing data/: `npm run audio`
// (`-- --force` redoes all). It installs nothing: a missing tool stops it with the apt-get line.
import { execFileSync, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCatalog } from '../src/domain/load-catalog.ts';
import { VOLUMES, type Volume } from '../src/domain/sound.ts';
import {
  allCues,
  BELL_RECIPES,
  clip,
  fileFor,
  followsSpeech,
  isBell,
  LEVELS,
  LOUDNESS_TOLERANCE_LU,
  MAX_TRUE_PEAK_DB,
  type AudioManifest,
  type AudioManifestEntry,
  sentencesToSay,
  staleCues,
  textHash,
  VOICE,
  VOICES,
} from '../src/voice/cues.ts';
import type { LanguageVoice } from '../src/voice/voices.ts';
import { LocalizedCatalogs, loadTranslations } from '../src/domain/translations.ts';
import type { Language } from '../src/languages.ts';
import { measureLoudness } from './loudness.ts';

const root = join(import.meta.dirname, '..');
const dataDir = process.env.YIN_DATA_DIR ?? join(root, 'data');
const audioDir = join(dataDir, 'audio');
const force = process.argv.includes('--force');

/** Every tool make-audio runs, and the Debian package it comes in. */
const TOOLS: [tool: string, pkg: string][] = [
  ['RHVoice-test', 'rhvoice'],
  ['pico2wave', 'libttspico-utils'],
  ['sox', 'sox'],
  ['opusenc', 'opus-tools'],
  ['opusinfo', 'opus-tools'],
  ['ffmpeg', 'ffmpeg'],
  ['dpkg-query', 'dpkg'],
];
const PACKAGES = 'rhvoice rhvoice-english rhvoice-brazilian-portuguese libttspico-utils sox opus-tools ffmpeg';
/** The Debian package each voice comes in: its version is the voice's `version` (VOICES in src/voice/voices.ts). */
const VOICE_PACKAGES: Readonly<Record<string, string>> = {
  'rhvoice slt': 'rhvoice-english',
  'rhvoice Leticia-F123': 'rhvoice-brazilian-portuguese',
};
const packageOf = (v: LanguageVoice): string =>
  v.engine === 'pico' ? 'libttspico-utils' : (VOICE_PACKAGES[`${v.engine} ${v.voice}`] ?? `a package for ${v.voice}`);

/** The voices this run renders: each folder once (es-419 speaks with Spain's voice, from its folder). */
function voicesToRender(): [Language, LanguageVoice][] {
  const done = new Set<string>();
  const only = process.argv.find((a) => a.startsWith('--language='))?.slice('--language='.length);
  return (Object.entries(VOICES) as [Language, LanguageVoice][]).filter(([language, voice]) => {
    if (done.has(voice.dir) || (only && only !== language)) return false;
    done.add(voice.dir);
    return true;
  });
}

function checkTools(): void {
  const has = (tool: string) => spawnSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' }).status === 0;
  const missing = TOOLS.filter(([tool]) => !has(tool)).map(([tool]) => tool);
  const versionOf = (pkg: string): string => {
    if (!has('dpkg-query')) return '';
    const installed = spawnSync('dpkg-query', ['-W', `--showformat=\${Version}`, pkg], { encoding: 'utf8' });
    return installed.status === 0 ? installed.stdout.trim() : '';
  };
  const voices = voicesToRender().map(([, v]) => ({ voice: v, pkg: packageOf(v), version: versionOf(packageOf(v)) }));
  for (const { voice, pkg, version } of voices)
    if (!version && !missing.includes(`${pkg} (the ${voice.voice} voice)`))
      missing.push(`${pkg} (the ${voice.voice} voice)`);
  if (missing.length) {
    console.error(
      [
        `make-audio: missing ${missing.join(', ')}. It installs nothing itself; as root:`,
        `  apt-get install -y ${PACKAGES}`,
        "rhvoice, its voices and libttspico-utils are in Debian's non-free component. If apt-get can't find them, enable",
        'non-free with a sources file beside the main one (the same Types, URIs and Suites), then update:',
        "  sed 's/^Components: main$/Components: non-free/' /etc/apt/sources.list.d/debian.sources \\",
        '    > /etc/apt/sources.list.d/debian-non-free.sources',
        '  apt-get update',
      ].join('\n'),
    );
    process.exit(1);
  }
  const wrong = voices.filter(({ voice, version }) => version !== voice.version);
  if (wrong.length) {
    for (const { voice, pkg, version } of wrong)
      console.error(
        `make-audio: ${pkg} ${version} is installed, but the ${voice.dir || 'en'} cues are voiced by ${voice.version} ` +
          '(VOICES in src/voice/voices.ts). Install that version, or set its version to the installed one and ' +
          'run `npm run audio -- --force` to re-voice every cue (listen first: a new version may sound different).',
      );
    process.exit(1);
  }
}

checkTools();

const run = (cmd: string, args: string[], input?: string): string =>
  execFileSync(cmd, args, { encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], ...(input ? { input } : {}) });

const catalog = loadCatalog(dataDir);
const localized = new LocalizedCatalogs(catalog, loadTranslations(dataDir, catalog));
const tmp = mkdtempSync(join(tmpdir(), 'yin-audio-'));

/** The limiter's ceiling (sample peak, dBFS): below MAX_TRUE_PEAK_DB, with room for Opus' overshoot. */
const LIMIT_DB = MAX_TRUE_PEAK_DB - 1;
/** Speech needs no more; 24 kbit/s keeps the 20 s welcome under 64 KB (Opus hybrid, full band). */
const BITRATE_KBPS = 24;
/** A little silence after each cue (bells too) keeps consecutive cues from running together. */
const TAIL_S = 0.25;
const HEAD_S = 0.03;
// Changing BITRATE_KBPS, TAIL_S or HEAD_S needs `npm run audio -- --force`.

/** A key as a temporary file's name: `de/pose-dragon` → `de_pose-dragon`. */
const flat = (key: string) => key.replace(/\//g, '_');

/** The voice at its rate (24 kHz mono): sentences trimmed of the engine's silences, joined by the pause. */
function speak(voice: LanguageVoice, key: string, text: string): string {
  const pauseS = voice.sentencePauseMs / 1000;
  const parts = sentencesToSay(text, voice).map((sentence, i) => {
    const raw = join(tmp, `${flat(key)}-${i}.wav`);
    const trimmed = join(tmp, `${flat(key)}-${i}-t.wav`);
    if (voice.engine === 'pico') run('pico2wave', ['-l', voice.voice, '-w', raw, sentence]);
    else run('RHVoice-test', ['-p', voice.voice, '-r', String(voice.ratePercent), '-o', raw], sentence);
    // Pico has no rate of its own: sox's tempo slows it, keeping the pitch. Then only silence
    // goes: -55 dBFS is well under a soft "f" or "h" (about -40).
    run('sox', [
      '-R',
      raw,
      '-r',
      '24000',
      trimmed,
      ...(voice.engine === 'pico' ? ['tempo', '-s', String(voice.ratePercent / 100)] : []),
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
  const out = join(tmp, `${flat(key)}-speech.wav`);
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
  const out = join(tmp, `${flat(key)}-bell.wav`);
  // -R: sox's dither and noise use a fixed seed, so a rerun gives the same bytes.
  const args = [...recipe.split(' '), 'pad', '0', String(TAIL_S)];
  run('sox', ['-R', '-n', '-r', '48000', '-c', '3', '-b', '32', '-e', 'floating-point', out, ...args]);
  return out;
}

/**
 * 48 kHz stereo, what Discord's Opus stream is, at the level's loudness: measure, apply the
 * difference as gain (through a limiter at LIMIT_DB when that would push a peak past it: the loud
 * level of a peaky cue), encode, measure the decoded file and correct once more if Opus or the
 * limiter moved it.
 */
function encode(source: string, out: string, name: string, level: Volume): { lufs: number; peak: number } {
  const target = LEVELS[level];
  const wav48 = join(tmp, `${flat(name)}-48k.wav`);
  // A fixed serial makes the output byte-identical on every run, so git sees only real changes.
  const serial = String(parseInt(textHash(name).slice(0, 7), 16));
  const raw = join(tmp, `${flat(name)}-raw48k.wav`);
  run('sox', ['-R', source, '-r', '48000', '-c', '2', '-e', 'floating-point', '-b', '32', raw]);
  const before = measureLoudness(raw);
  const make = (gainDb: number) => {
    if (before.peak + gainDb <= LIMIT_DB)
      run('sox', ['-R', source, '-r', '48000', '-c', '2', '-b', '16', wav48, 'gain', gainDb.toFixed(2)]);
    else {
      // ffmpeg's look-ahead limiter, its output level left alone (level=0): only the peaks go down.
      const limit = (10 ** (LIMIT_DB / 20)).toFixed(4);
      run('ffmpeg', [
        ...['-hide_banner', '-loglevel', 'error', '-y', '-i', raw, '-af'],
        `volume=${gainDb.toFixed(2)}dB,alimiter=limit=${limit}:attack=2:release=40:level=0:latency=1`,
        ...['-ar', '48000', '-ac', '2', '-c:a', 'pcm_s16le', wav48],
      ]);
    }
    run('opusenc', ['--quiet', '--bitrate', String(BITRATE_KBPS), '--framesize', '20', '--serial', serial, wav48, out]);
    return measureLoudness(out);
  };
  let gain = target - before.lufs;
  let got = make(gain);
  for (let i = 0; i < 2 && Math.abs(got.lufs - target) > 0.1; i++) {
    gain += target - got.lufs;
    got = make(gain);
  }
  if (Math.abs(got.lufs - target) > LOUDNESS_TOLERANCE_LU || got.peak > MAX_TRUE_PEAK_DB)
    throw new Error(
      `${name}: ${got.lufs} LUFS, true peak ${got.peak} dBTP (want ${target}, peak ≤ ${MAX_TRUE_PEAK_DB})`,
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

/** One voice's folder: its cues rendered where stale, its manifest written, files no cue needs removed. */
function renderVoice(language: Language, voice: LanguageVoice): void {
  const dir = join(audioDir, voice.dir);
  mkdirSync(dir, { recursive: true });
  const manifestFile = join(dir, 'manifest.json');
  const cues = allCues(language === 'en' ? catalog : localized.of(language), language);
  const old: AudioManifest | undefined = existsSync(manifestFile)
    ? JSON.parse(readFileSync(manifestFile, 'utf8'))
    : undefined;
  const clips = [...cues.keys()].flatMap((k) => VOLUMES.map((v) => clip(k, v)));
  const settings = voice.dir ? voice : VOICE;
  const stale = force ? new Map(clips.map((c) => [c, 'forced'])) : staleCues(old, cues, settings);
  const entries: Record<string, AudioManifestEntry> = {};
  const made: string[] = [];
  const kept: string[] = [];
  for (const [key, text] of [...cues].sort(([a], [b]) => a.localeCompare(b))) {
    let source: string | undefined;
    for (const level of VOLUMES) {
      const name = clip(key, level);
      const file = fileFor(key, level);
      const out = join(audioDir, file);
      const previous = old?.cues[name];
      if (previous && !stale.has(name) && existsSync(out)) {
        entries[name] = previous;
        kept.push(name);
        continue;
      }
      // Said (or synthesised) once, then set to each level.
      source ??= isBell(key) ? bell(key, BELL_RECIPES[key] ?? text) : speak(voice, key, text);
      const { lufs, peak } = encode(source, out, name, level);
      entries[name] = { file, text, hash: textHash(text), ms: durationMs(out), lufs, peak };
      made.push(
        `${name} (${entries[name].ms} ms, ${lufs} LUFS, peak ${peak} dBTP${stale.get(name) ? `; was ${stale.get(name)}` : ''})`,
      );
    }
  }

  // Files no cue needs any more (a pose renamed or removed) would only confuse: delete them.
  const wanted = new Set(Object.values(entries).map((e) => e.file));
  const removed = readdirSync(dir)
    .filter((f) => f.endsWith('.opus'))
    .map((f) => (voice.dir ? `${voice.dir}/${f}` : f))
    .filter((f) => !wanted.has(f));
  for (const f of removed) unlinkSync(join(audioDir, f));

  const manifest: AudioManifest = { format: 'ogg-opus-48k', voice: settings, cues: entries };
  writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);

  console.log(
    `make-audio: ${language}: ${cues.size} cues at ${VOLUMES.length} levels in ${dir} (${voice.engine} ${voice.voice} ${voice.version})`,
  );
  if (made.length) console.log(`  made:    ${made.join(', ')}`);
  if (kept.length) console.log(`  current: ${kept.length}`);
  if (removed.length) console.log(`  removed: ${removed.join(', ')}`);
  // The opening (welcome, safety, the arrival's guided breaths) and the closing may run long; a
  // cue said during a step should leave the quiet to the pose.
  const LONG_MS = 12_000;
  const long = Object.entries(entries).filter(
    ([name, e]) => !name.includes('.') && e.ms > LONG_MS && !/(^|\/)(welcome-|closing-|arrival-|safety$)/.test(name),
  );
  if (long.length)
    console.log(`  over ${LONG_MS / 1000} s: ${long.map(([key, e]) => `${key} (${e.ms} ms)`).join(', ')}`);
}

for (const [language, voice] of voicesToRender()) renderVoice(language, voice);
rmSync(tmp, { recursive: true, force: true });
