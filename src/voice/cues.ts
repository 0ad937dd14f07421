// What a voice session plays, as plain data: keys of audio files in data/audio, chosen from the
// timeline and the session state. No Discord, no audio here, so it is tested table-driven.
import { createHash } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { ARRIVALS, type Catalog, type Pose, type Sequence } from '../domain/catalog-schema.ts';
import { t } from '../i18n.ts';
import type { Action, SessionState } from '../domain/session.ts';
import type { Language } from '../languages.ts';
import {
  bellKey,
  DEFAULT_SOUND_CHOICE,
  sessionSound,
  VOLUME_DB,
  VOLUMES,
  type SoundChoice,
  softer,
  type Volume,
} from '../domain/sound.ts';
import { HOLD_BEGIN_KEYS, HOLD_BEGIN_TEXT, ownHoldBeginKey } from '../domain/flow.ts';
import type { Side, Timeline } from '../domain/timeline.ts';
import { clip, clipParts, type Clip } from './clips.ts';
import { isServerId } from '../library/limits.ts';
import { ARRIVAL, ARRIVAL_EXHALE, arrivalKey, COME_OUT, REST_END } from './moments.ts';
import { VOICE, voiceFor, type VoiceSettings } from './voices.ts';

export { clip, clipParts, type Clip } from './clips.ts';

export type Sound = SoundChoice;

/**
 * Bells are synthesised, not spoken: key (`bellKey` of each of the domain's BELLS) → the sox
 * effects that make one (from `sox -n -r 48000 -c 3`), which make-audio runs as written. The
 * recipe is the bell's "text", so editing it marks the file stale the same way editing a pose's
 * `spoken` does. Three partials each, made here (no recorded sample, so no licence to keep):
 * - the singing bowl: inharmonic partials around 528 Hz, a quick attack and a long decay (2 s);
 * - the soft chime: higher, brighter partials (1.3, 3.5 and 6.7 kHz), a shorter ring (1.8 s);
 * - the wood block: two low partials and a touch of pink noise for the knock, gone in 0.3 s.
 */
export const BELL_RECIPES: Readonly<Record<string, string>> = {
  'bell-bowl': 'synth 2.0 sine 528 sine 1324 sine 2211 remix - fade q 0.005 2.0 1.9',
  'bell-chime': 'synth 1.8 sine 1318.5 sine 3530 sine 6710 remix - fade q 0.002 1.8 1.75',
  'bell-wood': 'synth 0.3 sine 820 sine 2150 pinknoise remix 1v0.5,2v0.25,3v0.1 fade l 0.0005 0.3 0.295',
};
export const isBell = (key: string): boolean => Object.hasOwn(BELL_RECIPES, key);

/** The pose's own words for a side ("Lean over your left leg."), or the plain "To the left." */
export const sideCue = (pose: Pose, side: Side): string => (pose.sides ? `side-${pose.id}-${side}` : `side-${side}`);

/** The session's sound as resolved at its start: mode, bell, volume, interval bell. */
export const soundOf = (s: Pick<SessionState, 'sound'>): Sound => sessionSound(s);

/** The file that plays a clip: `<key>.opus` at normal volume, `<key>.<level>.opus` at the others. */
export const clipFile = (c: Clip): string => {
  const { key, volume } = clipParts(c);
  return fileFor(key, volume);
};

/**
 * A server's own sequence has no spoken words of its own (nothing is synthesised at run time):
 * it opens and closes with the generic welcome and closing; its poses speak their own cues.
 */
const welcomeKey = (id: string): string => (isServerId(id) ? 'welcome-generic' : `welcome-${id}`);
const closingKey = (id: string): string => (isServerId(id) ? 'closing-generic' : `closing-${id}`);

/**
 * What to play, in order, when a step is posted: the chosen bell, and with the voice on the
 * pose and its side (the opening: the welcome and the safety rule; the closing: three bells and
 * a closing line), every file at the session's volume. A class that ends in rest (`endsInRest`)
 * closes with one bell a level softer and no words: its closing is in the post only. Nothing is
 * said midway: see momentsOf.
 */
export function cuesForStep(
  t: Timeline,
  step: number,
  sound: Sound = DEFAULT_SOUND_CHOICE,
  language: Language = 'en',
): Clip[] {
  const at = t.steps[step];
  if (!at || sound.mode === 'off') return [];
  // A language without a voice of its own rings the bell only (its opening says so).
  const said = voiceFor(language);
  const voice = sound.mode === 'bell+voice' && said !== undefined;
  const say = (key: string) => spokenKey(said?.dir ?? '', key);
  const bell = bellKey(sound.bell);
  if (at.kind === 'closing' && t.sequence.endsInRest) return [clip(bell, softer(sound.volume))];
  const keys =
    at.kind === 'opening'
      ? [bell, ...(voice ? [say(welcomeKey(t.sequence.id)), say('safety')] : [])]
      : at.kind === 'closing'
        ? [bell, bell, bell, ...(voice ? [say(closingKey(t.sequence.id))] : [])]
        : [bell, ...(voice ? [say(`pose-${at.pose.id}`), ...(at.side ? [say(sideCue(at.pose, at.side))] : [])] : [])];
  return keys.map((k) => clip(k, sound.volume));
}

/**
 * Cues that cuesForStep always plays right after another spoken cue (the safety rule after the
 * welcome, a side after its pose): their file opens with a short silence, so the gap between the
 * two is a sentence pause like the ones inside a cue (VOICE.sentencePauseMs).
 */
export const followsSpeech = (key: string): boolean => {
  const bare = key.slice(key.lastIndexOf('/') + 1);
  return bare === 'safety' || bare.startsWith('side-');
};

/** A spoken cue's key in a voice's folder: `de/pose-dragon`; English cues stay at the top. */
export const spokenKey = (dir: string, key: string): string => (dir ? `${dir}/${key}` : key);

export type VoiceEvent = { kind: 'step'; step: number } | { kind: 'action'; action: Action } | { kind: 'ended' };

/**
 * What the speaker does on an event: `stop` cuts whatever is playing, `play` queues keys after
 * that, `leave` means leave the channel once the queue has played out.
 */
export interface VoicePlan {
  stop: boolean;
  play: Clip[];
  leave: boolean;
}

const NOTHING: VoicePlan = { stop: false, play: [], leave: false };

/**
 * A new step cuts the previous step's cues (a skip rings the new pose at once). A paused session
 * is silent. Resume and +1 play nothing: the next sound is the next step's bell. Skip and End
 * play through the step the runner posts right after, not here.
 */
export function planFor(s: SessionState, t: Timeline, event: VoiceEvent): VoicePlan {
  if (event.kind === 'ended') return { ...NOTHING, leave: true };
  if (event.kind === 'action') return event.action === 'pause' ? { ...NOTHING, stop: true } : NOTHING;
  if (s.pausedAt !== null) return NOTHING;
  return { stop: true, play: cuesForStep(t, event.step, soundOf(s), s.language), leave: false };
}

/** "flexion (forward bending), extension" → "flexion, extension": brackets read badly aloud. */
const spokenForm = (text: string): string =>
  text
    .replace(/\s*\([^)]*\)/g, '')
    .replace(/\s+/g, ' ')
    .trim();
const firstSentence = (text: string): string => /^.*?[.!?](?=\s|$)/.exec(text)?.[0] ?? text;

const welcomeText = (q: Sequence, lang: Language): string =>
  t('spoken.welcome', { name: q.name, words: q.spokenWelcome ?? spokenForm(q.focus) }, lang);
const closingText = (q: Sequence, lang: Language): string =>
  t('spoken.closing', { first: firstSentence(q.closing) }, lang);

/**
 * Every cue the catalog can need, key → text spoken: in English (and the bells) by default, or
 * in `language` from that language's catalog, keyed in its voice's folder (`de/pose-dragon`).
 * make-audio renders exactly these; the manifest test checks each has a file whose recorded text
 * is this text.
 */
export function allCues(catalog: Catalog, language: Language = 'en'): Map<string, string> {
  const dir = voiceFor(language)?.dir ?? '';
  const k = (key: string) => spokenKey(dir, key);
  const say = (key: string) => t(key, {}, language);
  const cues = new Map<string, string>([
    ...(dir ? [] : Object.entries(BELL_RECIPES)),
    [k('safety'), say('spoken.safety')],
    [k('side-left'), say('spoken.side_left')],
    [k('side-right'), say('spoken.side_right')],
    ...HOLD_BEGIN_KEYS.map((key, i): [string, string] => [k(key), say(HOLD_BEGIN_TEXT[i] ?? 'spoken.holdBegin')]),
    [k(COME_OUT), say('spoken.comeOut')],
    [k(REST_END), say('spoken.restEnd')],
    [k('welcome-generic'), say('library.welcomeSpoken')],
    [k('closing-generic'), say('library.closingSpoken')],
  ]);
  for (const arrival of ARRIVALS) {
    cues.set(k(arrivalKey(arrival, ARRIVAL)), say(`arrival.spoken_${arrival}`));
    cues.set(k(arrivalKey(arrival, ARRIVAL_EXHALE)), say(`arrival.spoken_${arrival}_exhale`));
  }
  for (const q of catalog.sequences.values()) {
    cues.set(k(`welcome-${q.id}`), welcomeText(q, language));
    cues.set(k(`closing-${q.id}`), closingText(q, language));
    for (const [n, line] of (q.holdBegin ?? []).entries()) cues.set(k(ownHoldBeginKey(q.id, n)), line);
  }
  for (const p of catalog.poses.values()) {
    cues.set(k(`pose-${p.id}`), p.spoken);
    if (p.sides) for (const side of ['left', 'right'] as const) cues.set(k(sideCue(p, side)), p.sides[side]);
  }
  return cues;
}

/** The text behind a key (a bell's recipe for a bell), or undefined for an unknown key. */
export function cueText(catalog: Catalog, key: string): string | undefined {
  return allCues(catalog).get(key);
}

/** Short content hash recorded in the manifest, so edited data shows up as stale audio. */
export const textHash = (text: string): string => createHash('sha256').update(text).digest('hex').slice(0, 16);

export { VOICE, VOICES, voiceFor, type VoiceSettings } from './voices.ts';

/** The loudness every cue and bell is rendered at, as its normal level (integrated LUFS, EBU R128). */
export const NORMAL_LUFS = -20;
/**
 * Each volume's loudness, integrated LUFS of the decoded file as Discord plays it (stereo): the
 * normal level, and the others VOLUME_DB from it (quiet −26, loud −16). Every cue has a file at each.
 */
export const LEVELS: Readonly<Record<Volume, number>> = {
  quiet: NORMAL_LUFS + VOLUME_DB.quiet,
  normal: NORMAL_LUFS + VOLUME_DB.normal,
  loud: NORMAL_LUFS + VOLUME_DB.loud,
};
export type Level = Volume;
/** How far a file may be off its level, in LU; and the highest true peak a file may have, dBTP. */
export const LOUDNESS_TOLERANCE_LU = 1;
export const MAX_TRUE_PEAK_DB = -1;

/**
 * A cue's file at a level. 'normal' keeps the bare `<key>.opus`; the others go beside it as
 * `<key>.<level>.opus` (bell-chime.quiet.opus). A clip (clips.ts) names the same file.
 */
export const fileFor = (key: string, level: Level = 'normal'): string =>
  level === 'normal' ? `${key}.opus` : `${key}.${level}.opus`;

/** What the engine is given for a cue: one string per sentence, with VOICE.sayAs respellings. */
export function sentencesToSay(text: string, voice: VoiceSettings = VOICE): string[] {
  const said = Object.entries(voice.sayAs).reduce(
    (s, [word, as]) => s.replace(new RegExp(`\\b${word}\\b`, 'gi'), as),
    text,
  );
  return said
    .split(/(?<=[.!?])\s+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

export interface AudioManifestEntry {
  file: string;
  text: string;
  hash: string;
  /** Length in ms, for logs and for tests that wait for playback. */
  ms: number;
  /** Integrated loudness of the decoded file (LUFS), as make-audio measured it. */
  lufs: number;
  /** True peak of the decoded file (dBTP). */
  peak: number;
}

export interface AudioManifest {
  format: 'ogg-opus-48k';
  /** The voice every spoken cue (all but the bells) was rendered with. */
  voice: VoiceSettings;
  /** One entry per clip: each cue at each level (`safety`, `safety.quiet`, `safety.loud`). */
  cues: Record<string, AudioManifestEntry>;
}

export type AudioStaleness = 'missing' | 'text' | 'voice' | 'loudness';

/**
 * Why each cue in `cues` (key → text, from allCues) needs rendering again at each level, given the
 * manifest (an entry per clip: `safety`, `safety.quiet`, `safety.loud`): no entry, another text,
 * another voice (spoken cues only) or off its level's loudness. Keyed by clip; a clip absent from
 * the result is current. make-audio renders exactly these; the tests expect none.
 */
export function staleCues(
  manifest: AudioManifest | undefined,
  cues: ReadonlyMap<string, string>,
  voice: VoiceSettings = VOICE,
): Map<string, AudioStaleness> {
  const stale = new Map<string, AudioStaleness>();
  for (const [key, text] of cues) {
    for (const level of VOLUMES) {
      const name = clip(key, level);
      const e = manifest?.cues[name];
      if (!e || e.file !== fileFor(key, level)) stale.set(name, 'missing');
      else if (e.text !== text || e.hash !== textHash(text)) stale.set(name, 'text');
      else if (!isBell(key) && !isDeepStrictEqual(manifest?.voice, voice)) stale.set(name, 'voice');
      else if (!(Math.abs(e.lufs - LEVELS[level]) <= LOUDNESS_TOLERANCE_LU) || !(e.peak <= MAX_TRUE_PEAK_DB))
        stale.set(name, 'loudness');
    }
  }
  return stale;
}
