import { ApplicationCommandOptionType as T, type APIApplicationCommandStringOption } from 'discord.js';

/**
 * The languages yin practises in, as Discord names its locales, each choice named in its own
 * language (as Discord's own language picker does).
 */
export const PRACTICE_LANGUAGES = [
  ['en-US', 'English'],
  ['de', 'Deutsch'],
  ['fr', 'Français'],
  ['es-ES', 'Español (España)'],
  ['es-419', 'Español (Latinoamérica)'],
  ['pt-BR', 'Português (Brasil)'],
] as const;

export function languageOption(description: string): APIApplicationCommandStringOption {
  return {
    type: T.String,
    name: 'language',
    description,
    choices: PRACTICE_LANGUAGES.map(([value, name]) => ({ name, value })),
  };
}
