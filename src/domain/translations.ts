// The practice content in other languages: per language, the translatable fields of each pose
// and sequence, beside the English (`data/i18n/<lang>/poses/<id>.json`, `…/sequences/<id>.json`).
// A field a language lacks falls back to English; `missingContent` lists them (a test requires
// none for the five languages).
import { basename, join } from 'node:path';
import type { z } from 'zod';
import { contentLanguage, OWN_FILES, type Language } from '../languages.ts';
import { poseSchema, sequenceFields, type Catalog, type Pose, type Sequence } from './catalog-schema.ts';
import { CatalogError, parseAll } from './load-catalog.ts';

const POSE_TEXT = {
  name: true,
  targets: true,
  enter: true,
  variations: true,
  props: true,
  cues: true,
  cautions: true,
  exit: true,
  counterpose: true,
  spoken: true,
  sides: true,
} as const;
const SEQUENCE_TEXT = {
  name: true,
  focus: true,
  about: true,
  props: true,
  safety: true,
  ifThisIsYou: true,
  reminder: true,
  closing: true,
  reflection: true,
  spokenWelcome: true,
  holdBegin: true,
} as const;

/** The same rules as the English (lengths, speakable text), every field optional, nothing else. */
export const poseTextSchema = poseSchema.pick(POSE_TEXT).partial().strict();
export const sequenceTextSchema = sequenceFields.pick(SEQUENCE_TEXT).partial().strict();
export type PoseText = z.infer<typeof poseTextSchema>;
export type SequenceText = z.infer<typeof sequenceTextSchema>;

export interface LanguageContent {
  poses: ReadonlyMap<string, PoseText>;
  sequences: ReadonlyMap<string, SequenceText>;
}

/** Reads data/i18n/<lang>/ for every language with files. Throws CatalogError naming file and field. */
export function loadTranslations(dataDir: string, catalog: Catalog): Map<Language, LanguageContent> {
  const problems: string[] = [];
  const out = new Map<Language, LanguageContent>();
  for (const lang of OWN_FILES) {
    const dir = join(dataDir, 'i18n', lang);
    const poses = new Map<string, PoseText>();
    for (const { file, value } of parseAll(join(dir, 'poses'), poseTextSchema, problems)) {
      const id = basename(file, '.json');
      if (!catalog.poses.has(id)) problems.push(`${file}: no English pose "${id}" to translate`);
      poses.set(id, value);
    }
    const sequences = new Map<string, SequenceText>();
    for (const { file, value } of parseAll(join(dir, 'sequences'), sequenceTextSchema, problems)) {
      const id = basename(file, '.json');
      if (!catalog.sequences.has(id)) problems.push(`${file}: no English sequence "${id}" to translate`);
      sequences.set(id, value);
    }
    out.set(lang, { poses, sequences });
  }
  if (problems.length) throw new CatalogError(join(dataDir, 'i18n'), problems);
  return out;
}

/** `base` with every field `text` gives (a field it leaves out keeps the English). */
function overlay<T extends object>(base: T, text: object | undefined): T {
  const out = { ...base } as Record<string, unknown>;
  for (const [k, v] of Object.entries(text ?? {})) if (v !== undefined) out[k] = v;
  return out as T;
}

/** The catalog in `lang`: each pose and sequence with its translated fields over the English. */
export function catalogIn(catalog: Catalog, content: LanguageContent | undefined): Catalog {
  if (!content) return catalog;
  const poses = new Map<string, Pose>();
  for (const [id, p] of catalog.poses) poses.set(id, overlay(p, content.poses.get(id)));
  const sequences = new Map<string, Sequence>();
  for (const [id, q] of catalog.sequences) sequences.set(id, overlay(q, content.sequences.get(id)));
  return { poses, sequences };
}

/** What a language lacks: "poses/dragon.json: cues", one line per pose or sequence with gaps. */
export function missingContent(catalog: Catalog, content: LanguageContent | undefined): string[] {
  const gaps: string[] = [];
  const check = (kind: string, id: string, english: object, text: object | undefined, fields: object) => {
    const lacking = Object.keys(fields).filter((f) => f in english && !(text && f in text));
    if (lacking.length) gaps.push(`${kind}/${id}.json: ${text ? lacking.join(', ') : 'no file'}`);
  };
  for (const [id, p] of catalog.poses) check('poses', id, p, content?.poses.get(id), POSE_TEXT);
  for (const [id, q] of catalog.sequences) check('sequences', id, q, content?.sequences.get(id), SEQUENCE_TEXT);
  return gaps;
}

/** Catalogs by language, built once: `of(lang)` (es-419 reads es-ES's). */
export class LocalizedCatalogs {
  readonly #by = new Map<string, Catalog>();
  readonly english: Catalog;
  constructor(english: Catalog, translations: ReadonlyMap<Language, LanguageContent>) {
    this.english = english;
    for (const [lang, content] of translations) this.#by.set(lang, catalogIn(english, content));
  }
  of(lang: Language | undefined): Catalog {
    return (lang && this.#by.get(contentLanguage(lang))) || this.english;
  }
}
