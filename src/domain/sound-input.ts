import { InputError } from './input-error.ts';
import { BELLS, SOUND_MODES, VOLUMES, type SoundPrefs } from './sound.ts';

/** The sound options as a command gives them (null: left out). */
export interface SoundOptionValues {
  mode: string | null;
  bell: string | null;
  volume: string | null;
  interval: boolean | null;
}

/**
 * The parts of a sound a member chose, checked: Discord offers only the choices, but a stale
 * client or a hand-made request can send anything, and that gets an answer, not a stored value.
 * `modeOption` is the option's name as the member saw it (`sound:` on start, `mode:` in settings).
 */
export function soundPrefsFrom(o: SoundOptionValues, modeOption = 'mode'): SoundPrefs {
  const one = <V extends string>(option: string, value: string | null, values: readonly V[]): V | undefined => {
    if (value === null) return undefined;
    if (!(values as readonly string[]).includes(value))
      throw new InputError('settings.soundOneOf', { option, values: values.join(', ') });
    return value as V;
  };
  return {
    mode: one(modeOption, o.mode, SOUND_MODES),
    bell: one('bell', o.bell, BELLS),
    volume: one('volume', o.volume, VOLUMES),
    interval: o.interval ?? undefined,
  };
}
