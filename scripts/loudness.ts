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
