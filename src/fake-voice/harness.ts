// Test wiring: the stand-in Discord, the fake voice server and the real bot with a VoiceGuide.
// Until bot.ts builds the VoiceGuide itself, a test file routes the runner's hooks through
// `voiceHooks` (see test/voice-e2e.test.ts, which wraps SessionRunner with vi.mock).
import { join } from 'node:path';
import type { SessionState } from '../domain/session.ts';
import type { Timeline } from '../domain/timeline.ts';
import type { FakeDiscord, FakeDiscordOptions } from '../fake-discord/fake.ts';
import { APP_ID, GUILD_ID } from '../fake-discord/fixtures.ts';
import { silentLogger, type Logger } from '../log.ts';
import type { Action, SessionHooks } from '../sessions/runner.ts';
import { VoiceGuide, type VoiceGuideOptions } from '../voice/voice-guide.ts';
import { cueLibrary, describePlayed, recognise } from './recognise.ts';
import { startFakeVoice, type FakeVoiceServer } from './server.ts';
import { selfSignedCert, trustInThisProcess } from './tls.ts';

export const AUDIO_DIR = join(import.meta.dirname, '..', '..', 'data', 'audio');

/** Forwards to whichever VoiceGuide the current test made. */
export const voiceHooks: SessionHooks & { guide: VoiceGuide | undefined } = {
  guide: undefined,
  stepPosted: (s: SessionState, t: Timeline, step: number) => voiceHooks.guide?.stepPosted(s, t, step),
  acted: (s: SessionState, t: Timeline, action: Action) => voiceHooks.guide?.acted(s, t, action),
  ended: (s: SessionState, t: Timeline) => voiceHooks.guide?.ended(s, t),
};

interface Started { fake: FakeDiscord; bot: { client: VoiceGuideOptions['client'] }; stop(): Promise<void> }

export interface VoiceHarness<H extends Started> {
  h: H;
  voice: FakeVoiceServer;
  guide: VoiceGuide;
  /** The bot's own voice state as the stand-in Discord sees it: its channel, or null. */
  botChannel(): string | null;
  /** What the voice server heard, as cue keys: "bell welcome-back safety bell~ …". */
  heard(fromFrame?: number): string;
  stop(): Promise<void>;
}

const library = cueLibrary(AUDIO_DIR);

/**
 * `start` is the existing bot harness (test/helpers/harness.ts startHarness); the fake voice
 * server's endpoint is handed to it unless `endpoint` overrides it (e.g. a port nobody serves).
 */
export async function startVoiceHarness<H extends Started>(
  start: (fake: FakeDiscordOptions) => Promise<H>,
  o: { fake?: FakeDiscordOptions; endpoint?: string; guide?: Partial<VoiceGuideOptions>; log?: Logger } = {},
): Promise<VoiceHarness<H>> {
  const tls = selfSignedCert();
  trustInThisProcess(tls.cert); // each harness has its own cert; trusting several is harmless
  const voice = await startFakeVoice({ ...tls, heartbeatIntervalMs: 1_000 });
  const h = await start({ ...o.fake, voiceEndpoint: o.endpoint ?? voice.endpoint });
  const guide = new VoiceGuide({ client: h.bot.client, log: o.log ?? silentLogger, audioDir: AUDIO_DIR, readyTimeoutMs: 3_000, retryMs: [100, 200, 400], leaveAfterMs: 30_000, ...o.guide });
  voiceHooks.guide = guide;
  return {
    h,
    voice,
    guide,
    botChannel: () => h.fake.state.voiceStates(GUILD_ID).get(APP_ID)?.channelId ?? null,
    heard: (from = 0) => describePlayed(recognise(voice.audio(from), library)),
    async stop() {
      guide.close();
      if (voiceHooks.guide === guide) voiceHooks.guide = undefined;
      await h.stop();
      await voice.stop();
    },
  };
}
