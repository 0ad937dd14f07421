import { isDeepStrictEqual } from 'node:util';
import { STEP_ROLES, stepSchema, type Catalog, type Sequence, type SequenceStep } from '../domain/catalog-schema.ts';
import { InputError } from '../domain/input-error.ts';
import { at, checkFocus, echo, checkName, checkSequence, checkStep, checkStepCount } from './checks.ts';
import {
  holdRangeOf,
  LIBRARY_LIMITS,
  serverIdFor,
  serverSequenceSchema,
  slugOf,
  type LibraryLimits,
} from './limits.ts';
import { sanitizeText } from './sanitize.ts';
import { holdMinutesFor, propsFor, TEMPLATE, templateSequence } from './template.ts';

/**
 * The form a member fills in to write a sequence: a name, a short focus, the steps one per line,
 * and (optional) the usual hold in whole minutes. Text as typed; everything is checked here.
 */
export interface SequenceForm {
  name: string;
  focus: string;
  steps: string;
  hold?: string | number | undefined;
}

/**
 * The steps' grammar, one step a line:
 *
 *     [role] pose [minutes] [both|left|right] [seconds s]
 *
 * - `role` is one of hold, rebound, break, counterpose, rest; without one the step is a hold. A
 *   first word is read as a role only when a pose follows it.
 * - `pose` is a pose id from the library (`wide-knee-child`), in any case.
 * - `minutes` is the step's own length: `3`, `1.5` or `1,5`, optionally `3m` or `3 min`. A hold
 *   without minutes takes the session's hold; every other role needs its minutes.
 * - `both` makes two timed steps, left then right; `left` or `right` one.
 * - `30s` is the time to come out of the last pose and set this one up (0–120 seconds), instead
 *   of the sequence's.
 * - `max3` caps a hold that takes the session's hold (one side of a long block); `optional`
 *   marks an addition the post labels and says may be skipped; `drop1` lets a shorter class
 *   (`length:`) leave the step out, groups lowest number first.
 * - The words after the pose come in any order. Blank lines, `#` comments (a whole line, or the
 *   rest of one) and list markers (`-`, `*`, `•`, `1.`) are ignored.
 *
 * e.g. `wide-knee-child 3`, `rebound rebound-on-back 1`, `dragonfly-side-bend both`, `rest savasana 5`.
 */
export const STEP_GRAMMAR = '[role] pose [minutes] [both|left|right] [seconds s]';

type Line = { number: number; text: string };

/** The lines that hold a step, with their 1-based line numbers. */
function stepLines(text: string): Line[] {
  return text
    .split(/\r\n?|\n/)
    .map((raw, i) => ({
      number: i + 1,
      text: raw
        .replace(/#.*$/, '')
        .replace(/^\s*(?:[-*•]|\d{1,2}[.)])\s+/, '')
        .trim(),
    }))
    .filter((l) => l.text !== '');
}

const ROLE_WORDS: ReadonlySet<string> = new Set(STEP_ROLES);
const MINUTES = /^(\d{1,3}(?:[.,]\d{1,3})?)(?:m|min|mins|minutes?)?$/;
const MINUTE_WORD = /^(?:m|min|mins|minutes?)$/;
const SECONDS = /^(\d{1,4})(?:s|sec|secs|seconds?)$/;
const SIDES = new Set(['both', 'left', 'right']);
const MAX = /^max(\d{1,3}(?:[.,]\d{1,3})?)(?:m|min)?$/;
const DROP = /^drop(\d{1,2})$/;

function parseLine(catalog: Pick<Catalog, 'poses'>, line: Line, limits: LibraryLimits): SequenceStep {
  const where = { line: line.number };
  const unreadable = (token: string) =>
    at(where, new InputError('library.unreadable', { token: echo(token), grammar: STEP_GRAMMAR }));
  const tokens = line.text.toLowerCase().split(/\s+/);
  let role: SequenceStep['role'] = 'hold';
  if (tokens.length >= 2 && ROLE_WORDS.has(tokens[0]!)) role = tokens.shift() as SequenceStep['role'];
  const pose = tokens.shift()!.replace(/_/g, '-');
  let minutes: number | undefined;
  let sides: SequenceStep['sides'];
  let transitionSeconds: number | undefined;
  let maxMinutes: number | undefined;
  let optional = false;
  let drop: number | undefined;
  let previous = '';
  for (const token of tokens) {
    const m = MINUTES.exec(token);
    const s = SECONDS.exec(token);
    const cap = MAX.exec(token);
    const group = DROP.exec(token);
    if (group && drop === undefined) drop = Number(group[1]);
    else if (m && minutes === undefined) minutes = Number(m[1]!.replace(',', '.'));
    else if (cap && maxMinutes === undefined) maxMinutes = Number(cap[1]!.replace(',', '.'));
    else if (token === 'optional' && !optional) optional = true;
    else if (MINUTE_WORD.test(token) && MINUTES.test(previous)) {
      // "3 min": the unit after the number.
    } else if (s && transitionSeconds === undefined) transitionSeconds = Number(s[1]);
    else if (SIDES.has(token) && sides === undefined) sides = token as SequenceStep['sides'];
    else throw unreadable(token);
    previous = token;
  }
  checkStep(catalog, { pose, role, minutes, transitionSeconds }, limits, () => where);
  const step = stepSchema.safeParse({
    pose,
    role,
    ...(sides ? { sides } : {}),
    ...(minutes !== undefined ? { minutes } : {}),
    ...(transitionSeconds !== undefined ? { transitionSeconds } : {}),
    ...(maxMinutes !== undefined ? { maxMinutes } : {}),
    ...(optional ? { optional } : {}),
    ...(drop !== undefined ? { drop } : {}),
  });
  if (!step.success) throw unreadable(line.text);
  return step.data;
}

/** The form's steps, checked line by line; throws InputError naming the line. */
export function parseSteps(
  catalog: Pick<Catalog, 'poses'>,
  text: string,
  limits: LibraryLimits = LIBRARY_LIMITS,
): SequenceStep[] {
  const lines = stepLines(text);
  checkStepCount(lines.length, limits);
  return lines.map((line) => parseLine(catalog, line, limits));
}

/** The usual hold from the form: whole minutes inside the server's range. */
function parseHold(input: string | number, limits: LibraryLimits): number {
  const range = holdRangeOf(limits);
  const text = String(input).trim();
  const hold = /^\d{1,2}$/.test(text) ? Number(text) : Number.NaN;
  if (!(hold >= range.min && hold <= range.max))
    throw new InputError('library.defaultHold', { input: echo(text), min: range.min, max: range.max });
  return hold;
}

const given = (hold: SequenceForm['hold']): hold is string | number => hold !== undefined && String(hold).trim() !== '';

/**
 * A whole server sequence from the form: the member's name, focus, steps and hold, the rest from
 * the template (template.ts). With `base` (editing a stored sequence) its id and the fields the
 * form doesn't show stay as they were; its props follow the new steps only if they were the
 * template's. Throws InputError for anything the member can put right; the result is a valid
 * Sequence with a server id (`my_<slug of the name>`; the store may add `-2` if that is taken).
 * Names of the guild's other sequences are the store's to check.
 */
export function sequenceFromForm(
  catalog: Catalog,
  form: SequenceForm,
  options: { limits?: LibraryLimits; base?: Sequence } = {},
): Sequence {
  const limits = options.limits ?? LIBRARY_LIMITS;
  const base = options.base;
  const name = sanitizeText(form.name);
  checkName(name, limits);
  const focus = sanitizeText(form.focus);
  checkFocus(focus, limits);
  const range = holdRangeOf(limits);
  // Editing keeps the stored range while the usual hold stays the same.
  const hold = given(form.hold) ? parseHold(form.hold, limits) : undefined;
  const holdMinutes =
    base && (hold === undefined || hold === base.holdMinutes.default)
      ? base.holdMinutes
      : holdMinutesFor(hold ?? Math.min(range.max, Math.max(range.min, TEMPLATE.holdDefault)), range);
  const steps = parseSteps(catalog, form.steps, limits);
  const draft: Sequence = base
    ? {
        ...base,
        name,
        focus,
        holdMinutes,
        steps,
        props: isDeepStrictEqual(base.props, propsFor(catalog, base.steps)) ? propsFor(catalog, steps) : base.props,
      }
    : templateSequence(catalog, { id: serverIdFor(slugOf(name)), name, focus, steps, holdMinutes });
  const parsed = serverSequenceSchema.safeParse(draft);
  if (!parsed.success)
    throw new Error(
      `a form sequence failed the schema: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`,
    );
  checkSequence(catalog, parsed.data, limits);
  return parsed.data;
}

/** A number as the form writes it: `3`, `1.5`. */
const minutesText = (n: number): string => String(n);

/** The steps written back in the form's grammar (to prefill the form when editing). */
export function stepsText(steps: readonly SequenceStep[]): string {
  return steps
    .map((s) =>
      [
        s.role === 'hold' ? undefined : s.role,
        s.pose,
        s.minutes === undefined ? undefined : minutesText(s.minutes),
        s.sides,
        s.transitionSeconds === undefined ? undefined : `${s.transitionSeconds}s`,
        s.maxMinutes === undefined ? undefined : `max${minutesText(s.maxMinutes)}`,
        s.optional ? 'optional' : undefined,
        s.drop === undefined ? undefined : `drop${s.drop}`,
      ]
        .filter((w) => w !== undefined)
        .join(' '),
    )
    .join('\n');
}

/** The form filled in from a sequence, for editing: sequenceFromForm(catalog, formOf(s), { base: s }) gives s back. */
export function formOf(sequence: Sequence): Required<SequenceForm> & { hold: string } {
  return {
    name: sequence.name,
    focus: sequence.focus,
    steps: stepsText(sequence.steps),
    hold: String(sequence.holdMinutes.default),
  };
}
