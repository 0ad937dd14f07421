// What a voice session plays, as plain data: keys of audio files in data/audio, chosen from the
// timeline and the session state. No Discord, no audio here, so it is tested table-driven.
import { createHash } from 'node:crypto';
import type { Catalog, Pose, Sequence } from '../domain/catalog-schema.ts';
import { t } from '../i18n.ts';
import type { Action, SessionState } from '../domain/session.ts';
import { bellKey, DEFAULT_SOUND_CHOICE, sessionSound, type SoundChoice, type Volume } from '../domain/sound.ts';
import type { Side, Timeline } from '../domain/timeline.ts';
import { clip, clipParts, type Clip } from './clips.ts';
import { COME_OUT, HOLD_BEGIN, REST_END } from './moments.ts';

export { clip, clipParts, type Clip } from './clips.ts';

export type Sound = SoundChoice;

/** The one rule every sequence shares, said at every opening (from the seed's safety notes). */
export const SAFETY_TEXT = t('spoken.safety');
export const SIDE_TEXT = { left: t('spoken.side_left'), right: t('spoken.side_right') } as const;
/** Said inside a step, at the moments `momentsOf` (moments.ts) gives: the hold's start and end, the rest's end. */
export const MOMENT_TEXT = {
  [HOLD_BEGIN]: t('spoken.holdBegin'),
  [COME_OUT]: t('spoken.comeOut'),
  [REST_END]: t('spoken.restEnd'),
} as const;

/**
 * The bell is synthesised, not spoken: its "text" is the recipe, so editing the recipe in
 * make-audio marks the file stale the same way editing a pose's `spoken` does.
 */
export const BELL_RECIPE = 'sox synth 2.0 sine 528 sine 1324 sine 2211, remix -, fade q 0.005 2.0 1.9, gain -n -8';

/** The pose's own words for a side ("Lean over your left leg."), or the plain "To the left." */
export const sideCue = (pose: Pose, side: Side): string => (pose.sides ? `side-${pose.id}-${side}` : `side-${side}`);

/** The session's sound as resolved at its start: mode, bell, volume, interval bell. */
export const soundOf = (s: Pick<SessionState, 'sound' | 'bell' | 'volume' | 'interval'>): Sound => sessionSound(s);

/** The file that plays a clip: `<key>.opus` at normal volume, `<key>.<level>.opus` at the others. */
export const clipFile = (c: Clip): string => {
  const { key, volume } = clipParts(c);
  return fileFor(key, volume);
};

/**
 * What to play, in order, when a step is posted: the chosen bell, and with the voice on the
 * pose and its side (the opening: the welcome and the safety rule; the closing: three bells and
 * a closing line), every file at the session's volume. Nothing is said midway: see momentsOf.
 */
export function cuesForStep(t: Timeline, step: number, sound: Sound = DEFAULT_SOUND_CHOICE): Clip[] {
  const at = t.steps[step];
  if (!at || sound.mode === 'off') return [];
  const voice = sound.mode === 'bell+voice';
  const bell = bellKey(sound.bell);
  const keys =
    at.kind === 'opening'
      ? [bell, ...(voice ? [`welcome-${t.sequence.id}`, 'safety'] : [])]
      : at.kind === 'closing'
        ? [bell, bell, bell, ...(voice ? [`closing-${t.sequence.id}`] : [])]
        : [bell, ...(voice ? [`pose-${at.pose.id}`, ...(at.side ? [sideCue(at.pose, at.side)] : [])] : [])];
  return keys.map((k) => clip(k, sound.volume));
}

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
  return { stop: true, play: cuesForStep(t, event.step, soundOf(s)), leave: false };
}

/** "flexion (forward bending), extension" → "flexion, extension": brackets read badly aloud. */
const spokenForm = (text: string): string =>
  text
    .replace(/\s*\([^)]*\)/g, '')
    .replace(/\s+/g, ' ')
    .trim();
const firstSentence = (text: string): string => /^.*?[.!?](?=\s|$)/.exec(text)?.[0] ?? text;

const welcomeText = (q: Sequence): string => `Welcome to ${q.name}. ${q.spokenWelcome ?? spokenForm(q.focus)}`;
const closingText = (q: Sequence): string => `${firstSentence(q.closing)} Thank you for practising together.`;

/**
 * Every cue the catalog can need, key → text spoken. make-audio renders exactly these; the
 * manifest test checks each has a file whose recorded text is this text.
 */
export function allCues(catalog: Catalog): Map<string, string> {
  const cues = new Map<string, string>([
    ['bell', BELL_RECIPE],
    ['safety', SAFETY_TEXT],
    ['side-left', SIDE_TEXT.left],
    ['side-right', SIDE_TEXT.right],
    ...Object.entries(MOMENT_TEXT),
  ]);
  for (const q of catalog.sequences.values()) {
    cues.set(`welcome-${q.id}`, welcomeText(q));
    cues.set(`closing-${q.id}`, closingText(q));
  }
  for (const p of catalog.poses.values()) {
    cues.set(`pose-${p.id}`, p.spoken);
    if (p.sides) for (const side of ['left', 'right'] as const) cues.set(sideCue(p, side), p.sides[side]);
  }
  return cues;
}

/** The text behind a key (the bell's recipe for 'bell'), or undefined for an unknown key. */
export function cueText(catalog: Catalog, key: string): string | undefined {
  return allCues(catalog).get(key);
}

/** Short content hash recorded in the manifest, so edited data shows up as stale audio. */
export const textHash = (text: string): string => createHash('sha256').update(text).digest('hex').slice(0, 16);

/** A cue's file at a level: 'normal' is the bare `<key>.opus`, the others `<key>.<level>.opus`. */
export const fileFor = (key: string, level: Volume = 'normal'): string =>
  level === 'normal' ? `${key}.opus` : `${key}.${level}.opus`;

export interface ManifestEntry {
  file: string;
  text: string;
  hash: string;
  /** Length in ms, for logs and for tests that wait for playback. */
  ms: number;
}

export interface Manifest {
  format: 'ogg-opus-48k';
  cues: Record<string, ManifestEntry>;
}
