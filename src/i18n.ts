import { AsyncLocalStorage } from 'node:async_hooks';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import i18next, { type TOptions } from 'i18next';
import en from './locales/en.json' with { type: 'json' };
import { mentionCommands } from './command-mentions.ts';
import { languageOf, OWN_FILES, type Language } from './languages.ts';

/**
 * Every sentence a member reads comes from `src/locales/<lang>.json` by key (`area.name`), with
 * `{{name}}` placeholders and plurals from Intl (`key_one`, `key_other` with `count`). English is
 * the fallback for anything a language lacks; Latin American Spanish reads Spain's file.
 */
const resources: Record<string, { translation: object }> = { en: { translation: en } };
for (const lang of OWN_FILES) {
  const file = join(import.meta.dirname, 'locales', `${lang}.json`);
  if (existsSync(file)) resources[lang] = { translation: JSON.parse(readFileSync(file, 'utf8')) };
}

const i18n = i18next.createInstance();
void i18n.init({
  lng: 'en',
  fallbackLng: { 'es-419': ['es-ES', 'en'], default: ['en'] },
  supportedLngs: ['en', ...OWN_FILES, 'es-419'],
  resources,
  initAsync: false,
  // Discord is not HTML: escaping would show "&amp;" to members.
  interpolation: { escapeValue: false },
  returnNull: false,
});

export type Params = Record<string, string | number | undefined>;

/**
 * The language of the member an interaction answers: the router runs each interaction inside it,
 * so a reply's sentences need no locale passed down. Posts name their session's language.
 */
const replyLocale = new AsyncLocalStorage<string>();

/** Runs `fn` answering a member who reads `locale` (the interaction's). */
export const answering = <T>(locale: string, fn: () => T): T => replyLocale.run(locale, fn);

/** The language of the member being answered (English outside an interaction). */
export const answeringLanguage = (): Language => languageOf(replyLocale.getStore());

/** Runs `fn` outside any member's language: timers a session arms must not inherit its host's. */
export const unanswered = <T>(fn: () => T): T => replyLocale.exit(fn);

/**
 * The sentence for `key` in `locale` (a Discord locale or a language), else in the language of
 * the member being answered, else English; English too where that language lacks the key.
 */
export function t(key: string, params: Params = {}, locale?: string | null): string {
  const text = i18n.t(key, { ...params, lng: languageOf(locale ?? replyLocale.getStore()) } as TOptions);
  return mentions ? mentionCommands(text, mentions.id, mentions.paths) : text;
}

let mentions: { id: string; paths: ReadonlySet<string> } | undefined;

/** Once the bot knows `/yin`'s id (after start-up): "`/yin stop`" in a sentence becomes a mention. */
export function useCommandMentions(id: string, paths: ReadonlySet<string>): void {
  mentions = { id, paths };
}

/** True if English has the key: a test checks every key the code names. */
export function hasText(key: string): boolean {
  return i18n.exists(key, { lng: 'en' });
}
