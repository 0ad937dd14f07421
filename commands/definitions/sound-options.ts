import { ApplicationCommandOptionType as T, type APIApplicationCommandBasicOption } from 'discord.js';
import { BELLS, SOUND_MODES, VOLUMES } from '../../src/domain/sound.ts';
import en from '../../src/locales/en.json' with { type: 'json' };

/**
 * The sound options `/yin start` and `/yin settings sound` share. Choice names are the members'
 * words from en.json (read as JSON, so deploy-commands loads no i18n code); another language's
 * file can add `name_localizations` here later. Values are the stored ones.
 */
const words = en.sound as Record<string, string>;

export function soundOptions(scope: 'session' | 'server'): APIApplicationCommandBasicOption[] {
  return [
    {
      type: T.String,
      name: scope === 'session' ? 'sound' : 'mode',
      description: 'In voice channels: bell and voice, bell only, or off',
      choices: SOUND_MODES.map((m) => ({ name: m, value: m })),
    },
    {
      type: T.String,
      name: 'bell',
      description: 'Which bell rings',
      choices: BELLS.map((b) => ({ name: words[`bell_${b}`] ?? b, value: b })),
    },
    {
      type: T.String,
      name: 'volume',
      description: 'How loud the bell and voice are',
      choices: VOLUMES.map((v) => ({ name: words[`choiceVolume_${v}`] ?? v, value: v })),
    },
    {
      type: T.Boolean,
      name: 'interval',
      description: 'A soft bell halfway through holds of 3+ minutes',
    },
  ];
}
