// The voice channel's status shows the current step of a voice session, end to end: the real bot
// against the stand-in Discord (which validates PUT /channels/{id}/voice-status against the spec,
// requires Set Voice Channel Status and the bot in the channel) and the fake voice server. A
// refused permission, a restart and a crash: voice-status-faults.test.ts (apart, to run in parallel).
import { afterEach, describe, expect, test } from 'vitest';
import type { Bot } from '../../src/bot.ts';
import { statusLine } from '../../src/discord/session/text.ts';
import { GUILD_ID, HOST, VOICE_CHANNEL_ID } from '../../stand-in/discord/fixtures.ts';
import { startVoiceHarness, type VoiceHarness } from '../../stand-in/voice/harness.ts';
import { ManualClock } from '../../src/domain/clock.ts';
import { startHarness, type Harness } from '../helpers/harness.ts';
import { clockDriver } from '../helpers/test-clock.ts';
import { BEFORE, closingPosted, startIn, statusesSent, voiceHarness } from '../helpers/voice-status.ts';

let v: VoiceHarness<Harness> | undefined;
let second: Bot | undefined;
afterEach(async () => {
  await second?.stop();
  second = undefined;
  await v?.stop();
  v = undefined;
});

describe('the voice channel status follows the practice', () => {
  test('GIVEN a voice session with sound THEN the status names each step as it is posted, and the status from before comes back at the end', {
    timeout: 90_000,
  }, async () => {
    v = await voiceHarness(120);
    const { h } = v;
    h.fake.state.voiceStatus.set(VOICE_CHANNEL_ID, BEFORE);
    // The bot only learns the status from the gateway: reconnect so GUILD_CREATE carries it.
    h.fake.dispatch('VOICE_CHANNEL_STATUS_UPDATE', { id: VOICE_CHANNEL_ID, guild_id: GUILD_ID, status: BEFORE });
    h.fake.setVoiceState(HOST.id, VOICE_CHANNEL_ID);
    await startIn(h).response;
    const timeline = await h.fake.waitFor(() => h.bot.ctx.runner.timeline(VOICE_CHANNEL_ID));
    await h.fake.waitFor(closingPosted(h), 40_000);
    await h.fake.waitFor(() => statusesSent(h).at(-1) === BEFORE, 10_000);

    const steps = timeline.steps.slice(0, -1).map((_, i) => statusLine(timeline, i));
    // Steps pass faster than a post at speed 120, but each one's line is set, in order.
    expect(statusesSent(h)).toEqual([...steps, BEFORE]);
    expect(steps[0]).toBe('🧘 Yin for the Back · settling in');
    expect(steps).toContain('🧘 3/9 · Dragonfly — side bend (left side)');
    expect(steps).toContain('🧘 Rebound · On Your Back');
    expect(h.fake.state.voiceStatus.get(VOICE_CHANNEL_ID)).toBe(BEFORE);
    expect(h.fake.invalid).toEqual([]);
  });

  test('GIVEN the host ends the session early THEN the status is cleared', async () => {
    v = await voiceHarness(6);
    const { h } = v;
    h.fake.setVoiceState(HOST.id, VOICE_CHANNEL_ID);
    await startIn(h).response;
    await h.fake.waitFor(() => statusesSent(h).length >= 1, 10_000);
    expect(h.fake.state.voiceStatus.get(VOICE_CHANNEL_ID)).toBe('🧘 Yin for the Back · settling in');
    await h.fake.slash({ user: HOST, channelId: VOICE_CHANNEL_ID, name: 'yin', subcommand: 'stop' }).response;
    await h.fake.waitFor(() => statusesSent(h).at(-1) === null, 10_000);
    expect(h.fake.state.voiceStatus.has(VOICE_CHANNEL_ID)).toBe(false);
    expect(h.fake.invalid).toEqual([]);
  });

  test('GIVEN sound off THEN the bot never joins, so it never sets a status', async () => {
    // Nothing is heard: the class runs on the test clock, step to step, to its end.
    const clock = new ManualClock();
    v = await startVoiceHarness((fake, voice) => startHarness({ clock, fake, voice }));
    const { h } = v;
    await startIn(h, { sound: 'off' }).response;
    const until = clockDriver(clock, h);
    await until(closingPosted(h));
    await until(() => h.bot.ctx.runner.get(VOICE_CHANNEL_ID) === undefined);
    expect(statusesSent(h)).toEqual([]);
    expect(v.botChannel()).toBeNull();
  });
});
