// Brazilian Portuguese in voice, end to end: RHVoice Letícia-F123's cue files heard through the
// fake voice server (apart from e2e-languages-voice.test.ts so the two run in parallel).
import { describe, test } from 'vitest';
import { expectVoicedIn } from '../helpers/voice-language.ts';

describe('the voice in the practice language', () => {
  test.each([['pt-BR', 'pt-BR']])(
    'GIVEN %s THEN the voice plays its cue files (in data/audio/%s)',
    (lang, dir) => expectVoicedIn(lang, dir),
    90_000,
  );
});
