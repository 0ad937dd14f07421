import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { InputError } from '../../src/domain/input-error.ts';
import { hasText, t } from '../../src/i18n.ts';
import en from '../../src/locales/en.json' with { type: 'json' };

const ROOT = join(import.meta.dirname, '..', '..');
const sources = (dir: string): string[] =>
  readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join(dir, f));

/** Every key named in the code: t('a.b'), InputError('a.b'), and prefixes of built keys (`a.b_${x}`). */
function keysInCode(): { exact: Set<string>; prefixes: Set<string> } {
  const exact = new Set<string>();
  const prefixes = new Set<string>();
  for (const file of [...sources('src'), ...sources('commands')]) {
    const text = readFileSync(join(ROOT, file), 'utf8');
    for (const m of text.matchAll(/\b(?:t|InputError|bySubcommand\([^)]*?)\(\s*'([a-z]+\.[A-Za-z_+-]+)'/g))
      exact.add(m[1]!);
    for (const m of text.matchAll(/\b(?:t|InputError)\(\s*`([a-z]+\.[A-Za-z_]+)\$\{/g)) prefixes.add(m[1]!);
    for (const m of text.matchAll(/'((?:post|notes|settings|stats)\.[A-Za-z_+]+)'/g)) exact.add(m[1]!);
  }
  return { exact, prefixes };
}

describe('text', () => {
  test('GIVEN every message key the code names THEN English has it', () => {
    const { exact, prefixes } = keysInCode();
    expect(exact.size).toBeGreaterThan(100);
    const missing = [...exact].filter((k) => !hasText(k) && !hasText(`${k}_one`));
    expect(missing).toEqual([]);
    const flat = Object.entries(en).flatMap(([area, keys]) => Object.keys(keys).map((k) => `${area}.${k}`));
    expect([...prefixes].filter((p) => !flat.some((k) => k.startsWith(p)))).toEqual([]);
  });

  test('GIVEN a key that does not exist THEN the check notices it', () => {
    expect(hasText('notes.noSuchKey')).toBe(false);
    expect(hasText('notes.notFound')).toBe(true);
  });

  test.each([
    [
      'numbers are grouped in English',
      () => t('notes.tooLong', { max: 1000, length: 1234 }),
      'A note can be at most 1,000 characters (yours has 1,234).',
    ],
    [
      'plurals come from Intl',
      () => `${t('notes.countNotes', { count: 1 })} / ${t('notes.countNotes', { count: 2 })}`,
      '1 note / 2 notes',
    ],
    ['Discord markup is not HTML-escaped', () => t('notes.shared', { target: '1&2' }), 'Shared your note in <#1&2>.'],
    [
      'an unknown language falls back to English',
      () => t('session.noneHere', {}, 'xx'),
      'There is no session running in this channel.',
    ],
  ])('GIVEN %s', (_name, render, expected) => {
    expect(render()).toBe(expected);
  });

  test('GIVEN an input error inside another THEN both are said in the same language', () => {
    const inner = new InputError('notes.empty');
    const outer = new InputError('notes.nothingShared', { reason: inner });
    expect(outer.message).toBe("A note can't be empty: write a few words about your practice. Nothing was shared.");
    expect(outer.text('en')).toBe(outer.message);
  });
});
