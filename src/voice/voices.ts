import type { Language } from '../languages.ts';

/**
 * Who says the spoken cues, and how. make-audio renders only with exactly this installed (it
 * checks the Debian package's version) and records it in the manifest; any change here (another
 * engine, voice, version, rate, pause or respelling) marks every spoken cue stale.
 */
export interface VoiceSettings {
  engine: string;
  voice: string;
  /** The Debian package version of the voice (`dpkg-query -W rhvoice-english`). */
  version: string;
  /** RHVoice-test --rate, percent of the voice's own pace (slt: about 200 words a minute). */
  ratePercent: number;
  /** Silence between two sentences of a cue, and before a cue that followsSpeech. */
  sentencePauseMs: number;
  /** Words the engine misreads, respelled for it (the cue's text stays as written). */
  sayAs: Readonly<Record<string, string>>;
  /**
   * For a voice whose licence reaches the files it says (share-alike): the licence the rendered
   * cues are under, and the credit it asks for. make-audio writes both into the manifest.
   */
  licence?: string;
  credit?: string;
}

/** RHVoice's `slt` (US English, female; LGPL-2.1+): docs/decisions.md (Why RHVoice `slt`) says why. */
export const VOICE: VoiceSettings = {
  engine: 'rhvoice',
  voice: 'slt',
  version: '1.8.0+dfsg-3',
  // About 140 words a minute while speaking (a calm teacher; slt's own pace is about 200).
  ratePercent: 70,
  sentencePauseMs: 700,
  // Not in the engine's lexicon: its letter-to-sound rules say "prack-TIE-zing".
  sayAs: { practising: 'practicing', savasana: 'shavasana' },
};

/** A language's voice, and the folder of data/audio its cues are in ('' for English, at the top). */
export interface LanguageVoice extends VoiceSettings {
  dir: string;
}

/**
 * The voices by language. German, French and Spanish are SVOX Pico's (Apache-2.0, Debian
 * `libttspico-utils`), the best offline voices there are for them; slowed to 90 % (Pico has no
 * rate of its own: sox's tempo keeps the pitch). Latin American Spanish hears Spain's voice.
 * Brazilian Portuguese is RHVoice's Letícia-F123 (Debian `rhvoice-brazilian-portuguese`), the one
 * offline voice for it here, at rate 85 (24 kHz). The voice is under CC BY-SA 4.0, and so are the
 * cue files it renders (data/audio/pt-BR): its manifest carries the licence and the credit.
 * A language missing here would ring the bell only, and its opening would say so.
 */
export const VOICES: Readonly<Partial<Record<Language, LanguageVoice>>> = {
  en: { ...VOICE, dir: '' },
  de: pico('de', 'de-DE'),
  fr: pico('fr', 'fr-FR', { cœur: 'coeur' }),
  'es-ES': pico('es-ES', 'es-ES'),
  'es-419': pico('es-ES', 'es-ES'),
  'pt-BR': {
    engine: 'rhvoice',
    voice: 'Leticia-F123',
    version: '1.8.0+dfsg-3',
    ratePercent: 85,
    sentencePauseMs: 700,
    sayAs: {},
    dir: 'pt-BR',
    licence: 'CC-BY-SA-4.0 (https://creativecommons.org/licenses/by-sa/4.0/)',
    credit:
      'Spoken by RHVoice with the voice Letícia-F123, © Olga Yakovleva and Fernando H. F. Botelho, CC BY-SA 4.0 (Debian rhvoice-brazilian-portuguese 1.8.0+dfsg-3); rendered and levelled for yin by scripts/make-audio.ts',
  },
};

function pico(dir: string, voice: string, sayAs: Record<string, string> = {}): LanguageVoice {
  return { engine: 'pico', voice, version: '1.0+git20130326-13', ratePercent: 90, sentencePauseMs: 700, sayAs, dir };
}

/** The voice that speaks `language`, or undefined when it has none (bell only). */
export const voiceFor = (language: Language | undefined): LanguageVoice | undefined => VOICES[language ?? 'en'];
