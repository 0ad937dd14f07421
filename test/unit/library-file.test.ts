import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { Sequence } from '../../src/domain/catalog-schema.ts';
import { buildTimeline } from '../../src/domain/timeline.ts';
import { closestPoses } from '../../src/library/closest.ts';
import { exportFileName, exportSequence, nestingDepth, parseSequenceFile } from '../../src/library/file.ts';
import { sequenceFromForm } from '../../src/library/form.ts';
import { FILE_SCHEMA_VERSION, LIBRARY_LIMITS, limitsWith, serverSequenceSchema } from '../../src/library/limits.ts';
import { atField, catalog, refusal } from '../helpers/library-helpers.ts';

const backFile = JSON.parse(
  readFileSync(join(import.meta.dirname, '..', '..', 'data', 'sequences', 'back.json'), 'utf8'),
);

/** data/sequences/back.json as a server would write it: another name, and the schema version. */
const file = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  schemaVersion: 1,
  ...structuredClone(backFile),
  name: 'Our back',
  ...over,
});
const text = (value: unknown) => JSON.stringify(value);
const withStep = (i: number, step: Record<string, unknown>) => {
  const f = file();
  (f.steps as Record<string, unknown>[])[i] = { ...(f.steps as Record<string, unknown>[])[i], ...step };
  return f;
};

describe('import: a sequence file', () => {
  test('GIVEN a built-in file with a schema version and its own name THEN it imports with a server id', () => {
    const s = parseSequenceFile(catalog, text(file()));
    expect(s.id).toBe('my_back');
    expect(s.name).toBe('Our back');
    const { id: _a, name: _b, ...rest } = s;
    const { id: _c, name: _d, ...builtIn } = catalog.sequences.get('back')!;
    expect(rest).toEqual(builtIn);
    expect(buildTimeline(catalog, s, 3).poseCount).toBe(
      catalog.sequences
        .get('back')!
        .steps.filter((x) => x.role === 'hold')
        .reduce((n, x) => n + (x.sides === 'both' ? 2 : 1), 0),
    );
  });

  test('GIVEN bytes (an attachment) with a byte-order mark THEN they read like text', () => {
    const bytes = new TextEncoder().encode(`\uFEFF${text(file())}`);
    expect(parseSequenceFile(catalog, bytes)).toEqual(parseSequenceFile(catalog, text(file())));
  });

  const big = 'x'.repeat(LIBRARY_LIMITS.fileBytesMax);
  const deep = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;

  test.each<[string, string | Uint8Array, ReturnType<typeof refusal>]>([
    [
      'too large (the byte limit, counted in bytes)',
      text(file({ about: big })),
      { key: 'library.fileTooLarge', values: { size: expect.any(Number), max: 49_152, kb: 48 } },
    ],
    [
      'too large in bytes though not in characters',
      'é'.repeat(LIBRARY_LIMITS.fileBytesMax / 2 + 1),
      { key: 'library.fileTooLarge', values: { size: LIBRARY_LIMITS.fileBytesMax + 2, max: 49_152, kb: 48 } },
    ],
    ['not JSON', '{"id": "back",', { key: 'library.fileNotJson', values: { reason: expect.any(String) } }],
    [
      'not text',
      new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]),
      { key: 'library.fileNotJson', values: { reason: 'it is not UTF-8 text' } },
    ],
    [
      'too deep',
      deep(100_000).slice(0, 40_000),
      { key: 'library.fileNotJson', values: { reason: expect.any(String) } },
    ],
    ['nested too deep', deep(6), { key: 'library.fileTooDeep', values: { max: 5 } }],
    [
      'a sequence with a field nested too deep',
      text(file({ about: [[[[['deep']]]]] })),
      { key: 'library.fileTooDeep', values: { max: 5 } },
    ],
    ['a list, not one object', text([file()]), { key: 'library.fileNotSequence', values: {} }],
    ['a plain value', '"back"', { key: 'library.fileNotSequence', values: {} }],
    [
      'another schemaVersion',
      text(file({ schemaVersion: 2 })),
      { key: 'library.fileVersion', values: { found: '2', supported: 1 } },
    ],
    [
      'a schemaVersion as text',
      text(file({ schemaVersion: '1' })),
      { key: 'library.fileVersion', values: { found: '"1"', supported: 1 } },
    ],
    [
      'an unknown pose, with the closest',
      text(withStep(3, { pose: 'dragn' })),
      atField('steps.3.pose', 'library.unknownPose', {
        pose: 'dragn',
        closest: expect.stringContaining(`\`${closestPoses(catalog, 'dragn')[0]!.id}\``),
      }),
    ],
    [
      'a step over the schema’s 10 minutes (zod names the field)',
      text(withStep(2, { minutes: 12 })),
      atField('steps.2.minutes', 'library.fileProblem', { problem: expect.stringMatching(/10/) }),
    ],
    [
      'a rebound without minutes (the schema’s rule, at its field)',
      text(withStep(1, { minutes: undefined })),
      atField('steps.1.minutes', 'library.fileProblem', { problem: expect.stringContaining('give their own minutes') }),
    ],
    [
      'a field missing',
      text(file({ about: undefined })),
      atField('about', 'library.fileProblem', { problem: expect.any(String) }),
    ],
    [
      'a field it does not know',
      text(file({ colour: 'blue' })),
      atField('(root)', 'library.fileProblem', { problem: expect.stringContaining('colour') }),
    ],
    [
      'a field it does not know, named with a mention (said back neutralised)',
      text(file({ '<@&1> `x`': 1 })),
      atField('(root)', 'library.fileProblem', { problem: 'Unrecognized key: "@role \'x\'"' }),
    ],
    [
      'a wrong type deep inside',
      text(file({ holdMinutes: { default: 3, min: 3, max: 'five' } })),
      atField('holdMinutes.max', 'library.fileProblem', { problem: expect.any(String) }),
    ],
    [
      'an id no sequence can have',
      text(file({ id: 'My Back!' })),
      atField('id', 'library.fileProblem', { problem: expect.stringContaining('my_') }),
    ],
    [
      'a text field that is only markup',
      text(file({ reminder: '** || **' })),
      atField('reminder', 'library.fileProblem', { problem: expect.any(String) }),
    ],
    [
      'the name of a built-in sequence',
      text(file({ name: 'YIN FOR THE BACK' })),
      { key: 'library.nameBuiltIn', values: { name: 'Yin for the Back' } },
    ],
    [
      'a name over 60 characters',
      text(file({ name: 'n'.repeat(61) })),
      { key: 'library.nameTooLong', values: { max: 60, length: 61 } },
    ],
    [
      'a focus over 200 characters',
      text(file({ focus: 'f'.repeat(201) })),
      { key: 'library.focusTooLong', values: { max: 200, length: 201 } },
    ],
    [
      'too many steps',
      text(file({ steps: Array.from({ length: 25 }, () => ({ pose: 'savasana', minutes: 0.5 })) })),
      { key: 'library.tooManySteps', values: { count: 25, max: 24 } },
    ],
    [
      'too many minutes',
      text(file({ steps: Array.from({ length: 10 }, () => ({ pose: 'savasana', minutes: 10 })) })),
      // 150 s to settle, 10 × (45 s + 10 min).
      { key: 'library.tooLong', values: { minutes: 110, max: 90, hold: 3 } },
    ],
  ])('GIVEN %s THEN the answer says so', (_name, input, expected) => {
    expect(refusal(() => parseSequenceFile(catalog, input))).toEqual(expected);
  });

  test('GIVEN a server range THEN a step over it and a usual hold over it are refused at their fields', () => {
    const limits = limitsWith({ stepMinutes: { min: 1, max: 4 } });
    expect(refusal(() => parseSequenceFile(catalog, text(withStep(0, { minutes: 4.5 })), limits))).toEqual(
      atField('steps.0.minutes', 'library.holdRange', { minutes: 4.5, min: 1, max: 4 }),
    );
    expect(refusal(() => parseSequenceFile(catalog, text(file()), limits))).toEqual(
      atField('holdMinutes.max', 'library.holdRange', { minutes: 5, min: 1, max: 4 }),
    );
  });

  test('GIVEN the depth limit THEN depth is counted as nesting, before the schema', () => {
    expect(nestingDepth(1)).toBe(0);
    expect(nestingDepth({})).toBe(1);
    expect(nestingDepth(file())).toBe(3);
    expect(nestingDepth(JSON.parse(deep(50_000)))).toBe(50_000);
  });

  test('GIVEN text with mentions and markup THEN the imported sequence holds it neutralised', () => {
    const s = parseSequenceFile(
      catalog,
      text(file({ about: '# Title\n\n<@&123> [here](https://x.y)', sources: ['`a` @everyone'] })),
    );
    expect(s.about).toBe('Title\n\n@role here (https://x.y)');
    expect(s.sources).toEqual(["'a' @\u200beveryone"]);
  });
});

describe('export', () => {
  const made = sequenceFromForm(catalog, {
    name: 'Evening <@1> Hips',
    focus: 'Hips `slowly`',
    steps: 'wide-knee-child\ndragonfly-twist both 20s\nrest savasana 5',
  });
  const imported = parseSequenceFile(catalog, text(file({ spokenWelcome: 'Settle in.' })));

  test.each([
    ['a form-made sequence', made],
    ['an imported one', imported],
  ])(
    'GIVEN %s THEN import(export(x)) deep-equals x, and exporting that again gives the same file',
    (_n, x: Sequence) => {
      const exported = exportSequence(x);
      const back = parseSequenceFile(catalog, exported);
      expect(back).toStrictEqual(x);
      expect(exportSequence(back)).toBe(exported);
    },
  );

  test('GIVEN an export THEN it is the data/sequences format: schemaVersion first, then the schema’s fields in order', () => {
    const value = JSON.parse(exportSequence(imported));
    expect(Object.keys(value).slice(0, 4)).toEqual(['schemaVersion', 'id', 'name', 'focus']);
    expect(value.schemaVersion).toBe(FILE_SCHEMA_VERSION);
    expect(Object.keys(value.steps[3])).toEqual(['pose', 'role', 'sides', 'transitionSeconds', 'maxMinutes']);
    expect(exportFileName(imported)).toBe('my_back.json');
  });

  test('GIVEN the largest sequence the schema allows, in 3-byte characters THEN its export is under the import limit', () => {
    const wide = (n: number) => '語'.repeat(n);
    const lines = (count: number) => Array.from({ length: count }, () => wide(300));
    const largest: Sequence = serverSequenceSchema.parse({
      ...imported,
      id: `my_${'a'.repeat(40)}`,
      name: wide(60),
      focus: wide(200),
      about: wide(1000),
      props: lines(8),
      safety: lines(6),
      ifThisIsYou: lines(8),
      reminder: wide(150),
      closing: wide(600),
      reflection: wide(200),
      spokenWelcome: wide(200),
      sources: lines(12),
      steps: Array.from({ length: 24 }, () => ({
        pose: 'dragonfly-forward-fold',
        role: 'counterpose',
        sides: 'right',
        minutes: 0.5,
        transitionSeconds: 120,
      })),
    });
    const bytes = Buffer.byteLength(exportSequence(largest));
    expect(bytes).toBeGreaterThan(32 * 1024);
    expect(bytes).toBeLessThanOrEqual(LIBRARY_LIMITS.fileBytesMax);
    expect(parseSequenceFile(catalog, exportSequence(largest))).toStrictEqual(largest);
  });
});

test('GIVEN a copy of data/sequences/back.json with its own name (no schemaVersion) THEN it imports as version 1, as my_back', () => {
  const raw = readFileSync(join(import.meta.dirname, '..', '..', 'data', 'sequences', 'back.json'), 'utf8');
  expect(JSON.parse(raw)).not.toHaveProperty('schemaVersion');
  const copy = JSON.stringify({ ...JSON.parse(raw), name: 'Our evening back class' });
  const imported = parseSequenceFile(catalog, copy);
  expect(imported.id).toBe('my_back');
  expect(imported.name).toBe('Our evening back class');
  expect(imported.steps).toHaveLength(JSON.parse(raw).steps.length);
});
