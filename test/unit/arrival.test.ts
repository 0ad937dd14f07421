// The arrival: a guided settling before the first pose, in the opening's post ("Arrive") and, in
// a voice session, two cues said in the settle (arrive and notice the breath; then a longer
// exhale, counted in for four and out for six in the sleep class).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { renderStep } from '../../src/discord/session/render.ts';
import { ARRIVALS } from '../../src/domain/catalog-schema.ts';
import { loadCatalog } from '../../src/domain/load-catalog.ts';
import * as session from '../../src/domain/session.ts';
import { buildTimeline } from '../../src/domain/timeline.ts';
import { LocalizedCatalogs, loadTranslations } from '../../src/domain/translations.ts';
import { t as tr } from '../../src/i18n.ts';
import { LANGUAGES, type Language } from '../../src/languages.ts';
import { allCues, fileFor, type AudioManifest } from '../../src/voice/cues.ts';
import { ARRIVAL_AFTER_MS, ARRIVAL_MIN_SETTLE_MS, momentsOf } from '../../src/voice/moments.ts';
import { VOICES } from '../../src/voice/voices.ts';
import { backSession } from '../helpers/session.ts';

const root = join(import.meta.dirname, '..', '..');
const catalog = loadCatalog(join(root, 'data'));
const localized = new LocalizedCatalogs(catalog, loadTranslations(join(root, 'data'), catalog));
const T0 = Date.UTC(2026, 11, 7, 19, 0, 0);
const S = 1_000;
const timelineOf = (id: string, speed = 1) => buildTimeline(catalog, catalog.sequences.get(id)!, 3, speed);
const sessionOf = (id: string, over: Partial<session.SessionState> = {}) =>
  ({ ...backSession(T0, { id: 's', sequenceId: id }), posted: 0, ...over }) as session.SessionState;
const said = (m: ReturnType<typeof momentsOf>) => m.map((x) => [x.play.join(' '), (x.atMs - T0) / S] as const);

describe('the arrival in voice: two cues in the settle, before the first pose', () => {
  test('GIVEN the back class (150 s to settle) THEN arrive at 60 s and the longer exhale at 95 s', () => {
    expect(said(momentsOf(sessionOf('back'), timelineOf('back'), 0, T0, sessionOf('back')))).toEqual([
      ['arrival-settle', 60],
      ['arrival-settle-exhale', 95],
    ]);
  });

  test('GIVEN the sleep class THEN its own, slower arrival, after its welcome and safety (30 s in)', () => {
    const s = sessionOf('sleep');
    expect(said(momentsOf(s, timelineOf('sleep'), 0, T0, s))).toEqual([
      ['arrival-sleep', 30],
      ['arrival-sleep-exhale', 65],
    ]);
  });

  test('GIVEN German or Brazilian Portuguese THEN said by that language’s voice, from its folder', () => {
    const de = sessionOf('sleep', { language: 'de' });
    expect(said(momentsOf(de, timelineOf('sleep'), 0, T0, de)).map(([k]) => k)).toEqual([
      'de/arrival-sleep',
      'de/arrival-sleep-exhale',
    ]);
    const pt = sessionOf('sleep', { language: 'pt-BR' as Language });
    expect(said(momentsOf(pt, timelineOf('sleep'), 0, T0, pt)).map(([k]) => k)).toEqual([
      'pt-BR/arrival-sleep',
      'pt-BR/arrival-sleep-exhale',
    ]);
  });

  test('GIVEN speed 2 THEN the cues come at the same point of the scaled settle; at speed 6 the welcome fills it', () => {
    const s = sessionOf('back', { speed: 2 });
    expect(said(momentsOf(s, timelineOf('back', 2), 0, T0, s))).toEqual([
      ['arrival-settle', 30],
      ['arrival-settle-exhale', 47.5],
    ]);
    // 75 s and 95 s in, less than ARRIVAL_AFTER_MS of real time after the welcome began.
    const fast = sessionOf('back', { speed: 6 });
    expect(said(momentsOf(fast, timelineOf('back', 6), 0, T0, fast))).toEqual([]);
    expect(ARRIVAL_AFTER_MS).toBe(25_000);
  });

  test('GIVEN a pause of 20 s in the settle THEN what is still to come moves 20 s; a cue already said is not said again', () => {
    const posted = sessionOf('back');
    const s = session.resume(session.pause(posted, T0 + 70 * S), T0 + 90 * S);
    expect(said(momentsOf(s, timelineOf('back'), 0, T0 + 90 * S, posted, new Set(['arrival'])))).toEqual([
      ['arrival-settle-exhale', 115],
    ]);
  });

  test('GIVEN the bot back 100 s into the settle THEN only the exhale cue, nothing late', () => {
    const s = sessionOf('back');
    expect(said(momentsOf(s, timelineOf('back'), 0, T0 + 80 * S, s))).toEqual([['arrival-settle-exhale', 95]]);
  });

  test('GIVEN an opening shorter than two minutes, or sound "bell" THEN no arrival is said', () => {
    const q = catalog.sequences.get('back')!;
    const short = buildTimeline(catalog, { ...q, settleSeconds: ARRIVAL_MIN_SETTLE_MS / S - 1 }, 3, 1);
    expect(momentsOf(sessionOf('back'), short, 0, T0, sessionOf('back'))).toEqual([]);
    const bell = sessionOf('back', { sound: { mode: 'bell' } });
    expect(momentsOf(bell, timelineOf('back'), 0, T0, bell)).toEqual([]);
  });

  test('GIVEN every voice THEN each arrival cue is rendered from its text, and the sleep one counts four in and six out', () => {
    for (const [language, voice] of Object.entries(VOICES)) {
      if (!voice) continue;
      const manifest = JSON.parse(
        readFileSync(join(root, 'data', 'audio', voice.dir, 'manifest.json'), 'utf8'),
      ) as AudioManifest;
      const cues = allCues(localized.of(language as Language), language as Language);
      for (const arrival of ARRIVALS) {
        for (const key of [`arrival-${arrival}`, `arrival-${arrival}-exhale`]) {
          const k = voice.dir ? `${voice.dir}/${key}` : key;
          expect(cues.get(k), k).toBeTruthy();
          expect(manifest.cues[k], k).toMatchObject({ file: fileFor(k), text: cues.get(k) });
        }
      }
    }
    const count = allCues(catalog).get('arrival-sleep-exhale') ?? '';
    expect(count).toMatch(/in\. Two\. Three\. Four\. And out\. Two\. Three\. Four\. Five\. Six\./i);
  });
});

describe('the arrival in text: the opening says how to arrive', () => {
  test.each(LANGUAGES.filter((l) => l !== 'es-419'))(
    'GIVEN %s THEN every class’s opening has the arrival, the sleep class its slower breath, and the post fits Discord',
    (language) => {
      for (const id of catalog.sequences.keys()) {
        const tl = buildTimeline(localized.of(language), localized.of(language).sequences.get(id)!, 3, 1);
        const s = sessionOf(id, { language });
        const embed = renderStep(s, tl, 0).embeds?.[0];
        const arrive = embed?.fields?.find((f) => f.name === tr('arrival.fieldName', {}, language));
        const expected = tr(id === 'sleep' ? 'arrival.text_sleep' : 'arrival.text_settle', {}, language);
        expect(arrive?.value, `${language} ${id}`).toBe(expected);
        expect(expected.length).toBeLessThanOrEqual(1024);
        const chars =
          (embed?.title?.length ?? 0) +
          (embed?.description?.length ?? 0) +
          (embed?.footer?.text.length ?? 0) +
          (embed?.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);
        expect(chars, `${language} ${id}`).toBeLessThanOrEqual(6000);
      }
    },
  );

  test('GIVEN English THEN the arrival notices the breath, then lengthens the exhale; sleep counts four and six', () => {
    expect(tr('arrival.text_settle')).toMatch(/notice the breath as it is.*exhale grow a little longer/s);
    expect(tr('arrival.text_sleep')).toMatch(/count of four.*count of six/s);
  });
});
