// Voice end to end at speed 6: what is said inside a hold, its start and a little before its
// end, and how a pause moves it (apart from voice-e2e-controls.test.ts, to run in parallel).
import { describe, expect, test } from 'vitest';
import { dueAt, endsAt } from '../../src/domain/session.ts';
import { LEAD_MS } from '../../src/voice/moments.ts';
import { VOICE_CHANNEL_ID } from '../../stand-in/discord/fixtures.ts';
import { press, sleep, until, voiceSessionPerTest } from '../helpers/voice-session.ts';

const begin = voiceSessionPerTest();

describe('voice: moments inside a hold', () => {
  test('GIVEN a voice session at speed 6 THEN a hold says its pose, then hold-begin once the transition is over, then come-out 25 s (scaled) before its end; a pause in the hold moves the come-out with it; then the rebound rings', async () => {
    const x = await begin(6);
    const runner = x.h.bot.ctx.runner;
    await until(x, /^bell-bowl/, 10_000);
    await press(x, 'skip'); // straight to Child's Pose: 45 s to set up and 3 minutes, at speed 6 7.5 s + 30 s
    await x.h.fake.waitFor(() => runner.get(VOICE_CHANNEL_ID)?.posted === 1, 5_000);
    const t = runner.timeline(VOICE_CHANNEL_ID)!;
    const child = t.steps[1]!;
    expect(child).toMatchObject({ kind: 'pose', role: 'hold', transitionMs: 7_500, holdMs: 30_000 });
    const posted = runner.get(VOICE_CHANNEL_ID)!;
    const holdBegins = dueAt(posted, t, 1)! + (child.kind === 'pose' ? child.transitionMs : 0);

    // The pose's cue (bell and 9 s of words) outlasts the transition: hold-begin waits for it.
    await until(x, /bell-bowl pose-wide-knee-child hold-begin$/, 30_000);
    // A pause in the hold: silence, then Resume re-arms the come-out from the new end.
    await press(x, 'pause');
    await sleep(1_000);
    await press(x, 'resume');
    const resumed = runner.get(VOICE_CHANNEL_ID)!;
    const comeOutDue = endsAt(resumed, t, 1)! - Math.round(LEAD_MS / 6);

    // Then the rebound's bell and its pose (rebounds have no moments).
    await until(x, /hold-begin come-out bell-bowl pose-rebound-on-back~$/, 40_000);
    expect(x.heard()).toMatch(
      /^bell-bowl(~| welcome-back~) bell-bowl pose-wide-knee-child hold-begin come-out bell-bowl pose-rebound-on-back~$/,
    );

    const said = x.heardAt();
    const at = (key: string) => said.find((p) => p.key === key)?.at ?? Number.NaN;
    const reboundBell = said.filter((p) => p.key === 'bell-bowl')[2]?.at ?? Number.NaN;
    // hold-begin no earlier than the hold's start (it queued behind the pose), within the hold.
    expect(at('hold-begin')).toBeGreaterThanOrEqual(holdBegins - 50);
    expect(at('hold-begin')).toBeLessThan(comeOutDue);
    // come-out on time (within 300 ms) after the pause moved it, in full before the next bell.
    expect(Math.abs(at('come-out') - comeOutDue)).toBeLessThanOrEqual(300);
    expect(reboundBell).toBeGreaterThan(at('come-out'));
    expect(x.voice.badPackets).toBe(0);
  }, 120_000);
});
