// The bot's side of the voice bench (bench/voice.ts starts it in its own process, so its CPU is
// the bot's alone): N of the bot's own Speakers, one voice connection each, joined through a
// stand-in gateway adapter to the stand-in voice server, each playing a voice session's cues
// without a break. Prints one JSON line: the CPU this process used while they played.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { DiscordGatewayAdapterCreator } from '@discordjs/voice';
import { loadCatalog } from '../src/domain/load-catalog.ts';
import { resolveSound, VOLUMES, type Volume } from '../src/domain/sound.ts';
import { buildTimeline } from '../src/domain/timeline.ts';
import { createLogger } from '../src/log.ts';
import { clipFile, clipParts, cuesForStep, fileFor } from '../src/voice/cues.ts';
import { Speaker } from '../src/voice/speaker.ts';
import { trustInThisProcess } from '../stand-in/voice/tls.ts';

const arg = (name: string, dflt: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? (process.argv[i + 1] ?? dflt) : dflt;
};
const sessions = Number(arg('sessions', '10'));
const seconds = Number(arg('seconds', '20'));
const inline = arg('mode', 'files') === 'inline';
const volume = arg('volume', 'quiet') as Volume;
if (!VOLUMES.includes(volume)) throw new Error(`--volume is one of ${VOLUMES.join(', ')}`);
const endpoint = arg('endpoint', '');
trustInThisProcess(process.env.BENCH_CA ?? '');

const root = join(import.meta.dirname, '..');
const catalog = loadCatalog(join(root, 'data'));
const t = buildTimeline(catalog, catalog.sequences.get('back')!, 3, 1);
// The whole class's cues, as a voice session at this volume plays them, over and over.
const sound = resolveSound({ mode: 'bell+voice', bell: 'chime', volume });
const audioDir = join(root, 'data', 'audio');
const all = t.steps.flatMap((s) => cuesForStep(t, s.index, sound));
// What each mode reads: the level's own file, or (inline) the normal file scaled. The CPU per
// packet doesn't depend on which file is sent as is, so a missing level file falls back to the
// normal one (noted in the output) rather than stopping the bench.
const readable = (c: string) => existsSync(join(audioDir, inline ? fileFor(clipParts(c).key) : clipFile(c)));
const fallback = !inline && !all.every(readable);
const playlist = fallback
  ? all.map((c) => clipParts(c).key).filter((k) => existsSync(join(audioDir, fileFor(k))))
  : all.filter(readable);
if (playlist.length === 0) throw new Error('no cue files to play: run npm run audio');
const log = createLogger('warn');

/** A gateway adapter that answers the voice state update (op 4) the way Discord does. */
const adapter =
  (guildId: string, userId: string): DiscordGatewayAdapterCreator =>
  (methods) => ({
    sendPayload(payload: { op: number; d: { channel_id: string | null } }) {
      if (payload.op !== 4 || payload.d.channel_id === null) return true;
      const channelId = payload.d.channel_id;
      setImmediate(() => {
        methods.onVoiceStateUpdate({
          guild_id: guildId,
          channel_id: channelId,
          user_id: userId,
          session_id: `bench-${guildId}`,
          deaf: false,
          mute: false,
          self_deaf: true,
          self_mute: false,
          self_video: false,
          suppress: false,
          request_to_speak_timestamp: null,
        });
        methods.onVoiceServerUpdate({ guild_id: guildId, token: `token-${guildId}`, endpoint });
      });
      return true;
    },
    destroy() {},
  });

const speakers = Array.from({ length: sessions }, (_, i) => {
  const guildId = String(2_000_000_000_000_000_000n + BigInt(i));
  const speaker = new Speaker(
    {
      guildId,
      channelId: String(3_000_000_000_000_000_000n + BigInt(i)),
      adapterCreator: adapter(guildId, '1234567890'),
    },
    {
      log,
      audioDir,
      readyTimeoutMs: 20_000,
      retryMs: [],
      inlineVolume: inline,
      onGiveUp: () => console.error(`session ${i}: voice connection failed`),
    },
  );
  return speaker;
});
const ready = (await Promise.all(speakers.map((s) => s.connect()))).filter(Boolean).length;

let playing = true;
const loop = async (s: Speaker, offset: number) => {
  // Staggered, as sessions are: each starts at another point of the class.
  const list = [...playlist.slice(offset), ...playlist.slice(0, offset)];
  while (playing) {
    s.queue(list);
    await s.idle(600_000);
    // idle() returns at once on a connection that dropped: don't spin.
    await new Promise((r) => setTimeout(r, 20));
  }
};
speakers.forEach((s, i) => void loop(s, i % playlist.length));
// Let every stream start (first resource, Ogg demuxer) before measuring.
await new Promise((r) => setTimeout(r, 2_000));
const cpu0 = process.cpuUsage();
const wall0 = performance.now();
await new Promise((r) => setTimeout(r, seconds * 1_000));
const cpu = process.cpuUsage(cpu0);
const wallMs = performance.now() - wall0;
playing = false;
for (const s of speakers) s.leave();
// Logs go to stdout too: the parent reads the one line that starts with RESULT.
console.log(
  `RESULT ${JSON.stringify({
    sessions,
    ready,
    mode: inline ? 'inline' : 'files',
    volume,
    fallback,
    clips: playlist.length,
    wallMs,
    userMs: cpu.user / 1000,
    systemMs: cpu.system / 1000,
  })}`,
);
process.exit(0);
