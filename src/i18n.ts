import { AsyncLocalStorage } from 'node:async_hooks';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import i18next, { type TOptions } from 'i18next';
import en from './locales/en.json' with { type: 'json' };
import type { CommandMentions } from './command-mentions.ts';
import { languageOf, OWN_FILES, type Language } from './languages.ts';

/**
 * Every sentence a member reads comes from `src/locales/<lang>.json` by key (`area.name`), with
 * `{{name}}` placeholders and plurals from Intl (`key_one`, `key_other` with `count`). English is
 * the fallback for anything a language lacks; Latin American Spanish reads Spain's file.
 */
const resources: Record<string, { translation: object }> = Object.fromEntries([
  ['en', { translation: en }],
  ...OWN_FILES.map((lang) => [lang, join(import.meta.dirname, 'locales', `${lang}.json`)] as const)
    .filter(([, file]) => existsSync(file))
    .map(([lang, file]) => [lang, { translation: JSON.parse(readFileSync(file, 'utf8')) }]),
]);

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
 * What the sentences being looked up are for: the language of the member an interaction answers
 * (the router runs each interaction inside it, so a reply's sentences need no locale passed down;
 * posts name their session's language), and the bot's command mentions.
 */
interface Speaking {
  locale?: string | undefined;
  mentions?: CommandMentions | undefined;
}
const speaking = new AsyncLocalStorage<Speaking>();

/** Runs `fn` answering a member who reads `locale` (the interaction's), with the bot's `mentions`. */
export const answering = <T>(locale: string, fn: () => T, mentions?: CommandMentions): T =>
  speaking.run({ locale, mentions }, fn);

/** Runs `fn` with the bot's `mentions` in every sentence it looks up (posts outside an interaction). */
export const mentioning = <T>(mentions: CommandMentions | undefined, fn: () => T): T =>
  speaking.run({ locale: speaking.getStore()?.locale, mentions }, fn);

/** The language of the member being answered (English outside an interaction). */
export const answeringLanguage = (): Language => languageOf(speaking.getStore()?.locale);

/** Runs `fn` outside any member's language: timers a session arms must not inherit its host's. */
export const unanswered = <T>(fn: () => T): T => speaking.exit(fn);

/**
 * The sentence for `key` in `locale` (a Discord locale or a language), else in the language of
 * the member being answered, else English; English too where that language lacks the key.
 */
export function t(key: string, params: Params = {}, locale?: string | null): string {
  const context = speaking.getStore();
  const text = i18n.t(key, { ...params, lng: languageOf(locale ?? context?.locale) } as TOptions);
  return context?.mentions ? context.mentions.in(text) : text;
}

/** True if English has the key: a test checks every key the code names. */
export function hasText(key: string): boolean {
  return i18n.exists(key, { lng: 'en' });
}
