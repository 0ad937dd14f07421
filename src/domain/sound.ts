// What a voice session sounds like, as data a server (`/yin settings sound`) and a host
// (`/yin start`) choose from: what plays, which bell, how loud, and whether a soft bell rings
// halfway through long holds. No Discord, no audio: the voice guide turns a choice into files.

/** What a voice session plays: bell and spoken cues, the bell only, or nothing. */
export const SOUND_MODES = ['bell+voice', 'bell', 'off'] as const;
export type SoundMode = (typeof SOUND_MODES)[number];

/** The bells: a singing bowl (yin's first bell), a soft chime, a wood block. */
export const BELLS = ['bowl', 'chime', 'wood'] as const;
export type Bell = (typeof BELLS)[number];

/** How loud everything a session plays is, bell and voice alike: pre-rendered files, one per level. */
export const VOLUMES = ['quiet', 'normal', 'loud'] as const;
export type Volume = (typeof VOLUMES)[number];

/** Each level's gain relative to 'normal' (the loudness target every cue is rendered at), in dB. */
export const VOLUME_DB: Readonly<Record<Volume, number>> = { quiet: -6, normal: 0, loud: 4 };

/** Everything a session's sound is made of, once resolved. */
export interface SoundChoice {
  mode: SoundMode;
  bell: Bell;
  volume: Volume;
  /** A soft bell halfway through holds of INTERVAL_MIN_MS or more. */
  interval: boolean;
}

/** What a session plays when neither it nor its server chose. */
export const DEFAULT_SOUND_CHOICE: SoundChoice = {
  mode: 'bell+voice',
  bell: 'bowl',
  volume: 'normal',
  interval: false,
};

/** A choice in part: what `/yin start` or a server's settings set (unset: the next one down). */
export type SoundPrefs = { [K in keyof SoundChoice]?: SoundChoice[K] | undefined };

/** Holds at least this long (practice time) get the interval bell, when it is on. */
export const INTERVAL_MIN_MS = 3 * 60_000;

/** The file key of a bell's sound in data/audio. */
export const bellKey = (bell: Bell): string => `bell-${bell}`;

/** The interval bell is softer than the session's other bells: a level down, never below quiet. */
export const softer = (v: Volume): Volume => (v === 'loud' ? 'normal' : 'quiet');

/**
 * Each part from the first that sets it: the session's own choice, then the server's, then the
 * default. Unknown values (a record written by a newer version) fall through to the next.
 */
export function resolveSound(...layers: (SoundPrefs | undefined)[]): SoundChoice {
  const pick = <K extends keyof SoundChoice>(k: K, ok: (v: unknown) => boolean): SoundChoice[K] =>
    (layers.map((l) => l?.[k]).find((v) => v !== undefined && ok(v)) as SoundChoice[K] | undefined) ??
    DEFAULT_SOUND_CHOICE[k];
  const among = (values: readonly unknown[]) => (v: unknown) => values.includes(v);
  return {
    mode: pick('mode', among(SOUND_MODES)),
    bell: pick('bell', among(BELLS)),
    volume: pick('volume', among(VOLUMES)),
    interval: pick('interval', (v) => typeof v === 'boolean'),
  };
}

/**
 * A record (a session, a server's settings) saved before its sound was one field kept the parts
 * flat, what plays under `sound` (`sound: 'bell', bell: 'chime'`): read as today's
 * `sound: { mode: 'bell', bell: 'chime' }`, only the parts it had. A record already so: as it is.
 */
export function nestSound(record: Record<string, unknown>): Record<string, unknown> {
  const { sound, bell, volume, interval, ...rest } = record;
  if (typeof sound === 'object' && sound !== null) return record;
  const parts = Object.entries({ mode: sound, bell, volume, interval }).filter(([, v]) => v !== undefined);
  return parts.length === 0 ? rest : { ...rest, sound: Object.fromEntries(parts) };
}

/** A session's sound as it was chosen at its start (a session saved before these choices: the defaults). */
export const sessionSound = (s: { sound?: SoundPrefs | undefined }): SoundChoice => resolveSound(s.sound);
