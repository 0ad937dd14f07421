import { z } from 'zod';
import { sequenceSchema, type Sequence } from '../domain/catalog-schema.ts';

/**
 * A server's own sequences: their ids, their limits and the schema a stored or imported one
 * meets. Pure: no Discord, no store.
 *
 * Ids. Built-in ids match `/^[a-z0-9][a-z0-9-]{0,39}$/` (catalog-schema.ts), so they never hold an
 * underscore. A server sequence's id is `my_<slug>`: the underscore is a character no built-in id
 * can have, now or later, so the two can't collide. The form was picked for where ids travel:
 * - store keys (`sequences:<guildId>::my_<slug>`): no `::`, none of Redis' glob characters `* ? [ ] \`;
 * - Discord custom_ids (`prefix:arg:arg`, split on `:`, at most 100 characters): no `:`, so `my:<slug>`
 *   was ruled out; at most 43 characters leaves room for a prefix and other arguments;
 * - autocomplete values (at most 100 characters) and option values typed by hand: plain ASCII;
 * - file names (`my_<slug>.json` on export) and the `[A-Za-z0-9_.-]` id patterns the store uses.
 */
export const SERVER_ID_PREFIX = 'my_';
export const SERVER_ID = /^my_[a-z0-9][a-z0-9-]{0,39}$/;
/** The slug part of a server id: a built-in id's form, at most 40 characters. */
const SLUG_MAX = 40;

export const isServerId = (id: string): boolean => SERVER_ID.test(id);

/** "Hips & Hamstrings!" → "hips-hamstrings": lowercase ASCII letters, digits and dashes, at most 40 (maybe none). */
export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, SLUG_MAX)
    .replace(/-+$/, '');
}

/** A name's slug for an id; a name with no ASCII letter or digit ("背中") gets "sequence". */
export const slugOf = (name: string): string => slugify(name) || 'sequence';

/** The server id for a slug, with `-n` appended (the slug cut to make room) for the nth try. */
export function serverIdFor(slug: string, n = 1): string {
  if (n <= 1) return `${SERVER_ID_PREFIX}${slug}`;
  const suffix = `-${n}`;
  return `${SERVER_ID_PREFIX}${slug.slice(0, SLUG_MAX - suffix.length).replace(/-+$/, '')}${suffix}`;
}

/** A name as compared for clashes: case, width and spacing don't make two names differ. */
export const nameKey = (name: string): string => name.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();

/**
 * The limits a server sequence keeps, each named in the answer when reached. `stepMinutes` is the
 * server-level range for a hold's own minutes (and for the sequence's usual hold), inside the
 * schema's 0.5–10 minutes; rebounds, breaks, counterposes and rests keep the schema's range.
 */
export interface LibraryLimits {
  nameMax: number;
  focusMax: number;
  stepsMax: number;
  /** The whole class at its usual hold: settling, transitions and every step. */
  totalMinutesMax: number;
  perGuildMax: number;
  fileBytesMax: number;
  /** How deeply arrays and objects may nest in an imported file (a sequence file needs 3). */
  fileDepthMax: number;
  stepMinutes: { min: number; max: number };
}

/** The schema's range for a step's own minutes (stepSchema). */
export const SCHEMA_STEP_MINUTES = { min: 0.5, max: 10 } as const;
/** The schema's range for a sequence's usual hold (sequenceSchema.holdMinutes: whole minutes). */
export const SCHEMA_HOLD_MINUTES = { min: 1, max: 10 } as const;

export const LIBRARY_LIMITS: LibraryLimits = {
  nameMax: 60,
  focusMax: 200,
  stepsMax: 24,
  totalMinutesMax: 90,
  // Discord shows at most 25 autocomplete choices.
  perGuildMax: 25,
  // The largest sequence the schema allows, every character taking 3 bytes of UTF-8, exports to
  // about 43 KB: an export always imports back.
  fileBytesMax: 48 * 1024,
  fileDepthMax: 5,
  stepMinutes: { ...SCHEMA_STEP_MINUTES },
};

/** The limits with a server's overrides; the step range never leaves the schema's. */
export function limitsWith(overrides: Partial<LibraryLimits> = {}): LibraryLimits {
  const merged = { ...LIBRARY_LIMITS, ...overrides };
  const min = Math.max(SCHEMA_STEP_MINUTES.min, merged.stepMinutes.min);
  const max = Math.min(SCHEMA_STEP_MINUTES.max, merged.stepMinutes.max);
  const limits = { ...merged, stepMinutes: { min, max } };
  const hold = holdRangeOf(limits);
  if (!(min <= max) || !(hold.min <= hold.max))
    throw new Error(`stepMinutes ${merged.stepMinutes.min}–${merged.stepMinutes.max} holds no whole minute`);
  return limits;
}

/** Whole minutes a sequence's usual hold may take under `limits` (holdMinutes are integers). */
export function holdRangeOf(limits: LibraryLimits): { min: number; max: number } {
  return {
    min: Math.max(SCHEMA_HOLD_MINUTES.min, Math.ceil(limits.stepMinutes.min)),
    max: Math.min(SCHEMA_HOLD_MINUTES.max, Math.floor(limits.stepMinutes.max)),
  };
}

/** The version an exported file states in `schemaVersion`; an import refuses any other. */
export const FILE_SCHEMA_VERSION = 1;

/** A built-in sequence's schema, with a server id: what the store keeps and an import yields. */
export const serverSequenceSchema: z.ZodType<Sequence> = sequenceSchema.safeExtend({
  id: z.string().regex(SERVER_ID, 'a server sequence id is my_ and then lowercase letters, digits and dashes'),
});
