// How loud the stand-in voice server hears what the bot plays: the Opus packets it received,
// decoded to PCM (opusscript: libopus compiled to wasm, a devDependency) and measured as RMS.
import OpusScript from 'opusscript';

/** RMS level of decoded Opus packets in dBFS (full-scale square wave = 0 dB); -Infinity for silence. */
export function rmsDb(packets: readonly Buffer[]): number {
  // A fresh decoder per cue: each is measured as its file decodes on its own, whatever came before.
  const decoder = new OpusScript(48_000, 2, OpusScript.Application.AUDIO);
  let sum = 0;
  let n = 0;
  try {
    for (const packet of packets) {
      const pcm = decoder.decode(packet);
      const samples = new Int16Array(pcm.buffer, pcm.byteOffset, pcm.byteLength >> 1);
      for (const x of samples) sum += x * x;
      n += samples.length;
    }
  } finally {
    decoder.delete();
  }
  return n === 0 || sum === 0 ? Number.NEGATIVE_INFINITY : 10 * Math.log10(sum / n / 32768 ** 2);
}

/** Rounded to a tenth of a dB, for reports and readable assertions. */
export const round1 = (db: number): number => Math.round(db * 10) / 10;
