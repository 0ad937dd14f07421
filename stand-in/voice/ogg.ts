// Just enough Ogg to get the Opus packets out of a file, so tests can compare what the fake
// voice server received with what is in data/audio.
import { readFileSync } from 'node:fs';

/** Every packet of a single-stream Ogg file, in order (OpusHead and OpusTags included). */
export function oggPackets(data: Buffer): Buffer[] {
  const packets: Buffer[] = [];
  let partial: Buffer[] = [];
  let at = 0;
  while (at + 27 <= data.length) {
    if (data.toString('latin1', at, at + 4) !== 'OggS') throw new Error(`not an Ogg page at byte ${at}`);
    const segments = data.readUInt8(at + 26);
    let body = at + 27 + segments;
    for (let i = 0; i < segments; i++) {
      const size = data.readUInt8(at + 27 + i);
      partial.push(data.subarray(body, body + size));
      body += size;
      // A lacing value of 255 means the packet continues in the next segment (or page).
      if (size < 255) {
        packets.push(Buffer.concat(partial));
        partial = [];
      }
    }
    at = body;
  }
  return packets;
}

/** The audio packets of an Ogg Opus file: what a player sends, 20 ms each here. */
export function opusFrames(file: string): Buffer[] {
  const packets = oggPackets(readFileSync(file));
  const head = packets[0]?.toString('latin1', 0, 8);
  if (head !== 'OpusHead') throw new Error(`${file}: not Ogg Opus (first packet ${head})`);
  return packets.filter(
    (p) => !p.subarray(0, 8).equals(Buffer.from('OpusHead')) && !p.subarray(0, 8).equals(Buffer.from('OpusTags')),
  );
}

/** Opus header fields a test may check: channels and input sample rate. */
export function opusHead(file: string): { channels: number; inputRate: number; preSkip: number } {
  const head = oggPackets(readFileSync(file))[0];
  if (head?.toString('latin1', 0, 8) !== 'OpusHead') throw new Error(`${file}: no OpusHead`);
  return { channels: head.readUInt8(9), preSkip: head.readUInt16LE(10), inputRate: head.readUInt32LE(12) };
}
