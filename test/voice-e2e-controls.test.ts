// Voice end to end, driven by the host's buttons at real speed (YIN_SPEED 1, so no step comes
// due by itself): what is said at the opening and at a pose, and what Pause, +1, Resume, Skip and
// End do to the sound. Also: a dropped connection is rejoined; alone, the sound pauses.
import { afterEach, describe, expect, test } from 'vitest';
import { controlId } from '../src/discord/custom-ids.ts';
import type { Action } from '../src/domain/session.ts';
import { HOST, VOICE_CHANNEL_ID } from '../stand-in/discord/fixtures.ts';
import { startVoiceHarness, type VoiceHarness } from '../stand-in/voice/harness.ts';
import { embedOf, startHarness, type Harness } from './helpers/harness.ts';

// bot.ts does not build a VoiceGuide yet: give every SessionRunner the test's voice hooks.
let v: VoiceHarness<Harness> | undefined;
afterEach(async () => {
  await v?.stop();
  v = undefined;
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function begin(): Promise<VoiceHarness<Harness>> {
  v = await startVoiceHarness((fake, voice) => startHarness({ speed: 1, fake, voice }));
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
async function press(x: VoiceHarness<Harness>, action: Action): Promise<void> {
  const sessionId = x.h.bot.ctx.runner.get(VOICE_CHANNEL_ID)?.id ?? '';
  const message = x.h.fake
    .messages(VOICE_CHANNEL_ID)
    .filter((m) => embedOf(m).title)
    .at(-1);
  if (!message) throw new Error('no step posted yet');
  const r = await x.h.fake.click({ user: HOST, message, customId: controlId.build({ action, sessionId }) }).response;
  expect(r.type, `${action} answered`).toBeLessThan(8);
}

const until = (x: VoiceHarness<Harness>, re: RegExp, ms = 20_000) => x.h.fake.waitFor(() => re.test(x.heard()), ms);

describe('voice: buttons and sound', () => {
  test('GIVEN a voice session WHEN the host skips, pauses, adds a minute, resumes and ends THEN the voice server hears exactly the right cues', async () => {
    const x = await begin();
    const { voice } = x;
    // Opening: a bell, the welcome with the focus, then the safety rule.
    await until(x, /^bell welcome-back safety~$/);
    await press(x, 'skip');
    // Skip cuts the safety rule and rings the first pose at once.
    await until(x, /safety~ bell pose-wide-knee-child~$/);
    await press(x, 'skip');
    await until(x, /pose-wide-knee-child~ bell~$/);

    // Pause: silent at once, and +1 / Resume play nothing by themselves.
    await press(x, 'pause');
    await sleep(300);
    const paused = voice.frames.length;
    await sleep(700);
    expect(voice.frames.length).toBe(paused);
    await press(x, 'extend');
    await press(x, 'resume');
    await sleep(700);
    expect(voice.audio(paused)).toEqual([]);

    // Skip: the side bend with its side, played in full.
    await press(x, 'skip');
    await until(x, /bell~ bell pose-dragonfly-side-bend side-left$/);

    // The voice server drops us (4014): the bot rejoins and carries on.
    voice.drop(4014);
    await x.h.fake.waitFor(() => voice.identifies().length === 2, 5_000);
    await x.h.fake.waitFor(() => voice.ops.filter((o) => o.op === 1).length === 2, 5_000);

    // End: three bells and the closing line over the new connection, then the bot leaves.
    await press(x, 'stop');
    await until(x, /side-left bell bell bell closing-back$/, 25_000);
    await x.h.fake.waitFor(() => x.botChannel() === null, 5_000);
    expect(x.heard()).toBe(
      'bell welcome-back safety~ bell pose-wide-knee-child~ bell~ bell pose-dragonfly-side-bend side-left bell bell bell closing-back',
    );
    expect(new Set(voice.frames.map((f) => f.ssrc)).size).toBe(2);
    expect(voice.badPackets).toBe(0);
  }, 90_000);

  test('GIVEN the bot is alone in the channel THEN the sound pauses (not the session) until someone is back', async () => {
    const x = await begin();
    await until(x, /^bell~?$/, 10_000);
    x.h.fake.setVoiceState(HOST.id, null);
    await sleep(300);
    const alone = x.voice.frames.length;
    await press(x, 'skip'); // a step while alone: posted, but nothing is played
    await x.h.fake.waitFor(
      () => x.h.fake.messages(VOICE_CHANNEL_ID).filter((m) => embedOf(m).title).length === 2,
      5_000,
    );
    await sleep(500);
    expect(x.voice.audio(alone)).toEqual([]);
    expect(x.botChannel()).toBe(VOICE_CHANNEL_ID); // still there, only quiet
    x.h.fake.setVoiceState(HOST.id, VOICE_CHANNEL_ID);
    await sleep(200);
    await press(x, 'skip');
    await until(x, /^bell~ bell~?$/, 10_000);
    await press(x, 'stop');
  }, 40_000);
});
