import { sequenceSchema, type Catalog, type Sequence } from '../domain/catalog-schema.ts';
import { InputError } from '../domain/input-error.ts';
import { at, checkSequence, checkStep, checkStepCount } from './checks.ts';
import {
  FILE_SCHEMA_VERSION,
  isServerId,
  LIBRARY_LIMITS,
  SERVER_ID_PREFIX,
  serverSequenceSchema,
  type LibraryLimits,
} from './limits.ts';
import { sanitizeText } from './sanitize.ts';

/** A built-in id's form (catalog-schema.ts): a file may carry one, and becomes `my_<id>`. */
const PLAIN_ID = /^[a-z0-9][a-z0-9-]{0,39}$/;

/** How deeply arrays and objects nest in a parsed JSON value ({} is 1), walked without recursion. */
export function nestingDepth(value: unknown): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    const here = depth + 1;
    if (here > deepest) deepest = here;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, here]);
  }
  return deepest;
}

/** Every text field of a sequence through sanitizeText: one-line fields as one line. */
export function sanitizeSequence(s: Sequence): Sequence {
  const line = (text: string) => sanitizeText(text);
  const para = (text: string) => sanitizeText(text, { multiline: true });
  return {
    ...s,
    name: line(s.name),
    focus: line(s.focus),
    about: para(s.about),
    props: s.props.map(line),
    safety: s.safety.map(line),
    ifThisIsYou: s.ifThisIsYou.map(line),
    reminder: line(s.reminder),
    closing: para(s.closing),
    reflection: line(s.reflection),
    ...(s.spokenWelcome === undefined ? {} : { spokenWelcome: line(s.spokenWelcome) }),
    sources: s.sources.map(line),
  };
}

/**
 * The first issue zod found, said with its field. Paths and messages come from the schema, except
 * the keys an unrecognized-keys message names, which come from the file: those are neutralised.
 */
function schemaError(issues: readonly { code?: string; path: readonly PropertyKey[]; message: string }[]): InputError {
  const issue = issues[0]!;
  const problem = issue.code === 'unrecognized_keys' ? sanitizeText(issue.message, { max: 300 }) : issue.message;
  return at({ path: issue.path.map(String).join('.') || '(root)' }, new InputError('library.fileProblem', { problem }));
}

function decode(input: string | Uint8Array): string {
  if (typeof input === 'string') return input;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(input);
  } catch {
    throw new InputError('library.fileNotJson', { reason: 'it is not UTF-8 text' });
  }
}

/**
 * A sequence from an imported file: the schema of data/sequences/*.json plus `schemaVersion`
 * (FILE_SCHEMA_VERSION), as exportSequence writes it; a file without one is read as version 1. Checked in this order, each refusal an
 * InputError: the size (bytes, before anything is read), JSON, the nesting depth (before zod), one
 * object, the schema version, the schema (the first problem, naming its field: `steps.3.minutes`),
 * then the library's own rules with the field: unknown poses (with the closest), the server's
 * range for holds, the name, focus, step count and length limits. Text is sanitised. A built-in
 * style id (`hips`) becomes `my_hips`; a server id stays (the store may add `-2` if it is taken).
 */
export function parseSequenceFile(
  catalog: Catalog,
  input: string | Uint8Array,
  limits: LibraryLimits = LIBRARY_LIMITS,
): Sequence {
  const size = typeof input === 'string' ? Buffer.byteLength(input, 'utf8') : input.byteLength;
  if (size > limits.fileBytesMax)
    throw new InputError('library.fileTooLarge', {
      size,
      max: limits.fileBytesMax,
      kb: Math.floor(limits.fileBytesMax / 1024),
    });
  const text = decode(input).replace(/^\uFEFF/, '');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new InputError('library.fileNotJson', { reason: sanitizeText((err as Error).message, { max: 200 }) });
  }
  if (nestingDepth(value) > limits.fileDepthMax)
    throw new InputError('library.fileTooDeep', { max: limits.fileDepthMax });
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new InputError('library.fileNotSequence');

  // A file without schemaVersion is shaped like data/sequences/*.json (docs/writing-sequences.md says
  // to start from back.json): that is version 1.
  const { schemaVersion = FILE_SCHEMA_VERSION, ...rest } = value as Record<string, unknown>;
  if (schemaVersion !== FILE_SCHEMA_VERSION)
    throw new InputError('library.fileVersion', {
      found: schemaVersion === undefined ? 'none' : JSON.stringify(schemaVersion),
      supported: FILE_SCHEMA_VERSION,
    });
  if (typeof rest.id === 'string' && PLAIN_ID.test(rest.id) && !isServerId(rest.id))
    rest.id = `${SERVER_ID_PREFIX}${rest.id}`;

  const parsed = serverSequenceSchema.safeParse(rest);
  if (!parsed.success) throw schemaError(parsed.error.issues);
  // Sanitising can empty or lengthen a field: the schema again, on what will be stored.
  const clean = serverSequenceSchema.safeParse(sanitizeSequence(parsed.data));
  if (!clean.success) throw schemaError(clean.error.issues);
  const sequence = clean.data;

  checkStepCount(sequence.steps.length, limits);
  sequence.steps.forEach((step, i) => {
    checkStep(catalog, step, limits, (field) => ({ path: `steps.${i}.${field}` }));
  });
  checkSequence(catalog, sequence, limits);
  return sequence;
}

/** The schema's field order, so an exported file reads like data/sequences/*.json. */
const SEQUENCE_KEYS = Object.keys(sequenceSchema.shape);
const STEP_KEYS = ['pose', 'role', 'sides', 'minutes', 'transitionSeconds'];

function ordered(value: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of keys) if (value[key] !== undefined) out[key] = value[key];
  for (const [key, v] of Object.entries(value)) if (!(key in out) && v !== undefined) out[key] = v;
  return out;
}

/** The file an export gives: parseSequenceFile(catalog, exportSequence(s)) deep-equals s. */
export function exportSequence(sequence: Sequence): string {
  const body = ordered(
    { ...sequence, steps: sequence.steps.map((s) => ordered(s, STEP_KEYS)) } as Record<string, unknown>,
    SEQUENCE_KEYS,
  );
  return `${JSON.stringify({ schemaVersion: FILE_SCHEMA_VERSION, ...body }, null, 2)}\n`;
}

/** `my_hips.json`: the id is already safe as a file name. */
export const exportFileName = (sequence: Pick<Sequence, 'id'>): string => `${sequence.id}.json`;
