// The safety lines a yin teacher asked for (osteoporosis, a disc flare, pregnancy in the straddle,
// spinal stenosis and spondylolisthesis) as a student meets them: in the "if this is you" of a
// class's opening post and in the cautions of a pose's post, rendered in each of the five
// languages. A line that goes missing from the data, a translation that drops it, or a post that
// stops showing it fails here. Each line is recognised by the words that make it that line, all
// of them in one bullet.
import { join } from 'node:path';
import type { APIEmbed } from 'discord.js';
import { describe, expect, test } from 'vitest';
import { FIELD_CONTINUED, renderStep } from '../../src/discord/session/render.ts';
import { loadCatalog } from '../../src/domain/load-catalog.ts';
import { buildTimeline, type Timeline } from '../../src/domain/timeline.ts';
import { LocalizedCatalogs, loadTranslations } from '../../src/domain/translations.ts';
import { t } from '../../src/i18n.ts';
import type { Language } from '../../src/languages.ts';
import { backSession } from '../helpers/session.ts';

const DATA = join(import.meta.dirname, '..', '..', 'data');
const catalog = loadCatalog(DATA);
const localized = new LocalizedCatalogs(catalog, loadTranslations(DATA, catalog));
const LANGS = ['en', 'de', 'fr', 'es-ES', 'pt-BR'] as const;
type Lang = (typeof LANGS)[number];
const T0 = Date.parse('2026-12-07T18:00:00Z');

/** The words that make a line that line, per language: every one must be in the same bullet. */
type Words = Record<Lang, RegExp[]>;

const OSTEOPOROSIS: Words = {
  en: [/osteoporosis/i, /osteopenia/i],
  de: [/Osteoporose/, /Osteopenie/],
  fr: [/ostéoporose/i, /ostéopénie/i],
  'es-ES': [/osteoporosis/i, /osteopenia/i],
  'pt-BR': [/osteoporose/i, /osteopenia/i],
};
const STENOSIS: Words = {
  en: [/spinal stenosis/i, /spondylolisthesis/i],
  de: [/Spinalkanalstenose/, /Wirbelgleiten/],
  fr: [/sténose du canal rachidien/i, /spondylolisthésis/i],
  'es-ES': [/estenosis del canal/i, /espondilolistesis/i],
  'pt-BR': [/estenose do canal/i, /espondilolistese/i],
};
/** Pregnancy, and the pubic or pelvic pain that wide legs aggravate. */
const PREGNANCY_WIDE_LEGS: Words = {
  en: [/^Pregnancy/, /pubic or pelvic pain/],
  de: [/^Schwangerschaft/, /Schmerzen am Schambein oder im Becken/],
  fr: [/^Grossesse/, /douleur pubienne ou pelvienne/i],
  'es-ES': [/^Embarazo/, /dolor púbico o pélvico/i],
  'pt-BR': [/^Gestação/, /dor no púbis ou na pelve/i],
};
/** The class line: the straddle, that pain, and relaxin. */
const PREGNANCY_STRADDLE: Words = {
  en: [/^Pregnancy and the straddle/, /pubic or pelvic pain/, /relaxin/i],
  de: [/^Schwangerschaft und Grätsche/, /Schmerzen am Schambein oder im Becken/, /Relaxin/],
  fr: [/^Grossesse et jambes écartées/, /douleur pubienne ou pelvienne/i, /relaxine/i],
  'es-ES': [/^Embarazo y piernas abiertas/, /dolor púbico o pélvico/i, /relaxina/i],
  'pt-BR': [/^Gestação e pernas afastadas/, /dor no púbis ou na pelve/i, /relaxina/i],
};
/** In a disc flare, skip the seated folds and the folded twist (not only the Reclined Twist). */
const DISC_FLARE_CLASS: Words = {
  en: [/^Disc trouble/, /acute flare/, /skip the seated folds and the folded twist/],
  de: [/^Bandscheibenprobleme/, /akuten Schub/, /Vorbeugen im Sitzen und die gedrehte Vorbeuge aus/],
  fr: [/^Problème discal/, /crise aiguë/, /passe les flexions avant assises et la flexion avec torsion/],
  'es-ES': [/^Problemas discales/, /crisis aguda/, /sáltate las flexiones sentado y la flexión con torsión/],
  'pt-BR': [/^Problemas nos discos/, /crise aguda/, /pule as flexões sentadas e a flexão com torção/],
};
/** A pose's own line: a disc flare means leaving this pose out. */
const DISC_FLARE_POSE: Words = {
  en: [/disc/i, /flare/, /skip (it|the fold)/],
  de: [/Bandscheib/, /[Ss]chub/, /lass (sie|die Vorbeuge) aus/],
  fr: [/discal/, /crise/, /passe (cette posture|la flexion)/],
  'es-ES': [/discal/, /crisis/, /sáltate (esta postura|la flexión)/],
  'pt-BR': [/discos?\b/, /crise/, /pule (esta postura|a flexão)/],
};

/** Lines every opening of these classes must carry in its "if this is you". */
const CLASS_LINES: { what: string; sequences: string[]; words: Words }[] = [
  { what: 'osteoporosis or osteopenia', sequences: ['back', 'hips', 'sleep'], words: OSTEOPOROSIS },
  { what: 'a disc flare: skip the seated folds and the folded twist', sequences: ['back'], words: DISC_FLARE_CLASS },
  { what: 'pregnancy in the straddle', sequences: ['back'], words: PREGNANCY_STRADDLE },
  { what: 'spinal stenosis or spondylolisthesis', sequences: ['back', 'heart', 'neck'], words: STENOSIS },
];

/** Lines these poses' cautions must carry wherever a class posts them. */
const POSE_LINES: { what: string; poses: string[]; words: Words }[] = [
  {
    what: 'osteoporosis or osteopenia',
    poses: [
      'dragonfly-forward-fold',
      'dragonfly-twist',
      'butterfly',
      'half-butterfly',
      'wide-knee-child',
      'supported-child',
    ],
    words: OSTEOPOROSIS,
  },
  { what: 'a disc flare', poses: ['dragonfly-forward-fold', 'dragonfly-twist'], words: DISC_FLARE_POSE },
  {
    what: 'pregnancy with wide legs',
    poses: ['dragonfly-forward-fold', 'dragonfly-side-bend', 'dragonfly-twist'],
    words: PREGNANCY_WIDE_LEGS,
  },
  {
    what: 'spinal stenosis or spondylolisthesis',
    poses: ['sphinx', 'supported-fish', 'melting-heart'],
    words: STENOSIS,
  },
];

function timelineIn(lang: Lang, id: string): Timeline {
  const content = localized.of(lang);
  const sequence = content.sequences.get(id);
  if (!sequence) throw new Error(`no sequence ${id}`);
  return buildTimeline(content, sequence, sequence.holdMinutes.default);
}
const sessionIn = (lang: Lang, id: string) => backSession(T0, { sequenceId: id, language: lang as Language });
const embedOf = (lang: Lang, id: string, index: number): APIEmbed => {
  const embed = renderStep(sessionIn(lang, id), timelineIn(lang, id), index).embeds?.[0];
  if (!embed) throw new Error(`no embed for ${id} step ${index}`);
  return embed;
};

/** The bullets of the field called `name`, with the unnamed fields that carry it on. */
function bulletsOf(embed: APIEmbed, name: string): string[] {
  const fields = embed.fields ?? [];
  const start = fields.findIndex((f) => f.name === name);
  if (start < 0) return [];
  const end = fields.findIndex((f, i) => i > start && f.name !== FIELD_CONTINUED);
  return fields
    .slice(start, end < 0 ? undefined : end)
    .flatMap((f) => f.value.split('\n'))
    .map((l) => l.replace(/^• /, ''));
}
const hasLine = (lines: string[], words: RegExp[]) => lines.some((l) => words.every((w) => w.test(l)));

describe.each(LANGS)('in %s', (lang) => {
  test.each(CLASS_LINES.flatMap((c) => c.sequences.map((id) => [id, c.what, c.words] as const)))(
    'GIVEN the %s class THEN its opening’s "if this is you" names %s',
    (id, _what, words) => {
      const lines = bulletsOf(embedOf(lang, id, 0), t('post.fieldIfThisIsYou', {}, lang));
      // Every line of the class is there (a long list goes on in a second field), in order.
      expect(lines).toEqual(localized.of(lang).sequences.get(id)?.ifThisIsYou);
      expect(hasLine(lines, words[lang])).toBe(true);
    },
  );

  test.each(POSE_LINES.flatMap((p) => p.poses.map((pose) => [pose, p.what, p.words] as const)))(
    'GIVEN %s THEN its cautions name %s on every post of it in every class',
    (pose, _what, words) => {
      let posts = 0;
      for (const id of catalog.sequences.keys()) {
        const tl = timelineIn(lang, id);
        for (const step of tl.steps) {
          if (step.kind !== 'pose' || step.pose.id !== pose) continue;
          posts++;
          const lines = bulletsOf(embedOf(lang, id, step.index), t('post.fieldCautions', {}, lang));
          expect(lines).toEqual(localized.of(lang).poses.get(pose)?.cautions);
          expect(hasLine(lines, words[lang]), `${id} step ${step.index}`).toBe(true);
        }
      }
      expect(posts).toBeGreaterThan(0);
    },
  );

  test('GIVEN every post of every class THEN each fits what Discord takes (a field 1,024 characters, an embed 6,000)', () => {
    for (const id of catalog.sequences.keys()) {
      const tl = timelineIn(lang, id);
      for (const step of tl.steps) {
        const e = embedOf(lang, id, step.index);
        const fields = e.fields ?? [];
        expect(fields.length).toBeLessThanOrEqual(25);
        for (const f of fields) {
          expect(f.name.length).toBeGreaterThan(0);
          expect(f.value.length, `${id} step ${step.index}: ${f.name}`).toBeLessThanOrEqual(1024);
        }
        const total = [e.title, e.description, e.footer?.text, ...fields.flatMap((f) => [f.name, f.value])].join(
          '',
        ).length;
        expect(total, `${id} step ${step.index}`).toBeLessThanOrEqual(6000);
      }
    }
  });
});
