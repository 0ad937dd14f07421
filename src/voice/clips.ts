// The name of one file to play: a cue's key at a volume. cues.ts and moments.ts both make them.
import { VOLUMES, type Volume } from '../domain/sound.ts';

/**
 * A cue's key at a volume, named as its file in data/audio without `.opus`: `safety` (normal),
 * `bell-chime.quiet`, `pose-savasana.loud`. Keys never hold a dot.
 */
export type Clip = string;

export const clip = (key: string, volume: Volume = 'normal'): Clip => (volume === 'normal' ? key : `${key}.${volume}`);

export function clipParts(c: Clip): { key: string; volume: Volume } {
  const dot = c.indexOf('.');
  const volume = dot < 0 ? 'normal' : (c.slice(dot + 1) as Volume);
  if (!VOLUMES.includes(volume)) throw new Error(`not a clip: ${c}`);
  return { key: dot < 0 ? c : c.slice(0, dot), volume };
}
