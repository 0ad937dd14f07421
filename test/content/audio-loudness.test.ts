// Every file in data/audio, decoded as Discord plays it, is at its level's loudness: LEVELS
// (integrated, EBU R128; normal −20 LUFS, quiet −26, loud −16) within LOUDNESS_TOLERANCE_LU, true
// peak at most MAX_TRUE_PEAK_DB. ffmpeg's meter measures it, the same way make-audio set it.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { type Loudness, measureLoudnessAsync, measureLoudnessBatch, parseEbur128 } from '../../scripts/loudness.ts';
import {
  clipParts,
  LEVELS,
  LOUDNESS_TOLERANCE_LU,
  type AudioManifest,
  MAX_TRUE_PEAK_DB,
} from '../../src/voice/cues.ts';
import { skipUnless } from '../helpers/skip.ts';

const audioDir = join(import.meta.dirname, '..', '..', 'data', 'audio');
const files = readdirSync(audioDir)
  .filter((f) => f.endsWith('.opus'))
  .sort();
const manifest = JSON.parse(readFileSync(join(audioDir, 'manifest.json'), 'utf8')) as AudioManifest;
const hasFfmpeg = spawnSync('ffmpeg', ['-version'], { stdio: 'ignore' }).status === 0;

test('the meter summary is read: integrated loudness and true peak', () => {
  const log = `[Parsed_ebur128_0 @ 0x1] t: 1.0 M: -19.0 S: -20.0 I: -19.5 LUFS\n[Parsed_ebur128_0 @ 0x1] Summary:\n\n  Integrated loudness:\n    I:         -20.3 LUFS\n    Threshold: -30.6 LUFS\n\n  Loudness range:\n    LRA:         2.1 LU\n\n  True peak:\n    Peak:       -8.4 dBFS\n`;
  expect(parseEbur128(log)).toEqual({ lufs: -20.3, peak: -8.4 });
  expect(() => parseEbur128('no summary')).toThrow(/no ebur128 summary/);
});

describe(
  `every data/audio file is at its level (${Object.entries(LEVELS)
    .map(([level, lufs]) => `${level} ${lufs}`)
    .join(', ')} LUFS) ± ${LOUDNESS_TOLERANCE_LU} LU, true peak ≤ ${MAX_TRUE_PEAK_DB} dBTP`,
  skipUnless(hasFfmpeg, 'ffmpeg is not installed (it measures the loudness)', 'apt-get install -y ffmpeg'),
  () => {
    const measured = new Map<string, Loudness>();
    // One ffmpeg per core, each metering its share of the files in one filter graph: an ffmpeg
    // per file spent most of its time starting up (217 of them took 20 s on 2 cores).
    beforeAll(async () => {
      const batches = Math.min(availableParallelism(), 4);
      const shares = Array.from({ length: batches }, (_, b) => files.filter((_, i) => i % batches === b));
      const results = await Promise.all(
        shares.map((share) => measureLoudnessBatch(share.map((f) => join(audioDir, f)))),
      );
      for (const [b, share] of shares.entries()) for (const [i, f] of share.entries()) measured.set(f, results[b]![i]!);
    });

    test('there are files to measure', () => expect(files.length).toBeGreaterThan(20));

    test('measured together, each file reads as it does measured alone', async () => {
      // The longest and the shortest file beside each other: neither is cut to the other's length.
      const sizes = files.map((f) => ({ f, size: statSync(join(audioDir, f)).size })).sort((a, b) => a.size - b.size);
      const pair = [sizes.at(-1)!.f, sizes[0]!.f];
      const alone = await Promise.all(pair.map((f) => measureLoudnessAsync(join(audioDir, f))));
      for (const [i, f] of pair.entries()) {
        expect(Math.abs(measured.get(f)!.lufs - alone[i]!.lufs), f).toBeLessThanOrEqual(0.05);
        expect(Math.abs(measured.get(f)!.peak - alone[i]!.peak), f).toBeLessThanOrEqual(0.05);
      }
    });

    test.each(files)('%s', (file) => {
      const got = measured.get(file);
      expect(got, file).toBeDefined();
      // The file's level is in its name: <key>.opus is normal, <key>.<level>.opus the others.
      const target = LEVELS[clipParts(file.replace(/\.opus$/, '')).volume];
      expect(Math.abs((got?.lufs ?? 0) - target), `${file}: ${got?.lufs} LUFS (want ${target})`).toBeLessThanOrEqual(
        LOUDNESS_TOLERANCE_LU,
      );
      expect(got?.peak, `${file}: true peak ${got?.peak} dBTP`).toBeLessThanOrEqual(MAX_TRUE_PEAK_DB);
      // The manifest records what the file measures (make-audio measured the same bytes).
      const entry = Object.values(manifest.cues).find((e) => e.file === file);
      expect(entry, `${file} is not in the manifest`).toBeDefined();
      expect(Math.abs((entry?.lufs ?? 0) - (got?.lufs ?? 0))).toBeLessThanOrEqual(0.1);
      expect(Math.abs((entry?.peak ?? 0) - (got?.peak ?? 0))).toBeLessThanOrEqual(0.1);
    });
  },
);
