// The sleep class ends in rest, end to end: skipped through to its final rest at speed 20, it lets
// the rest run with nothing said (no "move your fingers and toes"), closes with one bell a level
// softer and no words, and the closing's words are in the post only. Heard on the stand-in voice
// server, which recognises each played file and its level.
import { afterEach, expect, test } from 'vitest';
import { controlId } from '../../src/discord/custom-ids.ts';
import { HOST, VOICE_CHANNEL_ID } from '../../stand-in/discord/fixtures.ts';
import { startVoiceHarness, type VoiceHarness } from '../../stand-in/voice/harness.ts';
import { embedOf, startHarness, type Harness } from '../helpers/harness.ts';

let v: VoiceHarness<Harness> | undefined;
afterEach(async () => {
  await v?.stop();
  v = undefined;
});

const titled = (x: VoiceHarness<Harness>) => x.h.fake.messages(VOICE_CHANNEL_ID).filter((m) => embedOf(m).title);

test('GIVEN the sleep class in a voice channel THEN its final rest says nothing, and it closes with one quiet bell and no words', async () => {
  // Speed 20: the 8-minute rest lasts 24 s, long enough for the savasana's words and, in a class
  // that wakes its students, the rest-end cue 1.25 s before the end (the back class says it).
  const x = await startVoiceHarness((fake, voice) => startHarness({ speed: 20, fake, voice }));
  v = x;
  x.h.fake.setVoiceState(HOST.id, VOICE_CHANNEL_ID);
  await x.h.fake.slash({
    user: HOST,
    channelId: VOICE_CHANNEL_ID,
    name: 'yin',
    subcommand: 'start',
    options: { sequence: 'sleep' },
  }).response;
  await x.h.fake.waitFor(() => x.heard().startsWith('bell-bowl'), 10_000);

  // Skip to the final rest, one step at a time.
  for (let guard = 0; guard < 20; guard++) {
    const last = titled(x).at(-1)!;
    if (embedOf(last).title?.startsWith('Final rest')) break;
    const sessionId = x.h.bot.ctx.runner.get(VOICE_CHANNEL_ID)!.id;
    const before = titled(x).length;
    const r = await x.h.fake.click({
      user: HOST,
      message: last,
      customId: controlId.build({ action: 'skip', sessionId }),
    }).response;
    expect(r.type).toBe(6);
    await x.h.fake.waitFor(() => titled(x).length === before + 1, 5_000);
  }
  const rest = titled(x).at(-1)!;
  expect(embedOf(rest).title).toBe('Final rest · Savasana');
  // The post says no way out of the rest: the class ends lying down.
  expect(embedOf(rest).footer?.text).not.toMatch(/Coming out|fingers and toes/);

  // The rest runs out by itself; the closing is posted and the bot leaves.
  await x.h.fake.waitFor(() => titled(x).some((m) => embedOf(m).title?.startsWith('Closing')), 40_000);
  await x.h.fake.waitFor(() => x.botChannel() === null, 15_000);

  const heard = x.heard();
  // The rest's bell and savasana's words in full, then one bell: nothing between, nothing after.
  expect(heard).toMatch(/ bell-bowl pose-savasana bell-bowl\.quiet$/);
  expect(heard).not.toMatch(/rest-end|closing-/);
  const levels = x.heardLevels();
  expect(levels.at(-1)).toMatchObject({ cue: 'bell-bowl', level: 'quiet', complete: true });
  // The closing's words are in the post.
  const closing = titled(x).at(-1)!;
  expect(embedOf(closing).description).toContain('Stay as long as you like');
  expect(x.voice.badPackets).toBe(0);
}, 120_000);
