// Brazilian Portuguese in voice, end to end: RHVoice Letícia-F123's cue files heard through the
// fake voice server (apart from e2e-languages-voice.test.ts so the two run in parallel).
import { describe, expect, test } from 'vitest';
import { t } from '../../src/i18n.ts';
import { HOST, VOICE_CHANNEL_ID } from '../../stand-in/discord/fixtures.ts';
import { startVoiceHarness } from '../../stand-in/voice/harness.ts';
import { embedOf, startHarness } from '../helpers/harness.ts';
import { runBack } from '../helpers/run-back.ts';

describe('the voice in the practice language', () => {
  test.each([['pt-BR', 'pt-BR']])(
    'GIVEN %s THEN the voice plays its cue files (in data/audio/%s)',
    async (lang, dir) => {
      const v = await startVoiceHarness((fake, voice) => startHarness({ speed: 120, fake, voice }));
      try {
        v.h.fake.setVoiceState(HOST.id, VOICE_CHANNEL_ID);
        const posts = await runBack(v.h, VOICE_CHANNEL_ID, { language: lang });
        // The opening names the voice as on, with no note that the language has none.
        const sound = embedOf(posts[0]).fields?.find((f) => f.name === t('post.fieldSound', {}, lang))?.value;
        expect(sound).toContain(t('sound.voice_bell+voice', {}, lang));
        expect(sound).not.toContain(t('post.soundNoVoice', { summary: '' }, lang).replace(/^ · /, ''));
        await v.h.fake.waitFor(() => v.botChannel() === null, 30_000);
        // At speed 120 each step's bell cuts the one before (~): the closing (and, unless a busy machine
        // cuts it too, the last rest's name) is heard through, said from the language's folder, and nothing is said in another.
        expect(v.heard()).toMatch(
          new RegExp(`(${dir}/pose-savasana~? )?bell-bowl bell-bowl bell-bowl ${dir}/closing-back$`),
        );
        const spoken = v
          .heard()
          .replace(/~/g, '')
          .split(' ')
          .filter((k) => !k.startsWith('bell-'));
        expect(spoken.filter((k) => !k.startsWith(`${dir}/`))).toEqual([]);
      } finally {
        await v.stop();
      }
    },
    90_000,
  );
});
