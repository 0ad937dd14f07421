// Turns the frames a fake voice server received back into cue keys: each cue file is a known
// run of Opus packets, so "what was played" is a greedy longest-prefix match over them.
import { join } from 'node:path';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import type { AudioManifest } from '../../src/voice/cues.ts';
import { opusFrames } from './ogg.ts';

export interface Played {
  key: string;
  /** Frames of the file that arrived (a cue cut short by a new step has fewer). */
  frames: number;
  complete: boolean;
}

/** key → its Opus packets, for every cue in data/audio/manifest.json and each voice's folder (`fr/…`). */
export function cueLibrary(audioDir: string): Map<string, Buffer[]> {
  const folders = [
    '',
    ...readdirSync(audioDir, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name),
  ];
  const library = new Map<string, Buffer[]>();
  for (const folder of folders) {
    const file = join(audioDir, folder, 'manifest.json');
    if (!existsSync(file)) continue;
    const manifest = JSON.parse(readFileSync(file, 'utf8')) as AudioManifest;
    for (const [key, e] of Object.entries(manifest.cues)) library.set(key, opusFrames(join(audioDir, e.file)));
  }
  return library;
}

/** Splits received frames into the cues they came from; frames matching nothing are 'unknown'. */
export function recognise(frames: Buffer[], library: Map<string, Buffer[]>): Played[] {
  const out: Played[] = [];
  let i = 0;
  while (i < frames.length) {
    let best: Played | undefined;
    for (const [key, packets] of library) {
      let n = 0;
      while (n < packets.length && i + n < frames.length && packets[n]?.equals(frames[i + n] as Buffer)) n++;
      if (n > 0 && (!best || n > best.frames)) best = { key, frames: n, complete: n === packets.length };
    }
    if (!best) {
      const last = out.at(-1);
      if (last?.key === 'unknown') last.frames += 1;
      else out.push({ key: 'unknown', frames: 1, complete: false });
      i += 1;
      continue;
    }
    out.push(best);
    i += best.frames;
  }
  return out;
}

/** "bell welcome-back safety bell~" — a compact form for assertions; ~ marks a cue cut short. */
export const describePlayed = (played: Played[]): string =>
  played.map((p) => (p.complete ? p.key : `${p.key}~`)).join(' ');
