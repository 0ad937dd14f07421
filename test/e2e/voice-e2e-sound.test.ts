// Sound as chosen, end to end: the bot plays a session's bell, volume and interval bell to the
// stand-in voice server, which recognises each file and decodes the packets to measure the level
// it heard. Fast: sessions here ring the bell only (sound:bell) at speed 60, so no spoken cue
// outlasts a hold; one voice-on session at speed 6 (a pose's 12 s of bell and words, then the
// hold-begin's 9 s, fit before halfway through a 3-minute hold only that slowly) hears the
// interval bell between the hold-begin and the come-out.
import { afterEach, describe, expect, test } from 'vitest';
import { controlId } from '../../src/discord/custom-ids.ts';
import { dueAt, type Action } from '../../src/domain/session.ts';
import { GUILD_ID, HOST, VOICE_CHANNEL_ID } from '../../stand-in/discord/fixtures.ts';
import { startVoiceHarness, type HeardCue, type VoiceHarness } from '../../stand-in/voice/harness.ts';
import { embedOf, startHarness, type Harness } from '../helpers/harness.ts';

let v: VoiceHarness<Harness> | undefined;
afterEach(async () => {
  await v?.stop();
  v = undefined;
});

async function begin(speed: number): Promise<VoiceHarness<Harness>> {
  v = await startVoiceHarness((fake, voice) => startHarness({ speed, fake, voice }));
  v.h.fake.setVoiceState(HOST.id, VOICE_CHANNEL_ID); // someone to practise with, or the sound pauses
  return v;
}
const start = (x: VoiceHarness<Harness>, options: Record<string, string | number | boolean>) =>
  x.h.fake.slash({
    user: HOST,
    channelId: VOICE_CHANNEL_ID,
    name: 'yin',
    subcommand: 'start',
    options: { sequence: 'back', ...options },
  }).response;
async function press(x: VoiceHarness<Harness>, action: Action): Promise<void> {
  const sessionId = x.h.bot.ctx.runner.get(VOICE_CHANNEL_ID)?.id ?? '';
  const message = x.h.fake
    .messages(VOICE_CHANNEL_ID)
    .filter((m) => embedOf(m).title)
    .at(-1);
  if (!message) throw new Error('no step posted yet');
  await x.h.fake.click({ user: HOST, message, customId: controlId.build({ action, sessionId }) }).response;
}
const until = (x: VoiceHarness<Harness>, re: RegExp, ms = 20_000) => x.h.fake.waitFor(() => re.test(x.heard()), ms);
const complete = (heard: HeardCue[], cue: string) => heard.filter((c) => c.cue === cue && c.complete);

describe('sound as chosen, heard on the stand-in voice server', () => {
  test('GIVEN bell:chime volume:quiet interval:True (bell only, 5-minute holds, speed 60) THEN the chime rings at quiet at the opening, at the pose and halfway through its hold, on time', async () => {
    const x = await begin(60);
    await start(x, { hold: 5, sound: 'bell', bell: 'chime', volume: 'quiet', interval: true });
    const runner = x.h.bot.ctx.runner;
    // The opening, Child's Pose (2.5 s later), its interval bell, then the rebound's bell.
    await until(x, /^bell-chime\.quiet~? bell-chime\.quiet bell-chime\.quiet bell-chime\.quiet/, 20_000);
    const s = runner.get(VOICE_CHANNEL_ID)!;
    const t = runner.timeline(VOICE_CHANNEL_ID)!;
    const child = t.steps[1]!;
    if (child.kind !== 'pose') throw new Error('step 1 is a pose');
    const halfway = dueAt(s, t, 1)! + child.transitionMs + child.holdMs / 2;
    const heard = x.heardLevels();
    expect(heard.slice(0, 4).map((c) => [c.cue, c.level])).toEqual(Array(4).fill(['bell-chime', 'quiet']));
    // The third chime is the interval bell: within 300 ms of halfway through the hold.
    expect(Math.abs((heard[2]?.at ?? 0) - halfway)).toBeLessThanOrEqual(300);
    expect(heard[1]!.at).toBeLessThan(halfway - 1_000);
    await press(x, 'stop');
    expect(x.voice.badPackets).toBe(0);
  }, 60_000);

  test('GIVEN three sessions at quiet, normal and loud (wood block) THEN each is heard at its level: quiet ≥ 4 dB softer than normal, loud louder', async () => {
    const x = await begin(60);
    const levels: Record<string, number> = {};
    for (const volume of ['quiet', 'normal', 'loud'] as const) {
      const from = x.heardLevels().length;
      await start(x, { sound: 'bell', bell: 'wood', volume });
      // The opening's bell in full, then End: three more, and the bot leaves.
      await x.h.fake.waitFor(() => complete(x.heardLevels().slice(from), 'bell-wood').length >= 1, 10_000);
      await press(x, 'stop');
      await x.h.fake.waitFor(() => x.botChannel() === null && !x.h.bot.ctx.runner.get(VOICE_CHANNEL_ID), 15_000);
      const heard = complete(x.heardLevels().slice(from), 'bell-wood');
      expect(heard.map((c) => c.level)).toEqual(Array(heard.length).fill(volume));
      levels[volume] = heard[0]!.rmsDb;
    }
    console.log(`heard (RMS dBFS): ${JSON.stringify(levels)}`);
    expect(levels.normal! - levels.quiet!).toBeGreaterThanOrEqual(4);
    expect(levels.loud! - levels.normal!).toBeGreaterThanOrEqual(2);
  }, 90_000);

  test('GIVEN a voice-on session with bell:chime volume:quiet interval:True THEN words and bells are all quiet, and the interval bell rings halfway, between the hold-begin and the come-out', async () => {
    const x = await begin(6);
    await start(x, { bell: 'chime', volume: 'quiet', interval: true });
    await until(x, /^bell-chime\.quiet/, 10_000);
    await press(x, 'skip'); // straight to Child's Pose: 7.5 s to set up, a 30 s hold
    const runner = x.h.bot.ctx.runner;
    await x.h.fake.waitFor(() => runner.get(VOICE_CHANNEL_ID)?.posted === 1, 5_000);
    const s = runner.get(VOICE_CHANNEL_ID)!;
    const t = runner.timeline(VOICE_CHANNEL_ID)!;
    const child = t.steps[1]!;
    if (child.kind !== 'pose') throw new Error('step 1 is a pose');
    const halfway = dueAt(s, t, 1)! + child.transitionMs + child.holdMs / 2;
    await until(
      x,
      /bell-chime\.quiet pose-wide-knee-child\.quiet hold-begin\.quiet bell-chime\.quiet come-out\.quiet/,
      50_000,
    );
    const heard = x.heardLevels();
    expect(heard.every((c) => c.level === 'quiet')).toBe(true);
    expect(heard.map((c) => c.cue)).not.toContain('bell-bowl');
    const interval = heard[heard.findIndex((c) => c.cue === 'hold-begin') + 1]!;
    expect(interval.cue).toBe('bell-chime');
    expect(Math.abs(interval.at - halfway)).toBeLessThanOrEqual(300);
    await press(x, 'stop');
  }, 90_000);

  test('GIVEN the server’s defaults (chime, loud) THEN a session started without options is heard with them', async () => {
    const x = await begin(60);
    await x.h.bot.ctx.settings.update(GUILD_ID, { sound: { mode: 'bell', bell: 'chime', volume: 'loud' } });
    await start(x, {});
    await until(x, /^bell-chime\.loud/, 10_000);
    expect(x.heardLevels()[0]).toMatchObject({ cue: 'bell-chime', level: 'loud' });
    await press(x, 'stop');
  }, 30_000);
});
