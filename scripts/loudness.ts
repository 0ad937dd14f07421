// Loudness of an audio file as ffmpeg's EBU R128 meter reads it: integrated loudness (LUFS) and
// true peak (dBTP). make-audio sets every cue by it and the loudness test checks with it.
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';

export interface Loudness {
  lufs: number;
  peak: number;
}

const ARGS = (file: string) => ['-hide_banner', '-nostats', '-i', file, '-af', 'ebur128=peak=true', '-f', 'null', '-'];

/** The meter's summary (ffmpeg writes it to stderr): "I: -20.0 LUFS" and, under True peak, "Peak: -4.1 dBFS". */
export function parseEbur128(log: string): Loudness {
  const summary = log.slice(log.lastIndexOf('Summary:'));
  const lufs = /I:\s+(-?[\d.]+|-inf) LUFS/.exec(summary)?.[1];
  const peak = /True peak:\s+Peak:\s+(-?[\d.]+|-inf) dBFS/.exec(summary)?.[1];
  if (lufs === undefined || peak === undefined) throw new Error(`no ebur128 summary in ffmpeg's output:\n${log}`);
  const num = (s: string) => (s === '-inf' ? Number.NEGATIVE_INFINITY : Number(s));
  return { lufs: num(lufs), peak: num(peak) };
}

export function measureLoudness(file: string): Loudness {
  const r = spawnSync('ffmpeg', ARGS(file), { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
  if (r.status !== 0) throw new Error(`ffmpeg failed on ${file}: ${r.stderr}`);
  return parseEbur128(r.stderr);
}

const execFileAsync = promisify(execFile);
export async function measureLoudnessAsync(file: string): Promise<Loudness> {
  const { stderr } = await execFileAsync('ffmpeg', ARGS(file), { encoding: 'utf8' });
  return parseEbur128(stderr);
}

/**
 * The loudness of each of `files`, measured by one ffmpeg: one meter per input in one filter
 * graph, each to its own null output, so a file is read to its end whatever the others' lengths.
 * One process for many files saves ffmpeg's start-up per file; the results are the same as
 * measureLoudness() gives file by file (the loudness test checks both ways agree).
 */
export async function measureLoudnessBatch(files: readonly string[]): Promise<Loudness[]> {
  if (files.length === 0) return [];
  const args = ['-hide_banner', '-nostats'];
  for (const f of files) args.push('-i', f);
  const graph = files.map((_, i) => `[${i}:a]ebur128=peak=true:framelog=verbose[m${i}]`).join(';');
  args.push('-filter_complex', graph);
  for (const [i] of files.entries()) args.push('-map', `[m${i}]`, '-f', 'null', '-');
  const { stderr } = await execFileAsync('ffmpeg', args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return files.map((f, i) => {
    // The meter's own summary: its last one (ffmpeg may set the graph up once before the run).
    const mark = new RegExp(`^\\[Parsed_ebur128_${i} @ [^\\]]+\\] Summary:$`, 'gm');
    const at = [...stderr.matchAll(mark)].at(-1)?.index;
    if (at === undefined) throw new Error(`no ebur128 summary for ${f} in ffmpeg's output`);
    const next = stderr.indexOf('\n[', at + 1);
    return parseEbur128(stderr.slice(at, next === -1 ? undefined : next));
  });
}
