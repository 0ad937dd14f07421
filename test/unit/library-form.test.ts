import { describe, expect, test } from 'vitest';
import type { Sequence } from '../../src/domain/catalog-schema.ts';
import { buildTimeline, planOf, classMinutes } from '../../src/domain/timeline.ts';
import { closestPoses, editDistance, substringDistance } from '../../src/library/closest.ts';
import { formOf, parseSteps, sequenceFromForm, stepsText, type SequenceForm } from '../../src/library/form.ts';
import {
  isServerId,
  type LIBRARY_LIMITS,
  limitsWith,
  SERVER_ID,
  serverIdFor,
  serverSequenceSchema,
  slugOf,
} from '../../src/library/limits.ts';
import { catalogFor, resolveSequence, schedulesUsing } from '../../src/library/resolve.ts';
import { TEMPLATE } from '../../src/library/template.ts';
import { atLine, catalog, refusal } from '../helpers/library-helpers.ts';

const form = (over: Partial<SequenceForm> = {}): SequenceForm => ({
  name: 'Evening Hips',
  focus: 'The hips and the lower back, slowly.',
  steps: ['wide-knee-child 3', 'rebound rebound-on-back 1', 'dragonfly-side-bend both', 'rest savasana 5'].join('\n'),
  ...over,
});

describe('the steps grammar: [role] pose [minutes] [both|left|right] [seconds s]', () => {
  test.each([
    ['a pose alone is a hold at the session’s hold', 'wide-knee-child', { pose: 'wide-knee-child', role: 'hold' }],
    ['a hold with its own minutes', 'wide-knee-child 4', { pose: 'wide-knee-child', role: 'hold', minutes: 4 }],
    [
      'half minutes, with a dot or a comma',
      'knees-to-chest 1,5',
      { pose: 'knees-to-chest', role: 'hold', minutes: 1.5 },
    ],
    ['minutes with a unit', 'wide-knee-child 3 min', { pose: 'wide-knee-child', role: 'hold', minutes: 3 }],
    ['minutes with a short unit', 'wide-knee-child 3m', { pose: 'wide-knee-child', role: 'hold', minutes: 3 }],
    ['both sides', 'dragonfly-twist both', { pose: 'dragonfly-twist', role: 'hold', sides: 'both' }],
    [
      'words after the pose in any order',
      'reclined-twist left 4',
      { pose: 'reclined-twist', role: 'hold', sides: 'left', minutes: 4 },
    ],
    ['a role word first', 'rebound rebound-on-back 1', { pose: 'rebound-on-back', role: 'rebound', minutes: 1 }],
    ['a break', 'break windshield-wipers 1', { pose: 'windshield-wipers', role: 'break', minutes: 1 }],
    ['a counterpose', 'counterpose knees-to-chest 1.5', { pose: 'knees-to-chest', role: 'counterpose', minutes: 1.5 }],
    ['the final rest', 'rest savasana 5', { pose: 'savasana', role: 'rest', minutes: 5 }],
    ['an explicit hold', 'hold savasana', { pose: 'savasana', role: 'hold' }],
    [
      'seconds to change into the pose',
      'dragonfly-twist both 20s',
      { pose: 'dragonfly-twist', role: 'hold', sides: 'both', transitionSeconds: 20 },
    ],
    ['any case, and a list marker', '- Wide-Knee-Child 3', { pose: 'wide-knee-child', role: 'hold', minutes: 3 }],
    ['a numbered list', '2. savasana', { pose: 'savasana', role: 'hold' }],
    ['a comment after the step', 'savasana 5 # lie still', { pose: 'savasana', role: 'hold', minutes: 5 }],
  ])('GIVEN %s THEN it reads as the step', (_name, line, step) => {
    expect(parseSteps(catalog, line)).toEqual([step]);
  });

  test('GIVEN blank lines and # comments THEN they are skipped, and line numbers still count them', () => {
    const text = '# warm up\n\nwide-knee-child\n   \n# then\nnot-a-pose 3';
    expect(refusal(() => parseSteps(catalog, text))).toEqual(
      atLine(6, 'library.unknownPose', { pose: 'not-a-pose', closest: expect.any(String) }),
    );
    expect(parseSteps(catalog, '# warm up\n\nwide-knee-child\n')).toEqual([{ pose: 'wide-knee-child', role: 'hold' }]);
  });

  test('GIVEN the steps of a stored sequence THEN stepsText writes them back in the grammar', () => {
    const back = catalog.sequences.get('back')!;
    expect(parseSteps(catalog, stepsText(back.steps))).toEqual(back.steps);
    expect(stepsText(back.steps).split('\n').slice(0, 4)).toEqual([
      'wide-knee-child drop4',
      'rebound rebound-on-back 1 drop4',
      'dragonfly-forward-fold',
      'dragonfly-side-bend both 30s max3',
    ]);
    expect(stepsText(back.steps)).toContain('\nsphinx max3 optional drop1\n');
    expect(parseSteps(catalog, 'Sphinx optional max2.5 40s')).toEqual([
      { pose: 'sphinx', role: 'hold', transitionSeconds: 40, maxMinutes: 2.5, optional: true },
    ]);
  });
});

describe('the form: every bad input gets its answer', () => {
  const tight = limitsWith({ stepMinutes: { min: 1, max: 8 } });
  const closestTo = (typed: string) => expect.stringContaining(`\`${closestPoses(catalog, typed)[0]!.id}\``);

  test.each<[string, Partial<SequenceForm>, ReturnType<typeof refusal>, typeof LIBRARY_LIMITS?]>([
    [
      'an unknown pose, with the closest ones',
      { steps: 'wide-knee-child\ndragn 3' },
      atLine(2, 'library.unknownPose', { pose: 'dragn', closest: closestTo('dragn') }),
    ],
    [
      'a hold over the schema’s 10 minutes',
      { steps: 'wide-knee-child 12' },
      atLine(1, 'library.holdRange', { minutes: 12, min: 0.5, max: 10 }),
    ],
    [
      'a hold under the schema’s half minute',
      { steps: 'savasana\nwide-knee-child 0.2' },
      atLine(2, 'library.holdRange', { minutes: 0.2, min: 0.5, max: 10 }),
    ],
    [
      'a hold outside the server’s range',
      { steps: 'wide-knee-child 9' },
      atLine(1, 'library.holdRange', { minutes: 9, min: 1, max: 8 }),
      tight,
    ],
    [
      'a rest without its minutes',
      { steps: 'wide-knee-child\nrest savasana' },
      atLine(2, 'library.minutesNeeded', { role: 'rest', example: 'rest savasana 5' }),
    ],
    [
      'a word the grammar doesn’t have',
      { steps: 'wide-knee-child 3 gently' },
      atLine(1, 'library.unreadable', { token: 'gently', grammar: expect.stringContaining('[role] pose') }),
    ],
    [
      'two lengths on one line',
      { steps: 'wide-knee-child 3 4' },
      atLine(1, 'library.unreadable', { token: '4', grammar: expect.any(String) }),
    ],
    [
      'a transition over 120 seconds',
      { steps: 'wide-knee-child 200s' },
      atLine(1, 'library.transitionRange', { seconds: 200, min: 0, max: 120 }),
    ],
    [
      'a mention where a pose goes (said back neutralised)',
      { steps: '<@123456789012345678> 3' },
      atLine(1, 'library.unknownPose', { pose: '@member', closest: expect.any(String) }),
    ],
    [
      'markup where a word goes (said back neutralised)',
      { steps: 'savasana @everyone' },
      atLine(1, 'library.unreadable', { token: '@\u200beveryone', grammar: expect.any(String) }),
    ],
    ['no steps', { steps: '# only a comment\n\n' }, { key: 'library.noSteps', values: {} }],
    [
      'too many steps',
      { steps: Array.from({ length: 25 }, () => 'savasana 1').join('\n') },
      { key: 'library.tooManySteps', values: { count: 25, max: 24 } },
    ],
    [
      'too many minutes at the usual hold',
      { steps: Array.from({ length: 12 }, () => 'wide-knee-child 8').join('\n') },
      // 2 min to settle, then 12 × (30 s to change + 8 min).
      { key: 'library.tooLong', values: { minutes: 104, max: 90, hold: 3 } },
    ],
    ['an empty name', { name: '  ' }, { key: 'library.nameEmpty', values: { max: 60 } }],
    ['a name of markup only', { name: '** __ ||' }, { key: 'library.nameEmpty', values: { max: 60 } }],
    ['a name too long', { name: 'x'.repeat(61) }, { key: 'library.nameTooLong', values: { max: 60, length: 61 } }],
    ['an empty focus', { focus: '' }, { key: 'library.focusEmpty', values: { max: 200 } }],
    [
      'a focus too long',
      { focus: 'y'.repeat(201) },
      { key: 'library.focusTooLong', values: { max: 200, length: 201 } },
    ],
    [
      'the name of a built-in sequence',
      { name: 'Yin for the Back' },
      { key: 'library.nameBuiltIn', values: { name: 'Yin for the Back' } },
    ],
    [
      'a built-in name in another case and spacing',
      { name: 'yin  FOR the back' },
      { key: 'library.nameBuiltIn', values: { name: 'Yin for the Back' } },
    ],
    [
      'a usual hold that isn’t whole minutes',
      { hold: '2.5' },
      { key: 'library.defaultHold', values: { input: '2.5', min: 1, max: 10 } },
    ],
    [
      'a usual hold over the server’s range',
      { hold: 9 },
      { key: 'library.defaultHold', values: { input: '9', min: 1, max: 8 } },
      tight,
    ],
  ])('GIVEN %s THEN the answer says so', (_name, over, expected, limits) => {
    expect(refusal(() => sequenceFromForm(catalog, form(over), limits ? { limits } : {}))).toEqual(expected);
  });

  test('GIVEN a 90-minute limit THEN a class of exactly that length passes and one more minute does not', () => {
    // 120 s to settle, then holds back to back with 30 s transitions: 2 + 11 × (0.5 + 7.5) = 90.
    const steps = (last: number) =>
      [...Array.from({ length: 10 }, () => 'wide-knee-child 7.5'), `savasana ${last}`].join('\n');
    expect(classMinutes(catalog, sequenceFromForm(catalog, form({ steps: steps(7.5) })))).toBe(90);
    expect(refusal(() => sequenceFromForm(catalog, form({ steps: steps(8.5) })))).toEqual({
      key: 'library.tooLong',
      values: { minutes: 91, max: 90, hold: 3 },
    });
  });

  test('GIVEN a rebound shorter than the server’s hold range THEN it passes: the range is for holds', () => {
    const s = sequenceFromForm(catalog, form({ steps: 'wide-knee-child 2\nrebound rebound-on-back 0.5' }), {
      limits: limitsWith({ stepMinutes: { min: 2, max: 6 } }),
    });
    expect(s.steps[1]).toEqual({ pose: 'rebound-on-back', role: 'rebound', minutes: 0.5 });
    expect(s.holdMinutes).toEqual({ default: 3, min: 2, max: 5 });
  });
});

describe('a form-made sequence is a whole Sequence that runs like a built-in one', () => {
  test('GIVEN the form THEN the template fills the rest, the id is the name’s, and the schema passes', () => {
    const s = sequenceFromForm(catalog, form({ hold: '4' }));
    expect(serverSequenceSchema.parse(s)).toEqual(s);
    expect(s).toMatchObject({
      id: 'my_evening-hips',
      name: 'Evening Hips',
      focus: 'The hips and the lower back, slowly.',
      about: TEMPLATE.about,
      reminder: TEMPLATE.reminder,
      closing: TEMPLATE.closing,
      reflection: TEMPLATE.reflection,
      sources: ['written by this server'],
      holdMinutes: { default: 4, min: 2, max: 6 },
      settleSeconds: TEMPLATE.settleSeconds,
      transitionSeconds: TEMPLATE.transitionSeconds,
    });
    expect(s.spokenWelcome).toBeUndefined();
    // A mat, then the poses' props in the order the poses come, none twice, at most 8.
    const child = catalog.poses.get('wide-knee-child')!.props;
    expect(s.props.slice(0, 1 + child.length)).toEqual(['A mat', ...child]);
    expect(s.props.length).toBeLessThanOrEqual(8);
    expect(new Set(s.props).size).toBe(s.props.length);
  });

  test('GIVEN a form-made sequence THEN buildTimeline runs it: both sides make two steps, holds take the session’s hold', () => {
    const s = sequenceFromForm(catalog, form());
    const t = buildTimeline(catalog, s, 3);
    const poses = t.steps.filter((x) => x.kind === 'pose');
    expect(poses.map((p) => `${p.role}:${p.pose.id}${p.side ? `:${p.side}` : ''}:${p.holdMs / 60_000}`)).toEqual([
      'hold:wide-knee-child:3',
      'rebound:rebound-on-back:1',
      'hold:dragonfly-side-bend:left:3',
      'hold:dragonfly-side-bend:right:3',
      'rest:savasana:5',
    ]);
    expect(t.poseCount).toBe(3);
    expect(t.steps[0]).toMatchObject({ kind: 'opening', durationMs: TEMPLATE.settleSeconds * 1000 });
    expect(t.steps.at(-1)?.kind).toBe('closing');
    // A hold with its own minutes keeps them; one without takes the session's.
    expect(planOf(s, 4).steps.map((p) => p.holdSec)).toEqual([180, 60, 240, 240, 300]);
    // 2 min to settle, 5 steps with 30 s transitions: 2 + 2.5 + 3 + 1 + 3 + 3 + 5 = 19.5 → 20.
    expect(classMinutes(catalog, s)).toBe(20);
  });

  test('GIVEN mentions and markup in the name and focus THEN they are neutralised before anything else', () => {
    const s = sequenceFromForm(
      catalog,
      form({ name: '# **Hips** <@123456789012345678>', focus: '@everyone, `breathe`' }),
    );
    expect(s.name).toBe('Hips @member');
    expect(s.focus).toBe("@\u200beveryone, 'breathe'");
    expect(s.id).toBe('my_hips-member');
  });

  test('GIVEN a stored sequence edited through its own form THEN unchanged fields come back equal', () => {
    const imported: Sequence = { ...catalog.sequences.get('back')!, id: 'my_back', name: 'Our back' };
    expect(sequenceFromForm(catalog, formOf(imported), { base: imported })).toEqual(imported);
    const made = sequenceFromForm(catalog, form());
    expect(sequenceFromForm(catalog, formOf(made), { base: made })).toEqual(made);
  });

  test('GIVEN an edit THEN the id stays, template props follow the new steps, and own props stay', () => {
    const made = sequenceFromForm(catalog, form());
    const edited = sequenceFromForm(catalog, { ...formOf(made), name: 'Renamed', steps: 'savasana 5' }, { base: made });
    expect(edited.id).toBe(made.id);
    expect(edited.props).toEqual(['A mat', ...catalog.poses.get('savasana')!.props]);
    const own = { ...made, props: ['Two pillows'] };
    expect(sequenceFromForm(catalog, { ...formOf(own), steps: 'savasana 5' }, { base: own }).props).toEqual([
      'Two pillows',
    ]);
  });
});

describe('ids: a server id can never be a built-in id', () => {
  test.each([
    ['Evening Hips', 'my_evening-hips'],
    ['  Rücken & Schultern!  ', 'my_rucken-schultern'],
    ['背中', 'my_sequence'],
    ['a'.repeat(60), `my_${'a'.repeat(40)}`],
  ])('GIVEN the name %j THEN the id is %s', (name, id) => {
    expect(serverIdFor(slugOf(name))).toBe(id);
    expect(id).toMatch(SERVER_ID);
  });

  test('GIVEN any server id THEN the built-in id pattern refuses it, it has no `:` (custom_ids) and fits 100 characters', () => {
    const builtIn = /^[a-z0-9][a-z0-9-]{0,39}$/;
    for (const id of [serverIdFor('a'.repeat(40)), serverIdFor('a'.repeat(40), 12), serverIdFor('x', 2)]) {
      expect(id).toMatch(SERVER_ID);
      expect(builtIn.test(id)).toBe(false);
      expect(id).not.toMatch(/[:*?[\]\\]/);
      expect(id.length).toBeLessThanOrEqual(43);
    }
    expect(serverIdFor('a'.repeat(40), 12)).toBe(`my_${'a'.repeat(37)}-12`);
    for (const id of catalog.sequences.keys()) expect(isServerId(id)).toBe(false);
  });
});

describe('closest poses', () => {
  test.each([
    ['kitten', 'sitting', 3],
    ['', 'abc', 3],
    ['same', 'same', 0],
  ])('editDistance(%j, %j) = %i', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
  });

  test('GIVEN part of a word THEN substringDistance finds it inside', () => {
    expect(substringDistance('dragn', 'dragonfly-twist')).toBe(1);
    expect(substringDistance('child', 'wide-knee-child')).toBe(0);
  });

  test.each([
    ['a typo in a whole id', 'wide-knee-chld', 'wide-knee-child'],
    ['a part of an id', 'knee-ch', 'wide-knee-child'],
    ['a misspelt id', 'dragn', 'dragon'],
    ['a misspelt part', 'forwrd-fold', 'dragonfly-forward-fold'],
    ['the name rather than the id', 'On your back', 'rebound-on-back'],
    ['a typo in a short id', 'savasna', 'savasana'],
  ])('GIVEN %s THEN the closest pose comes first', (_name, typed, id) => {
    expect(closestPoses(catalog, typed)[0]?.id).toBe(id);
    expect(closestPoses(catalog, typed)).toHaveLength(3);
  });
});

describe('resolution for a guild', () => {
  const mine = sequenceFromForm(catalog, form());
  const other = sequenceFromForm(catalog, form({ name: 'Other' }));

  test('GIVEN a built-in id or one of the guild’s THEN resolveSequence finds it; anything else is undefined', () => {
    expect(resolveSequence(catalog, [mine], 'back')).toBe(catalog.sequences.get('back'));
    expect(resolveSequence(catalog, [mine], mine.id)).toBe(mine);
    expect(resolveSequence(catalog, new Map([[mine.id, mine]]), mine.id)).toBe(mine);
    expect(resolveSequence(catalog, [mine], other.id)).toBeUndefined();
    expect(resolveSequence(catalog, [], mine.id)).toBeUndefined();
    expect(resolveSequence(catalog, [{ ...mine, id: 'back', name: 'Impostor' }], 'back')?.name).toBe(
      'Yin for the Back',
    );
  });

  test('GIVEN catalogFor THEN built-ins and the guild’s sequences sit side by side, and the built-in catalog is untouched', () => {
    const c = catalogFor(catalog, [mine, other]);
    expect([...c.sequences.keys()]).toEqual([...catalog.sequences.keys(), mine.id, other.id]);
    expect(c.poses).toBe(catalog.poses);
    expect(catalog.sequences.has(mine.id)).toBe(false);
    expect(buildTimeline(c, c.sequences.get(mine.id)!, 3).poseCount).toBe(3);
    // A plain id in a guild's list can't shadow a built-in.
    expect(catalogFor(catalog, [{ ...mine, id: 'back' }]).sequences.get('back')?.name).toBe('Yin for the Back');
  });

  test('GIVEN a merged catalog THEN the guild’s own sequence names are not taken for built-in ones', () => {
    const c = catalogFor(catalog, [mine]);
    expect(sequenceFromForm(c, formOf(mine), { base: mine })).toEqual(mine);
  });

  test('GIVEN schedules THEN schedulesUsing gives the ones that start the sequence, in order', () => {
    const schedules = [
      { id: 'a', sequenceId: mine.id },
      { id: 'b', sequenceId: 'back' },
      { id: 'c', sequenceId: mine.id },
    ];
    expect(schedulesUsing(mine.id, schedules).map((s) => s.id)).toEqual(['a', 'c']);
    expect(schedulesUsing(other.id, schedules)).toEqual([]);
  });
});
