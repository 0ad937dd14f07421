import { afterEach, expect } from 'vitest';
import { controlId } from '../../src/discord/custom-ids.ts';
import type { Action } from '../../src/domain/session.ts';
import { HOST, VOICE_CHANNEL_ID } from '../../stand-in/discord/fixtures.ts';
import { startVoiceHarness, type VoiceHarness } from '../../stand-in/voice/harness.ts';
import { embedOf, type Harness, startHarness } from './harness.ts';

/** A voice harness with the host in the voice channel and the back class started there. */
export async function startVoiceSession(speed = 1): Promise<VoiceHarness<Harness>> {
  const v = await startVoiceHarness((fake, voice) => startHarness({ speed, fake, voice }));
  v.h.fake.setVoiceState(HOST.id, VOICE_CHANNEL_ID);
  await v.h.fake.slash({
    user: HOST,
    channelId: VOICE_CHANNEL_ID,
    name: 'yin',
    subcommand: 'start',
    options: { sequence: 'back' },
  }).response;
  return v;
}

/** Presses a session button as the host, on the latest step post. */
export async function press(x: VoiceHarness<Harness>, action: Action): Promise<void> {
  const sessionId = x.h.bot.ctx.runner.get(VOICE_CHANNEL_ID)?.id ?? '';
  const message = x.h.fake
    .messages(VOICE_CHANNEL_ID)
    .filter((m) => embedOf(m).title)
    .at(-1);
  if (!message) throw new Error('no step posted yet');
  const r = await x.h.fake.click({ user: HOST, message, customId: controlId.build({ action, sessionId }) }).response;
  expect(r.type, `${action} answered`).toBeLessThan(8);
}

/** Waits until what the voice server heard matches `re`. */
export const until = (x: VoiceHarness<Harness>, re: RegExp, ms = 20_000) =>
  x.h.fake.waitFor(() => re.test(x.heard()), ms);

/**
 * For a test file whose tests each run one voice session: `begin(speed)` starts it, and it is
 * stopped after each test, passed or failed.
 */
export function voiceSessionPerTest(): (speed?: number) => Promise<VoiceHarness<Harness>> {
  let current: VoiceHarness<Harness> | undefined;
  afterEach(async () => {
    await current?.stop();
    current = undefined;
  });
  return async (speed = 1) => {
    current = await startVoiceSession(speed);
    return current;
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
