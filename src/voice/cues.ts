// What a voice session plays, as plain data: keys of audio files in data/audio, chosen from the
// timeline and the session state. No Discord, no audio here, so it is tested table-driven.
import { createHash } from 'node:crypto';
import type { Catalog, Pose, Sequence } from '../domain/catalog-schema.ts';
import { t } from '../i18n.ts';
import { DEFAULT_SOUND, type Action, type SessionState } from '../domain/session.ts';
import type { Side, Timeline } from '../domain/timeline.ts';
import { COME_OUT, HOLD_BEGIN, REST_END } from './moments.ts';

export type Sound = NonNullable<SessionState['sound']>;

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

export const soundOf = (s: Pick<SessionState, 'sound'>): Sound => s.sound ?? DEFAULT_SOUND;

/** Keys of the audio files to play, in order, when a step is posted. Halfway says nothing. */
export function cuesForStep(t: Timeline, step: number, sound: Sound | undefined): string[] {
  const mode = sound ?? DEFAULT_SOUND;
  const at = t.steps[step];
  if (!at || mode === 'off') return [];
  const voice = mode === 'bell+voice';
  if (at.kind === 'opening') return voice ? ['bell', `welcome-${t.sequence.id}`, 'safety'] : ['bell'];
  if (at.kind === 'closing') return ['bell', 'bell', 'bell', ...(voice ? [`closing-${t.sequence.id}`] : [])];
  if (!voice) return ['bell'];
  return ['bell', `pose-${at.pose.id}`, ...(at.side ? [sideCue(at.pose, at.side)] : [])];
}

export type VoiceEvent = { kind: 'step'; step: number } | { kind: 'action'; action: Action } | { kind: 'ended' };

/**
 * What the speaker does on an event: `stop` cuts whatever is playing, `play` queues keys after
 * that, `leave` means leave the channel once the queue has played out.
 */
export interface VoicePlan {
  stop: boolean;
  play: string[];
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
  return { stop: true, play: cuesForStep(t, event.step, s.sound), leave: false };
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

export const fileFor = (key: string): string => `${key}.opus`;

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
