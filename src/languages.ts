/**
 * The languages yin practises in, as Discord names its locales. `en` stands for Discord's
 * `en-US` and `en-GB`. Latin American Spanish (`es-419`) shares Spain's texts and content: they
 * are written in the singular "tú" and words both use, so nothing had to differ.
 */
export const LANGUAGES = ['en', 'de', 'fr', 'es-ES', 'es-419', 'pt-BR'] as const;
export type Language = (typeof LANGUAGES)[number];

/** The languages that have their own files (es-419 reads es-ES's). */
export const OWN_FILES = ['de', 'fr', 'es-ES', 'pt-BR'] as const;

/** Discord's locales yin localises commands for (en-US is the base). */
export const COMMAND_LOCALES = ['de', 'fr', 'es-ES', 'es-419', 'pt-BR'] as const;

/** The language for a Discord locale (a member's, a guild's, or a saved choice); English for any other. */
export function languageOf(locale: string | null | undefined): Language {
  if (!locale) return 'en';
  if ((LANGUAGES as readonly string[]).includes(locale)) return locale as Language;
  if (locale === 'en-US' || locale === 'en-GB') return 'en';
  return 'en';
}

/** Where a language's content comes from: es-419 reads es-ES's. */
export const contentLanguage = (lang: Language): Exclude<Language, 'es-419'> => (lang === 'es-419' ? 'es-ES' : lang);

/** The locale Intl formats a language's dates in: English as "26 Nov 2026" (en-GB), the others as named. */
export const intlLocale = (locale: string | null | undefined): string => {
  const lang = languageOf(locale);
  return lang === 'en' ? 'en-GB' : lang;
};
