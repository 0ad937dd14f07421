// The voice in the practice language, end to end: whole classes heard in real time through the
// fake voice server, so apart from e2e-languages.test.ts and run in parallel with it. Brazilian
// Portuguese is in e2e-languages-voice-pt.test.ts, for the same reason.
import { describe, test } from 'vitest';
import { expectVoicedIn } from '../helpers/voice-language.ts';

describe('the voice in the practice language', () => {
  test.each([
    ['fr', 'fr'],
    ['es-ES', 'es-ES'],
  ])(
    'GIVEN %s THEN the voice plays its cue files (in data/audio/%s)',
    (lang, dir) => expectVoicedIn(lang, dir),
    90_000,
  );
});
