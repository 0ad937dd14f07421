// Every language yin speaks has everything: its sentences (src/locales), its practice content
// (data/i18n), and, where it has a voice, a cue file for everything its sessions say. Lists what
// a language lacks, so a new key or a new pose without its translation fails here.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadCatalog } from '../../src/domain/load-catalog.ts';
import { buildTimeline } from '../../src/domain/timeline.ts';
import { LocalizedCatalogs, loadTranslations, missingContent } from '../../src/domain/translations.ts';
import { t } from '../../src/i18n.ts';
import { languageOf, OWN_FILES, type Language } from '../../src/languages.ts';
import { allCues, cuesForStep, fileFor, staleCues, type AudioManifest } from '../../src/voice/cues.ts';
import { VOICES } from '../../src/voice/voices.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const DATA = join(ROOT, 'data');
const catalog = loadCatalog(DATA);
const translations = loadTranslations(DATA, catalog);
const localized = new LocalizedCatalogs(catalog, translations);

/** Every key of a nested locale file, as `area.key`. */
function keys(value: object, prefix = ''): string[] {
  return Object.entries(value).flatMap(([k, v]) =>
    v && typeof v === 'object' ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}
const placeholders = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
const read = (lang: string) => JSON.parse(readFileSync(join(ROOT, 'src', 'locales', `${lang}.json`), 'utf8'));
const english = read('en');
const englishKeys = keys(english);

describe.each(OWN_FILES)('the language %s', (lang) => {
  test('GIVEN its sentences THEN it has every key English has, and no other, with the same placeholders', () => {
    const own = read(lang);
    const ownKeys = keys(own);
    expect(englishKeys.filter((k) => !ownKeys.includes(k))).toEqual([]);
    expect(ownKeys.filter((k) => !englishKeys.includes(k))).toEqual([]);
    const get = (o: object, k: string) => k.split('.').reduce<unknown>((x, p) => (x as Record<string, unknown>)[p], o);
    const changed = englishKeys.filter(
      (k) => placeholders(String(get(english, k))).join() !== placeholders(String(get(own, k))).join(),
    );
    expect(changed).toEqual([]);
  });

  test('GIVEN its practice content THEN every pose and sequence has every text field', () => {
    expect(missingContent(catalog, translations.get(lang))).toEqual([]);
  });
});

describe('practice in a language', () => {
  test('GIVEN Discord locales THEN each maps to its language, and anything else to English', () => {
    expect(['de', 'fr', 'es-ES', 'es-419', 'pt-BR', 'en-US', 'en-GB', 'ja', undefined].map(languageOf)).toEqual([
      'de',
      'fr',
      'es-ES',
      'es-419',
      'pt-BR',
      'en',
      'en',
      'en',
      'en',
    ]);
  });

  test('GIVEN es-419 THEN it reads Spain’s sentences and content (shared, see languages.ts)', () => {
    expect(t('post.fieldVariations', {}, 'es-419')).toBe(t('post.fieldVariations', {}, 'es-ES'));
    expect(localized.of('es-419').poses.get('dragon')?.name).toBe(localized.of('es-ES').poses.get('dragon')?.name);
  });

  test.each([
    ['de', 'wide-knee-child', /Kind/],
    ['fr', 'wide-knee-child', /enfant/],
    ['es-ES', 'wide-knee-child', /niño/],
    ['pt-BR', 'wide-knee-child', /criança/],
  ] as const)('GIVEN %s THEN %s is named as its teachers say it', (lang, pose, name) => {
    expect(localized.of(lang).poses.get(pose)?.name).toMatch(name);
  });
});

describe.each(
  Object.entries(VOICES).filter(([lang, v]) => v?.dir && lang !== 'es-419') as [
    Language,
    NonNullable<(typeof VOICES)['de']>,
  ][],
)('the %s voice', (lang, voice) => {
  const manifest = JSON.parse(readFileSync(join(DATA, 'audio', voice.dir, 'manifest.json'), 'utf8')) as AudioManifest;
  const cues = allCues(localized.of(lang), lang);

  test('GIVEN its manifest THEN it is voiced by the pinned voice and nothing is stale or missing', () => {
    const { dir: _, ...settings } = voice;
    expect(manifest.voice).toMatchObject(settings);
    expect(Object.fromEntries(staleCues(manifest, cues, voice))).toEqual({});
    const missing = Object.values(manifest.cues).filter((e) => !existsSync(join(DATA, 'audio', e.file)));
    expect(missing).toEqual([]);
  });

  test('GIVEN the back class in this language THEN every cue it plays is in the voice’s folder and has its file', () => {
    const tl = buildTimeline(localized.of(lang), catalog.sequences.get('back')!, 3);
    const played = tl.steps.flatMap((_, i) => cuesForStep(tl, i, undefined, lang));
    const spoken = played.filter((c) => !c.startsWith('bell-'));
    expect(spoken.length).toBeGreaterThan(tl.steps.length);
    expect(spoken.every((c) => c.startsWith(`${voice.dir}/`))).toBe(true);
    expect(played.filter((c) => !existsSync(join(DATA, 'audio', fileFor(c))))).toEqual([]);
  });
});

test('GIVEN Brazilian Portuguese THEN its voice is Letícia-F123 and its manifest carries the CC BY-SA 4.0 licence and the credit', () => {
  const manifest = JSON.parse(readFileSync(join(DATA, 'audio', 'pt-BR', 'manifest.json'), 'utf8')) as AudioManifest;
  expect(manifest.voice).toMatchObject({ engine: 'rhvoice', voice: 'Leticia-F123', ratePercent: 85 });
  expect(manifest.voice.licence).toMatch(/^CC-BY-SA-4\.0/);
  expect(manifest.voice.credit).toMatch(/Letícia-F123.*Olga Yakovleva and Fernando H\. F\. Botelho.*CC BY-SA 4\.0/);
  expect(readFileSync(join(DATA, 'audio', 'pt-BR', 'LICENSE.md'), 'utf8')).toContain('CC BY-SA 4.0');
  // The share-alike stays with its files: no other voice's manifest names a licence of its own.
  for (const dir of ['', 'de', 'fr', 'es-ES'])
    expect(JSON.parse(readFileSync(join(DATA, 'audio', dir, 'manifest.json'), 'utf8')).voice.licence).toBeUndefined();
});
