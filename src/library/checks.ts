import { STEP_ROLES, type Catalog, type Sequence, type SequenceStep } from '../domain/catalog-schema.ts';
import { InputError } from '../domain/input-error.ts';
import { classMinutesExact } from '../domain/timeline.ts';
import { closestPoses, poseList } from './closest.ts';
import { sanitizeText } from './sanitize.ts';
import { holdRangeOf, isServerId, nameKey, SCHEMA_STEP_MINUTES, type LibraryLimits } from './limits.ts';

/** What a member typed, said back in an answer: neutralised like stored text, and short. */
export const echo = (typed: string): string => sanitizeText(typed, { max: 60 });

/** Where a problem is: a line of the form's steps (1-based) or a field of a file (`steps.3.pose`). */
export type Where = { line: number } | { path: string };

/** The problem, said with where it is. */
export function at(where: Where, problem: InputError): InputError {
  return 'line' in where
    ? new InputError('library.atLine', { line: where.line, problem })
    : new InputError('library.atField', { path: where.path, problem });
}

/** The schema's range for the seconds to change into a step (stepSchema.transitionSeconds). */
export const TRANSITION_SECONDS = { min: 0, max: 120 } as const;

/** The range a step's own minutes must lie in: the server's for holds, the schema's for the rest. */
export const minutesRangeFor = (role: SequenceStep['role'], limits: LibraryLimits): { min: number; max: number } =>
  role === 'hold' ? limits.stepMinutes : SCHEMA_STEP_MINUTES;

/** A step as the form line writes it, e.g. `rest savasana 5`, for answers. */
export const exampleFor = (role: SequenceStep['role']): string =>
  role === 'rest'
    ? 'rest savasana 5'
    : role === 'counterpose'
      ? 'counterpose knees-to-chest 1.5'
      : `${role} rebound-on-back 1`;

/**
 * What a step must meet beyond its schema: a pose the library has (else the closest ones), its own
 * minutes inside the range for its role, minutes given for roles other than a hold, and a
 * transition within 0–120 seconds. `where(field)` places each problem.
 */
export function checkStep(
  catalog: Pick<Catalog, 'poses'>,
  step: {
    pose: string;
    role: SequenceStep['role'];
    minutes?: number | undefined;
    transitionSeconds?: number | undefined;
  },
  limits: LibraryLimits,
  where: (field: 'pose' | 'minutes' | 'transitionSeconds') => Where,
): void {
  if (!catalog.poses.has(step.pose))
    throw at(
      where('pose'),
      new InputError('library.unknownPose', {
        pose: echo(step.pose),
        closest: poseList(closestPoses(catalog, step.pose)),
      }),
    );
  if (!(STEP_ROLES as readonly string[]).includes(step.role)) throw new Error(`not a role: ${step.role}`);
  const range = minutesRangeFor(step.role, limits);
  if (step.minutes === undefined) {
    if (step.role !== 'hold')
      throw at(
        where('minutes'),
        new InputError('library.minutesNeeded', { role: step.role, example: exampleFor(step.role) }),
      );
  } else if (!(Number.isFinite(step.minutes) && step.minutes >= range.min && step.minutes <= range.max)) {
    throw at(
      where('minutes'),
      new InputError('library.holdRange', { minutes: step.minutes, min: range.min, max: range.max }),
    );
  }
  const t = step.transitionSeconds;
  if (t !== undefined && !(Number.isInteger(t) && t >= TRANSITION_SECONDS.min && t <= TRANSITION_SECONDS.max))
    throw at(
      where('transitionSeconds'),
      new InputError('library.transitionRange', { seconds: t, ...TRANSITION_SECONDS }),
    );
}

export function checkName(name: string, limits: LibraryLimits): void {
  if (name === '') throw new InputError('library.nameEmpty', { max: limits.nameMax });
  if (name.length > limits.nameMax)
    throw new InputError('library.nameTooLong', { max: limits.nameMax, length: name.length });
}

export function checkFocus(focus: string, limits: LibraryLimits): void {
  if (focus === '') throw new InputError('library.focusEmpty', { max: limits.focusMax });
  if (focus.length > limits.focusMax)
    throw new InputError('library.focusTooLong', { max: limits.focusMax, length: focus.length });
}

export function checkStepCount(count: number, limits: LibraryLimits): void {
  if (count === 0) throw new InputError('library.noSteps');
  if (count > limits.stepsMax) throw new InputError('library.tooManySteps', { count, max: limits.stepsMax });
}

/** The built-in sequence named `name` (in any case), if any; server sequences in a merged catalog don't count. */
export function builtInNamed(catalog: Pick<Catalog, 'sequences'>, name: string): Sequence | undefined {
  const key = nameKey(name);
  for (const s of catalog.sequences.values()) if (!isServerId(s.id) && nameKey(s.name) === key) return s;
  return undefined;
}

/**
 * What a whole server sequence meets, from the form or a file: its name and focus within their
 * lengths, no built-in sequence's name, 1 to `stepsMax` steps, a usual hold (and its range)
 * inside the server's whole minutes, and at most `totalMinutesMax` minutes at its usual hold.
 * Its steps' poses must already be known (checkStep).
 */
export function checkSequence(catalog: Catalog, sequence: Sequence, limits: LibraryLimits): void {
  checkName(sequence.name, limits);
  checkFocus(sequence.focus, limits);
  const builtIn = builtInNamed(catalog, sequence.name);
  if (builtIn) throw new InputError('library.nameBuiltIn', { name: builtIn.name });
  checkStepCount(sequence.steps.length, limits);
  const range = holdRangeOf(limits);
  for (const field of ['min', 'default', 'max'] as const) {
    const minutes = sequence.holdMinutes[field];
    if (!(minutes >= range.min && minutes <= range.max))
      throw at({ path: `holdMinutes.${field}` }, new InputError('library.holdRange', { minutes, ...range }));
  }
  const minutes = classMinutesExact(catalog, sequence);
  if (minutes > limits.totalMinutesMax)
    throw new InputError('library.tooLong', {
      minutes: Math.ceil(minutes),
      max: limits.totalMinutesMax,
      hold: sequence.holdMinutes.default,
    });
}
