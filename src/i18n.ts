import i18next, { type TOptions } from 'i18next';
import en from './locales/en.json' with { type: 'json' };

/**
 * Every sentence a member reads comes from `src/locales/<lang>.json` by key (`area.name`), with
 * `{{name}}` placeholders and plurals from Intl (`key_one`, `key_other` with `count`). English is
 * the fallback for anything a language lacks.
 */
const i18n = i18next.createInstance();
void i18n.init({
  lng: 'en',
  fallbackLng: 'en',
  resources: { en: { translation: en } },
  initAsync: false,
  // Discord is not HTML: escaping would show "&amp;" to members.
  interpolation: { escapeValue: false },
  returnNull: false,
});

export type Params = Record<string, string | number | undefined>;

/** The sentence for `key` in `locale` (English when that language has no such key). */
export function t(key: string, params: Params = {}, locale = 'en'): string {
  return i18n.t(key, { ...params, lng: locale } as TOptions);
}

/** True if English has the key: a test checks every key the code names. */
export function hasText(key: string): boolean {
  return i18n.exists(key, { lng: 'en' });
}
