import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import i18next, { type TOptions } from 'i18next';
import en from './locales/en.json' with { type: 'json' };
import { languageOf, OWN_FILES } from './languages.ts';

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

/** The sentence for `key` in `locale` (a Discord locale or a language; English when it has no such key). */
export function t(key: string, params: Params = {}, locale?: string | null): string {
  return i18n.t(key, { ...params, lng: languageOf(locale) } as TOptions);
}

/** True if English has the key: a test checks every key the code names. */
export function hasText(key: string): boolean {
  return i18n.exists(key, { lng: 'en' });
}
