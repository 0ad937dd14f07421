// Test wiring: the stand-in Discord, the fake voice server and the real bot, whose own VoiceGuide
// (built by startBot) is what the tests listen to.
import { join } from 'node:path';
import type { FakeDiscord, FakeDiscordOptions } from '../discord/fake.ts';
import { APP_ID, GUILD_ID } from '../discord/fixtures.ts';
import type { VoiceGuide, VoiceGuideOptions } from '../../src/voice/voice-guide.ts';
import { clipParts } from '../../src/voice/clips.ts';
import type { Volume } from '../../src/domain/sound.ts';
import { rmsDb } from './level.ts';
import { cueLibrary, describePlayed, recognise, type Played } from './recognise.ts';
import { SILENCE, startFakeVoice, type FakeVoiceServer } from './server.ts';
import { selfSignedCert, trustInThisProcess } from './tls.ts';

export const AUDIO_DIR = join(import.meta.dirname, '..', '..', 'data', 'audio');

/** Rejoin quickly in tests: three tries within a second instead of within 21 s. */
export const FAST_VOICE: Partial<VoiceGuideOptions> = {
  readyTimeoutMs: 3_000,
  retryMs: [100, 200, 400],
  leaveAfterMs: 30_000,
};

interface Started {
  fake: FakeDiscord;
  bot: { voice: VoiceGuide };
  stop(): Promise<void>;
}

export interface VoiceHarness<H extends Started> {
  h: H;
  voice: FakeVoiceServer;
  guide: VoiceGuide;
  /** The bot's own voice state as the stand-in Discord sees it: its channel, or null. */
  botChannel(): string | null;
  /** What the voice server heard, as cue keys: "bell welcome-back safety bell~ …". */
  heard(fromFrame?: number): string;
  /** The cues heard, each with when its first frame arrived (epoch ms): for "said at the right time". */
  heardAt(): (Played & { at: number })[];
  /**
   * The cues heard, each with the file's key and level it was recognised as and the level the
   * server measured by decoding the packets it received (RMS, dBFS): "heard as chosen".
   */
  heardLevels(): HeardCue[];
  stop(): Promise<void>;
}

export interface HeardCue extends Played {
  /** The cue's key (`bell-chime`) and level (`quiet`), from the file its packets matched. */
  cue: string;
  level: Volume;
  /** When its first frame arrived (epoch ms). */
  at: number;
  /** What the server measured from the decoded packets. */
  rmsDb: number;
}

const library = cueLibrary(AUDIO_DIR);

/**
 * `start` is the existing bot harness (test/helpers/harness.ts startHarness); the fake voice
 * server's endpoint is handed to it unless `endpoint` overrides it (e.g. a port nobody serves).
 */
export async function startVoiceHarness<H extends Started>(
  start: (fake: FakeDiscordOptions, voice: Partial<VoiceGuideOptions>) => Promise<H>,
  o: { fake?: FakeDiscordOptions; endpoint?: string; guide?: Partial<VoiceGuideOptions> } = {},
): Promise<VoiceHarness<H>> {
  const tls = selfSignedCert();
  trustInThisProcess(tls.cert); // each harness has its own cert; trusting several is harmless
  const voice = await startFakeVoice({ ...tls, heartbeatIntervalMs: 1_000 });
  const h = await start({ ...o.fake, voiceEndpoint: o.endpoint ?? voice.endpoint }, { ...FAST_VOICE, ...o.guide });
  const guide = h.bot.voice;
  // Discord passes on the bot's audio only where it may Speak.
  voice.mayBeHeard = (guildId) => h.fake.botMayBeHeard(guildId);
  function heardLevels(): HeardCue[] {
    const sound = voice.frames.filter((f) => !f.opus.equals(SILENCE));
    const packets = sound.map((f) => f.opus);
    let i = 0;
    return recognise(packets, library).map((p) => {
      const at = sound[i]?.at ?? 0;
      const heard = packets.slice(i, i + p.frames);
      i += p.frames;
      const { key, volume } = p.key === 'unknown' ? { key: 'unknown', volume: 'normal' as const } : clipParts(p.key);
      return { ...p, cue: key, level: volume, at, rmsDb: rmsDb(heard) };
    });
  }
  return {
    h,
    voice,
    guide,
    botChannel: () => h.fake.state.voiceStates(GUILD_ID).get(APP_ID)?.channelId ?? null,
    heard: (from = 0) => describePlayed(recognise(voice.audio(from), library)),
    heardAt: () => heardLevels().map(({ key, frames, complete, at }) => ({ key, frames, complete, at })),
    heardLevels,
    async stop() {
      await h.stop();
      await voice.stop();
    },
  };
}
