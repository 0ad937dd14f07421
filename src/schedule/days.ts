import { InputError } from '../domain/input-error.ts';
import { t } from '../i18n.ts';
import { intlLocale, type Language } from '../languages.ts';

// Cron numbering: 0 = Sunday … 6 = Saturday.
const NAMES = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;
const PLURALS = ['Sundays', 'Mondays', 'Tuesdays', 'Wednesdays', 'Thursdays', 'Fridays', 'Saturdays'] as const;
const ALL = [0, 1, 2, 3, 4, 5, 6];
const WEEKDAYS = [1, 2, 3, 4, 5];
const WEEKENDS = [0, 6];

const WORDS: Record<string, number[]> = {
  daily: ALL,
  everyday: ALL,
  'every day': ALL,
  '*': ALL,
  weekdays: WEEKDAYS,
  weekday: WEEKDAYS,
  weekends: WEEKENDS,
  weekend: WEEKENDS,
};

/**
 * One day name: full ("tuesday"), any prefix of two letters or more ("tu", "tue", "tues"),
 * or a plural ("tuesdays"); any case. Two letters already tell all seven days apart.
 */
function dayIndex(token: string, own: readonly string[] = []): number | undefined {
  if (token.length >= 2) {
    const i = NAMES.findIndex((n) => n.startsWith(token));
    if (i >= 0) return i;
    // The member's language next ("di", "dienstag", "mardi", "martes", "terça"), accents optional.
    const j = own.findIndex((n) => n.startsWith(plain(token)));
    if (j >= 0) return j;
  }
  if (token.endsWith('s')) {
    const i = NAMES.indexOf(token.slice(0, -1) as (typeof NAMES)[number]);
    if (i >= 0) return i;
  }
  return undefined;
}

/** Lower case without accents: "Miércoles" → "miercoles", "terça-feira" → "terca-feira". */
const plain = (s: string): string => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/** The weekday names of a language from Intl, Sunday first (4 Jan 2026 was a Sunday). */
export function weekdayNames(language: Language, style: 'long' | 'short' = 'long'): string[] {
  const format = new Intl.DateTimeFormat(intlLocale(language), { weekday: style, timeZone: 'UTC' });
  return ALL.map((d) => format.format(new Date(Date.UTC(2026, 0, 4 + d))));
}

/**
 * A language's own day names to read, besides English: each name's first word, accents off
 * ("terça-feira" → "terca"). None for English.
 */
const ownNames = (language: Language): string[] =>
  language === 'en' ? [] : weekdayNames(language).map((n) => plain(n).split(/[-\s]/)[0] ?? n);

function badDay(token: string): InputError {
  return new InputError('schedule.dayUnknown', { token });
}

/**
 * "tuesday", "mon,wed,fri", "Mon Wed & Fri", "mon-fri", "fri-mon" (wraps over the weekend),
 * "weekdays", "weekends", "daily". Returns sorted, distinct cron day numbers.
 */
export function parseDays(input: string, language: Language = 'en'): number[] {
  const own = ownNames(language);
  const text = input.trim().toLowerCase();
  if (text === '') throw new InputError('schedule.dayMissing');
  const word = WORDS[text];
  if (word) return [...word];
  const found = new Set<number>();
  // Portuguese names end in "-feira" (segunda-feira), which isn't a range; "and" in each language joins.
  const normal = text
    .replace(/-feira\b/g, '')
    .replace(/\s*(?:-|–|\bto\b)\s*/g, '-')
    .replace(/(?<![\p{L}])(?:and|und|et|y|e)(?![\p{L}])/gu, ',');
  for (const raw of normal.split(/[\s,&+]+/)) {
    if (raw === '') continue;
    const words = WORDS[raw];
    if (words) {
      for (const d of words) found.add(d);
      continue;
    }
    const [from, to, extra] = raw.split('-');
    if (extra !== undefined || !from || to === '') throw badDay(raw);
    const a = dayIndex(from, own);
    if (a === undefined) throw badDay(from);
    if (to === undefined) {
      found.add(a);
      continue;
    }
    const b = dayIndex(to, own);
    if (b === undefined) throw badDay(to);
    for (let d = a; ; d = (d + 1) % 7) {
      found.add(d);
      if (d === b) break;
    }
  }
  return [...found].sort((x, y) => x - y);
}

/**
 * "Tuesdays", "Mondays, Wednesdays and Fridays", "Every day", "Weekdays" — Monday first. In
 * another language the days' names from Intl, joined by Intl's list ("Montag, Mittwoch und
 * Freitag", "lundi, mercredi et vendredi").
 */
export function describeDays(days: readonly number[], language: Language = 'en'): string {
  const set = new Set(days);
  if (set.size === 7) return t('schedule.everyDay', {}, language);
  if (set.size === 5 && WEEKDAYS.every((d) => set.has(d))) return t('schedule.onWeekdays', {}, language);
  const monday = [1, 2, 3, 4, 5, 6, 0].filter((d) => set.has(d));
  if (language !== 'en') {
    const names = weekdayNames(language);
    return new Intl.ListFormat(intlLocale(language), { type: 'conjunction' }).format(monday.map((d) => names[d] ?? ''));
  }
  const ordered = monday.map((d) => PLURALS[d] ?? String(d));
  if (ordered.length <= 1) return ordered.join('');
  return `${ordered.slice(0, -1).join(', ')} and ${ordered.at(-1)}`;
}
