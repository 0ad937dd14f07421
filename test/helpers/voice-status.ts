// What the voice-status tests share (voice-status.test.ts and voice-status-faults.test.ts run
// apart, in parallel): starting a voice session, the statuses the bot sent, its closing.
import type { pino } from 'pino';
import { HOST, VOICE_CHANNEL_ID } from '../../stand-in/discord/fixtures.ts';
import { startVoiceHarness } from '../../stand-in/voice/harness.ts';
import { embedOf, startHarness, type Harness } from './harness.ts';

export const BEFORE = 'Movie night at 9 🍿';

export const startIn = (h: Harness, options: Record<string, string | number> = {}) =>
  h.fake.slash({
    user: HOST,
    channelId: VOICE_CHANNEL_ID,
    name: 'yin',
    subcommand: 'start',
    options: { sequence: 'back', hold: 3, ...options },
  });

/** Every status the bot sent to the voice channel, in order (null: cleared). */
export const statusesSent = (h: Harness): (string | null)[] =>
  h.fake.requests
    .filter((r) => r.method === 'PUT' && r.path === `/channels/${VOICE_CHANNEL_ID}/voice-status`)
    .filter((r) => r.status === 204)
    .map((r) => (r.body as { status: string | null }).status);

export const closingPosted = (h: Harness) => () =>
  h.fake.messages(VOICE_CHANNEL_ID).find((m) => embedOf(m).title?.startsWith('Closing'));

export async function voiceHarness(speed: number, o: { botPermissions?: bigint; log?: pino.Logger } = {}) {
  return startVoiceHarness((fake, voice) =>
    startHarness({
      speed,
      fake: { ...fake, ...(o.botPermissions !== undefined ? { botPermissions: o.botPermissions } : {}) },
      voice,
      ...(o.log ? { log: o.log } : {}),
    }),
  );
}
