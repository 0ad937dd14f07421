// The arrival heard on the stand-in voice server: after the opening's bell, welcome and safety
// rule, the two arrival cues in the settle, each at its time before the first pose. At speed 2
// (the slowest this can be heard: the welcome takes half a minute) it takes about 50 s.
import { afterEach, expect, test } from 'vitest';
import { dueAt } from '../../src/domain/session.ts';
import { ARRIVAL_BEFORE_MS } from '../../src/voice/moments.ts';
import { HOST, VOICE_CHANNEL_ID } from '../../stand-in/discord/fixtures.ts';
import { startVoiceHarness, type VoiceHarness } from '../../stand-in/voice/harness.ts';
import { startHarness, type Harness } from '../helpers/harness.ts';

const SPEED = 2;
let v: VoiceHarness<Harness> | undefined;
afterEach(async () => {
  await v?.stop();
  v = undefined;
});

test('GIVEN a voice session of the back class THEN after the welcome and the safety rule it hears the arrival, then the longer exhale, on time', async () => {
  const x = await startVoiceHarness((fake, voice) => startHarness({ speed: SPEED, fake, voice }));
  v = x;
  x.h.fake.setVoiceState(HOST.id, VOICE_CHANNEL_ID);
  await x.h.fake.slash({
    user: HOST,
    channelId: VOICE_CHANNEL_ID,
    name: 'yin',
    subcommand: 'start',
    options: { sequence: 'back' },
  }).response;
  await x.h.fake.waitFor(() => /arrival-settle-exhale/.test(x.heard()), 70_000);
  expect(x.heard()).toMatch(/^bell-bowl welcome-back safety arrival-settle arrival-settle-exhale~?$/);
  const runner = x.h.bot.ctx.runner;
  const s = runner.get(VOICE_CHANNEL_ID)!;
  const t = runner.timeline(VOICE_CHANNEL_ID)!;
  const firstPose = dueAt(s, t, 1)!;
  const at = (key: string) => x.heardAt().find((c) => c.key === key)?.at ?? Number.NaN;
  // Each starts when its moment is due (the arrival may wait a moment for the safety rule to end).
  // Heard within 1.5 s: a moment more than LATE_MS (1 s) late is not said at all, and the e2e files
  // run several at a time on two cores, so a timer or the first packets can come a little late.
  const exhaleDue = firstPose - (ARRIVAL_BEFORE_MS['arrival-exhale'] ?? 0) / SPEED;
  expect(at('arrival-settle-exhale') - exhaleDue).toBeGreaterThanOrEqual(-300);
  expect(at('arrival-settle-exhale') - exhaleDue).toBeLessThanOrEqual(1_500);
  const arrivalDue = firstPose - (ARRIVAL_BEFORE_MS.arrival ?? 0) / SPEED;
  expect(at('arrival-settle')).toBeGreaterThanOrEqual(arrivalDue - 300);
  expect(at('arrival-settle')).toBeLessThan(exhaleDue);
}, 120_000);
