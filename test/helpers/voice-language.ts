// The voice in a practice language, end to end (e2e-languages-voice*.test.ts, split so they run
// in parallel): the back class in a voice channel, its cue files heard from the language's folder.
import { expect } from 'vitest';
import { t } from '../../src/i18n.ts';
import { HOST, VOICE_CHANNEL_ID } from '../../stand-in/discord/fixtures.ts';
import { startVoiceHarness } from '../../stand-in/voice/harness.ts';
import { embedOf, startHarness } from './harness.ts';
import { runBack } from './run-back.ts';

/** Runs the back class in `lang` at 120× and checks what was heard came from data/audio/`dir`. */
export async function expectVoicedIn(lang: string, dir: string): Promise<void> {
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
}
