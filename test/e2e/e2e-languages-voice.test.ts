// The voice in the practice language, end to end: whole classes heard in real time through the
// fake voice server, so apart from e2e-languages.test.ts and run in parallel with it.
import { describe, expect, test } from 'vitest';
import { HOST, VOICE_CHANNEL_ID } from '../../stand-in/discord/fixtures.ts';
import { startVoiceHarness } from '../../stand-in/voice/harness.ts';
import { startHarness } from '../helpers/harness.ts';
import { runBack } from '../helpers/run-back.ts';

describe('the voice in the practice language', () => {
  test.each([
    ['fr', 'fr'],
    ['es-ES', 'es-ES'],
  ])(
    'GIVEN %s THEN the voice plays its cue files (in data/audio/%s)',
    async (lang, dir) => {
      const v = await startVoiceHarness((fake, voice) => startHarness({ speed: 120, fake, voice }));
      try {
        v.h.fake.setVoiceState(HOST.id, VOICE_CHANNEL_ID);
        await runBack(v.h, VOICE_CHANNEL_ID, { language: lang });
        await v.h.fake.waitFor(() => v.botChannel() === null, 30_000);
        expect(v.heard()).toMatch(
          new RegExp(`${dir}/pose-savasana~? bell-bowl bell-bowl bell-bowl ${dir}/closing-back$`),
        );
      } finally {
        await v.stop();
      }
    },
    90_000,
  );
});
