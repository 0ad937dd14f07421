import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LocaleString } from 'discord.js';

/**
 * Adds `name_localizations` and `description_localizations` (and choices' `name_localizations`)
 * from `locales/<locale>.json`, whose keys are the command paths of `locales/en.json`:
 * `yin.start.sequence.name`, `yin.start.sound.choice.bell`. es-419 reads es-ES's file. A path a
 * file lacks stays in English, and the test on these files lists them.
 */
export const LOCALIZED: readonly { locale: LocaleString; file: string }[] = [
  { locale: 'de', file: 'de' },
  { locale: 'fr', file: 'fr' },
  { locale: 'es-ES', file: 'es-ES' },
  { locale: 'es-419', file: 'es-ES' },
  { locale: 'pt-BR', file: 'pt-BR' },
];

export type CommandTexts = Record<string, string>;

export function readCommandTexts(file: string): CommandTexts {
  try {
    return JSON.parse(readFileSync(join(import.meta.dirname, 'locales', `${file}.json`), 'utf8')) as CommandTexts;
  } catch {
    return {};
  }
}

/** A command, subcommand or option as this file reads it (and the test on localisations). */
export interface CommandNode {
  name: string;
  description?: string;
  options?: CommandNode[];
  choices?: { name: string; value: string | number; name_localizations?: Record<string, string> }[];
  name_localizations?: Record<string, string>;
  description_localizations?: Record<string, string>;
}

function walk(node: CommandNode, path: string, texts: readonly { locale: string; texts: CommandTexts }[]): CommandNode {
  const names: Record<string, string> = {};
  const descriptions: Record<string, string> = {};
  for (const { locale, texts: t } of texts) {
    const name = t[`${path}.name`];
    const description = t[`${path}.description`];
    if (name) names[locale] = name;
    if (description) descriptions[locale] = description;
  }
  return {
    ...node,
    ...(Object.keys(names).length ? { name_localizations: names } : {}),
    ...(node.description && Object.keys(descriptions).length ? { description_localizations: descriptions } : {}),
    ...(node.choices
      ? {
          choices: node.choices.map((c) => {
            const localized: Record<string, string> = {};
            for (const { locale, texts: t } of texts) {
              const name = t[`${path}.choice.${c.value}`];
              if (name) localized[locale] = name;
            }
            return Object.keys(localized).length ? { ...c, name_localizations: localized } : c;
          }),
        }
      : {}),
    ...(node.options ? { options: node.options.map((o) => walk(o, `${path}.${o.name}`, texts)) } : {}),
  };
}

/** The command with every localisation the files give. */
export function localize<T extends { name: string }>(command: T): T {
  const texts = LOCALIZED.map(({ locale, file }) => ({ locale, texts: readCommandTexts(file) }));
  return walk(command as unknown as CommandNode, command.name, texts) as unknown as T;
}
