// Schedules in the member's language: days: read in their language as well as English, and the
// rule said back in words in the reader's language (Intl's day names and lists).
import { describe, expect, test } from 'vitest';
import { describeDays, parseDays } from '../../src/schedule/days.ts';
import { describeRule, parseRule } from '../../src/schedule/rule.ts';

describe('days in a language', () => {
  test.each([
    ['de', 'dienstag, donnerstag', [2, 4]],
    ['de', 'mo-fr', [1, 2, 3, 4, 5]],
    ['fr', 'mardi et jeudi', [2, 4]],
    ['fr', 'lun,mer,ven', [1, 3, 5]],
    ['es-ES', 'miércoles', [3]],
    ['es-ES', 'miercoles, sabado', [3, 6]],
    ['pt-BR', 'terça-feira', [2]],
    ['pt-BR', 'seg-qua', [1, 2, 3]],
    ['de', 'tuesday', [2]], // English still works
  ] as const)('GIVEN %s “%s” THEN the days are %j', (lang, text, days) => {
    expect(parseDays(text, lang)).toEqual(days);
  });

  test('GIVEN another language’s day name THEN it is refused, not guessed ("do" is Sunday in Spanish, Thursday in German)', () => {
    expect(parseDays('do', 'de')).toEqual([4]);
    expect(parseDays('do', 'es-ES')).toEqual([0]);
    expect(() => parseDays('donnerstag', 'fr')).toThrow('donnerstag');
  });

  test.each([
    ['en', 'Tuesdays and Thursdays at 19:00 Europe/Berlin'],
    ['de', 'Dienstag und Donnerstag um 19:00 (Europe/Berlin)'],
    ['fr', 'mardi et jeudi à 19:00 (Europe/Berlin)'],
    ['es-ES', 'martes y jueves a las 19:00 (Europe/Berlin)'],
    ['pt-BR', 'terça-feira e quinta-feira às 19:00 (Europe/Berlin)'],
  ] as const)('GIVEN a reader in %s THEN the rule reads “%s”', (lang, words) => {
    const rule = parseRule({ timezone: 'Europe/Berlin', days: 'tue,thu', time: '19:00' });
    expect(describeRule(rule, lang)).toBe(words);
  });

  test('GIVEN every day or the weekdays THEN the language’s own words', () => {
    expect(describeDays([0, 1, 2, 3, 4, 5, 6], 'fr')).toBe('Tous les jours');
    expect(describeDays([1, 2, 3, 4, 5], 'de')).toBe('Werktags');
  });
});
