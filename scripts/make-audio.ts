// Renders data/audio: the bell (sox), every spoken cue (espeak-ng) as Ogg Opus (opusenc), and
// data/audio/manifest.json. Run after editing data/: `npm run audio` (`-- --force` redoes all).
// Needs: apt-get install -y espeak-ng sox opus-tools
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCatalog } from '../src/domain/load-catalog.ts';
import { allCues, fileFor, textHash, type Manifest, type ManifestEntry } from '../src/voice/cues.ts';

const root = join(import.meta.dirname, '..');
const dataDir = process.env.YIN_DATA_DIR ?? join(root, 'data');
const audioDir = join(dataDir, 'audio');
const manifestFile = join(audioDir, 'manifest.json');
const force = process.argv.includes('--force');

const run = (cmd: string, args: string[]): string =>
  execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

for (const tool of ['espeak-ng', 'sox', 'opusenc']) {
  try {
    execFileSync('which', [tool], { stdio: 'ignore' });
  } catch {
    console.error(`make-audio: ${tool} is missing. Install with: apt-get install -y espeak-ng sox opus-tools`);
    process.exit(1);
  }
}

const catalog = loadCatalog(dataDir);
const cues = allCues(catalog);
const old: Manifest | undefined = existsSync(manifestFile) ? JSON.parse(readFileSync(manifestFile, 'utf8')) : undefined;
const tmp = mkdtempSync(join(tmpdir(), 'yin-audio-'));

/** 48 kHz stereo: what Discord's Opus stream is; speech needs no more than 32 kbit/s. */
function encode(wav: string, out: string, key: string): void {
  const wav48 = join(tmp, `${key}-48k.wav`);
  // A little silence after each cue keeps consecutive cues from running together. -R: sox's
  // dither uses a fixed seed, so a rerun gives the same bytes.
  run('sox', ['-R', wav, '-r', '48000', '-c', '2', '-b', '16', wav48, 'pad', '0', '0.25']);
  // A fixed serial makes the output byte-identical on every run, so git sees only real changes.
  const serial = String(parseInt(textHash(key).slice(0, 7), 16));
  run('opusenc', ['--quiet', '--bitrate', '32', '--framesize', '20', '--serial', serial, wav48, out]);
}

function render(key: string, text: string, out: string): void {
  const wav = join(tmp, `${key}.wav`);
  if (key === 'bell') {
    // A singing-bowl-ish tone: three inharmonic partials with a quick attack and a long decay.
    run('sox', [
      '-R',
      '-n',
      '-r',
      '48000',
      '-c',
      '3',
      wav,
      'synth',
      '2.0',
      'sine',
      '528',
      'sine',
      '1324',
      'sine',
      '2211',
      'remix',
      '-',
      'fade',
      'q',
      '0.005',
      '2.0',
      '1.9',
      'gain',
      '-n',
      '-8',
    ]);
  } else {
    // Calm, unhurried speech; gain normalised so cues and bell sit at similar loudness.
    run('espeak-ng', ['-v', 'en-gb', '-s', '150', '-p', '40', '-w', wav, text]);
    run('sox', ['-R', wav, join(tmp, `${key}-n.wav`), 'gain', '-n', '-3']);
    encode(join(tmp, `${key}-n.wav`), out, key);
    return;
  }
  encode(wav, out, key);
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
  const hash = textHash(text);
  const previous = old?.cues[key];
  if (!force && previous?.hash === hash && existsSync(out)) {
    entries[key] = previous;
    kept.push(key);
    continue;
  }
  render(key, text, out);
  entries[key] = { file, text, hash, ms: durationMs(out) };
  made.push(`${key} (${entries[key].ms} ms)`);
}

// Files no cue needs any more (a pose renamed or removed) would only confuse: delete them.
const wanted = new Set(Object.values(entries).map((e) => e.file));
const removed = readdirSync(audioDir).filter((f) => f.endsWith('.opus') && !wanted.has(f));
for (const f of removed) unlinkSync(join(audioDir, f));

const manifest: Manifest = { format: 'ogg-opus-48k', cues: entries };
writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
rmSync(tmp, { recursive: true, force: true });

console.log(`make-audio: ${cues.size} cues in ${audioDir}`);
if (made.length) console.log(`  made:    ${made.join(', ')}`);
if (kept.length) console.log(`  current: ${kept.length} (${kept.join(', ')})`);
if (removed.length) console.log(`  removed: ${removed.join(', ')}`);
// The opening (welcome, safety) and the closing may run long; a cue said during a step should
// leave the quiet to the pose.
const LONG_MS = 8_000;
const long = Object.entries(entries).filter(([key, e]) => e.ms > LONG_MS && !/^(welcome-|closing-|safety$)/.test(key));
if (long.length) console.log(`  over ${LONG_MS / 1000} s: ${long.map(([key, e]) => `${key} (${e.ms} ms)`).join(', ')}`);
