// momentsOf, table-driven: what is said inside a step and when, from the session state alone.
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { loadCatalog } from '../../src/domain/load-catalog.ts';
import * as session from '../../src/domain/session.ts';
import { buildTimeline, type Plan, type Timeline } from '../../src/domain/timeline.ts';
import type { AudioManifest } from '../../src/voice/cues.ts';
import { LATE_MS, momentsOf, stillDue, type Moment } from '../../src/voice/moments.ts';
import { backSession } from '../helpers/session.ts';

const root = join(import.meta.dirname, '..', '..');
const catalog = loadCatalog(join(root, 'data'));
const back = catalog.sequences.get('back');
if (!back) throw new Error('no back sequence');
const T0 = Date.UTC(2026, 10, 25, 18, 0, 0);
const S = 1_000;
const MIN = 60_000;
const t = buildTimeline(catalog, back, 3, 1);

const fresh = (o: Partial<session.SessionState> = {}): session.SessionState => ({
  ...backSession(T0, { id: 's' }),
  ...o,
});
const at = (ms: number) => T0 + ms;
const hold = (m: Moment[]) => m.map((x) => [x.play.join(' '), x.atMs - T0] as const);

// The back class at 3-minute holds, speed 1 (offsets from the session's start):
//   1 Child's Pose (hold)   due 150 s, 45 s transition → hold 195 s … ends 375 s
//   2 rebound on the back   due 375 s … ends 480 s
//   6 windshield wipers (break), 15 knees to chest (counterpose)
//  16 savasana (rest)       due 2730 s, 45 s transition → rest 2775 s … ends 3075 s
test('the class these cases use', () => {
  expect(t.steps[1]).toMatchObject({ role: 'hold', offsetMs: 150 * S, transitionMs: 45 * S, holdMs: 180 * S });
  expect(t.steps[2]).toMatchObject({ role: 'rebound' });
  expect(t.steps[6]).toMatchObject({ role: 'break' });
  expect(t.steps[15]).toMatchObject({ role: 'counterpose' });
  expect(t.steps[16]).toMatchObject({ role: 'rest', offsetMs: 2730 * S, transitionMs: 45 * S, holdMs: 300 * S });
});

describe('momentsOf: what is said inside a step, and when', () => {
  const cases: [string, session.SessionState, number, number, (readonly [string, number])[]][] = [
    [
      'a hold, just posted: the hold begins after the transition; come out 25 s before the end',
      fresh({ posted: 1 }),
      1,
      at(150 * S),
      [
        ['hold-begin', 195 * S],
        ['come-out', 350 * S],
      ],
    ],
    [
      'a hold, posted 300 ms late: still both (the hook runs a little after the post)',
      fresh({ posted: 1 }),
      1,
      at(150 * S + 300),
      [
        ['hold-begin', 195 * S],
        ['come-out', 350 * S],
      ],
    ],
    [
      'a hold in progress (a restart, a catch-up post): the hold-begin is past and not said late',
      fresh({ posted: 1 }),
      1,
      at(240 * S),
      [['come-out', 350 * S]],
    ],
    ['a hold in its last 25 s: nothing left to say', fresh({ posted: 1 }), 1, at(352 * S), []],
    [
      'a timer up to a second late still says it; later is stale',
      fresh({ posted: 1 }),
      1,
      at(195 * S + LATE_MS),
      [
        ['hold-begin', 195 * S],
        ['come-out', 350 * S],
      ],
    ],
    ['the final rest: rest-end 25 s before its end', fresh({ posted: 16 }), 16, at(2730 * S), [['rest-end', 3050 * S]]],
    ['a rebound: nothing', fresh({ posted: 2 }), 2, at(375 * S), []],
    ['a break: nothing', fresh({ posted: 6 }), 6, at(t.steps[6]?.offsetMs ?? 0), []],
    ['a counterpose: nothing', fresh({ posted: 15 }), 15, at(t.steps[15]?.offsetMs ?? 0), []],
    [
      'the opening (150 s): the arrival 90 s and 55 s before the first pose',
      fresh({ posted: 0 }),
      0,
      at(0),
      [
        ['arrival-settle', 60 * S],
        ['arrival-settle-exhale', 95 * S],
      ],
    ],
    ['the opening, sound "bell": nothing said', fresh({ posted: 0, sound: { mode: 'bell' } }), 0, at(0), []],
    ['the closing: nothing', fresh({ posted: 17 }), 17, at(3075 * S), []],
    ['paused: nothing is due', session.pause(fresh({ posted: 1 }), at(160 * S)), 1, at(160 * S), []],
    ['ended: nothing', session.stop(fresh({ posted: 1 }), t, at(160 * S)), 1, at(160 * S), []],
    ['sound "bell": the bell only, no words', fresh({ posted: 1, sound: { mode: 'bell' } }), 1, at(150 * S), []],
    ['sound "off": nothing', fresh({ posted: 1, sound: { mode: 'off' } }), 1, at(150 * S), []],
  ];
  test.each(cases)('%s', (_name, s, step, now, expected) => {
    expect(hold(momentsOf(s, t, step, now, s))).toEqual(expected);
  });

  test('GIVEN the holds of a class THEN the hold-begin words turn: the first edge, then two others, then again', () => {
    const said = (tl: Timeline, sequenceId: string) =>
      tl.steps
        .filter((st) => st.kind === 'pose' && st.role === 'hold')
        .map((st) => {
          const s = fresh({ posted: st.index, sequenceId });
          return momentsOf(s, tl, st.index, T0 + st.offsetMs, s)
            .find((m) => m.id === 'hold-begin')
            ?.play.join(' ');
        });
    expect(said(t, 'back')).toEqual([
      'hold-begin',
      'hold-begin-2',
      'hold-begin-3',
      'hold-begin',
      'hold-begin-2',
      'hold-begin-3',
      'hold-begin',
      'hold-begin-2',
      'hold-begin-3',
    ]);
    // Sleep has its own words (no edge to find), in turn; and no wake-up cue in its final rest.
    const sleep = catalog.sequences.get('sleep')!;
    const tl = buildTimeline(catalog, sleep, 3, 1);
    expect(said(tl, 'sleep')).toEqual(
      Array.from({ length: tl.poseCount }, (_, i) => `hold-begin-sleep-${(i % 2) + 1}`),
    );
    const rest = tl.steps.length - 2;
    const s = fresh({ posted: rest, sequenceId: 'sleep' });
    expect(momentsOf(s, tl, rest, T0 + (tl.steps[rest]?.offsetMs ?? 0), s)).toEqual([]);
  });
});

describe('momentsOf across pause, +1 and skip (the state when the step was posted kept aside)', () => {
  const posted = fresh({ posted: 1 });

  test('GIVEN a pause of 20 s in the transition THEN the hold begins 20 s later, and ends 20 s later', () => {
    const s = session.resume(session.pause(posted, at(160 * S)), at(180 * S));
    expect(hold(momentsOf(s, t, 1, at(180 * S), posted))).toEqual([
      ['hold-begin', 215 * S],
      ['come-out', 370 * S],
    ]);
  });

  test('GIVEN a pause of 20 s in the hold THEN only its end moves; the hold-begin (said) stays past', () => {
    const s = session.resume(session.pause(posted, at(200 * S)), at(220 * S));
    expect(hold(momentsOf(s, t, 1, at(220 * S), posted))).toEqual([['come-out', 370 * S]]);
  });

  test('GIVEN +1 in the first minute of the hold THEN the hold-begin already said is not said again', () => {
    const s = session.extend(posted, 1);
    // The state alone can't tell +1 from a later start: it would say the hold begins again.
    expect(hold(momentsOf(s, t, 1, at(200 * S), s))[0]).toEqual(['hold-begin', 255 * S]);
    // The state alone would put the hold's start a minute later (shiftMs moves the whole step);
    // with the post's state the start stays where it was, and only the end moves.
    expect(hold(momentsOf(s, t, 1, at(200 * S), posted))).toEqual([['come-out', 410 * S]]);
  });

  test('GIVEN +1 in the transition THEN the hold begins as planned and lasts a minute longer', () => {
    const s = session.extend(posted, 1);
    expect(hold(momentsOf(s, t, 1, at(160 * S), posted))).toEqual([
      ['hold-begin', 195 * S],
      ['come-out', 410 * S],
    ]);
  });

  test('GIVEN pause, +1 and resume in the transition THEN both the pause and the minute count', () => {
    const s = session.resume(session.extend(session.pause(posted, at(160 * S)), 1), at(170 * S));
    expect(hold(momentsOf(s, t, 1, at(170 * S), posted))).toEqual([
      ['hold-begin', 205 * S],
      ['come-out', 420 * S],
    ]);
  });

  test('GIVEN a catch-up posted while paused WHEN resumed THEN the pause counts from where it began', () => {
    // The bot was away when step 1 came due; the host paused at 160 s; the catch-up goes out paused.
    const atPost = { ...session.pause(fresh({ posted: 0 }), at(160 * S)), posted: 1 };
    expect(momentsOf(atPost, t, 1, at(170 * S), atPost)).toEqual([]);
    const s = session.resume(atPost, at(200 * S));
    // Paused 40 s in the transition: the hold begins and ends 40 s later.
    expect(hold(momentsOf(s, t, 1, at(200 * S), atPost))).toEqual([
      ['hold-begin', 235 * S],
      ['come-out', 390 * S],
    ]);
  });

  test('GIVEN skip in the transition THEN the step ends now and nothing of it is said', () => {
    const s = session.skip(posted, t, at(160 * S));
    expect(momentsOf(s, t, 1, at(160 * S), posted)).toEqual([]);
  });
});

describe('momentsOf: short holds, speed, and sessions without transitions', () => {
  const plan = (holdSec: number, restSec: number): Plan => ({
    settleSec: 60,
    steps: [
      { pose: 'wide-knee-child', role: 'hold', transitionSec: 30, holdSec },
      { pose: 'savasana', role: 'rest', transitionSec: 30, holdSec: restSec },
    ],
  });

  test.each<[string, number, number, string[], string[]]>([
    ['a 50 s hold: the hold-begin only (a come-out would crowd it)', 50, 300, ['hold-begin'], ['rest-end']],
    ['a 60 s hold: both', 60, 300, ['hold-begin', 'come-out'], ['rest-end']],
    ['a 40 s rest: no rest-end', 180, 40, ['hold-begin', 'come-out'], []],
  ])('%s', (_name, holdSec, restSec, holdCues, restCues) => {
    const tl = buildTimeline(catalog, back, 3, 1, plan(holdSec, restSec));
    const s = fresh({ posted: 1 });
    expect(momentsOf(s, tl, 1, at(60 * S), s).flatMap((m) => m.play)).toEqual(holdCues);
    const rest = { ...s, posted: 2 };
    expect(momentsOf(rest, tl, 2, at(tl.steps[2]?.offsetMs ?? 0), rest).flatMap((m) => m.play)).toEqual(restCues);
  });

  test('GIVEN +1 on a 50 s hold THEN it is long enough for a come-out', () => {
    const tl = buildTimeline(catalog, back, 3, 1, plan(50, 300));
    const posted = fresh({ posted: 1 });
    const s = session.extend(posted, 1);
    expect(hold(momentsOf(s, tl, 1, at(100 * S), posted))).toEqual([['come-out', (60 + 30 + 110 - 25) * S]]);
  });

  test('GIVEN speed 60 THEN transition, hold and the 25 s lead all pass 60 times faster', () => {
    const fast = buildTimeline(catalog, back, 3, 60);
    const s = fresh({ posted: 1, speed: 60 });
    // Child's pose due at 2.5 s, hold from 3.25 s, ends at 6.25 s; come-out 417 ms before.
    expect(hold(momentsOf(s, fast, 1, at(2_500), s))).toEqual([
      ['hold-begin', 3_250],
      ['come-out', 6_250 - 417],
    ]);
  });

  test('GIVEN a session saved before transitions (legacy plan) THEN the hold begins at the post', () => {
    const legacy = buildTimeline(catalog, back, 3, 1, {
      settleSec: 60,
      steps: [{ pose: 'wide-knee-child', role: 'hold', transitionSec: 0, holdSec: 180 }],
    });
    const s = fresh({ posted: 1 });
    expect(hold(momentsOf(s, legacy, 1, at(60 * S + 200), s))).toEqual([
      ['hold-begin', 60 * S],
      ['come-out', 215 * S],
    ]);
  });
});

describe('momentsOf: the interval bell, halfway through holds of 3 minutes or more', () => {
  // Child's Pose at 3-minute holds: the hold runs 195 s … 375 s, so halfway is 285 s.
  const on = (o: Partial<session.SessionState> = {}) =>
    fresh({ posted: 1, ...o, sound: { interval: true, bell: 'chime', ...o.sound } });
  const short = (holdSec: number) =>
    buildTimeline(catalog, back, 3, 1, {
      settleSec: 60,
      steps: [{ pose: 'wide-knee-child', role: 'hold', transitionSec: 30, holdSec }],
    });
  const cases: [string, session.SessionState, number, (readonly [string, number])[], Timeline?][] = [
    [
      'on, voice on: the chosen bell a level softer (normal → quiet) between the hold-begin and the come-out',
      on(),
      at(150 * S),
      [
        ['hold-begin', 195 * S],
        ['bell-chime.quiet', 285 * S],
        ['come-out', 350 * S],
      ],
    ],
    [
      'loud: the interval bell at normal, the words loud',
      on({ sound: { volume: 'loud' } }),
      at(150 * S),
      [
        ['hold-begin.loud', 195 * S],
        ['bell-chime', 285 * S],
        ['come-out.loud', 350 * S],
      ],
    ],
    [
      'quiet: it stays quiet (never below)',
      on({ sound: { volume: 'quiet', mode: 'bell' } }),
      at(150 * S),
      [['bell-chime.quiet', 285 * S]],
    ],
    [
      'bell only: the interval bell rings, nothing is said',
      on({ sound: { mode: 'bell' } }),
      at(150 * S),
      [['bell-chime.quiet', 285 * S]],
    ],
    ['sound off: nothing', on({ sound: { mode: 'off' } }), at(150 * S), []],
    [
      'off (the default): no interval bell',
      fresh({ posted: 1, sound: { bell: 'chime' } }),
      at(150 * S),
      [
        ['hold-begin', 195 * S],
        ['come-out', 350 * S],
      ],
    ],
    [
      'the bowl by default',
      on({ sound: { bell: undefined, mode: 'bell' } }),
      at(150 * S),
      [['bell-bowl.quiet', 285 * S]],
    ],
    [
      'a timer 1 s late still rings it',
      on(),
      at(285 * S + LATE_MS),
      [
        ['bell-chime.quiet', 285 * S],
        ['come-out', 350 * S],
      ],
    ],
    ['more than 1 s late: dropped (never late)', on(), at(285 * S + LATE_MS + 1), [['come-out', 350 * S]]],
    ['paused: nothing', session.pause(on(), at(200 * S)), at(200 * S), []],
    ['a 2-minute hold: too short for it', on({ sound: { mode: 'bell' } }), at(60 * S), [], short(120)],
    [
      'a 3-minute hold: halfway, 90 s in',
      on({ sound: { mode: 'bell' } }),
      at(60 * S),
      [['bell-chime.quiet', (90 + 90) * S]],
      short(180),
    ],
    ['the final rest: no interval bell (holds only)', on({ posted: 16, sound: { mode: 'bell' } }), at(2730 * S), []],
    ['a rebound: none', on({ posted: 2 }), at(375 * S), []],
  ];
  test.each(cases)('%s', (_name, s, now, expected, tl = t) => {
    expect(hold(momentsOf(s, tl, s.posted, now, s))).toEqual(expected);
  });

  test('GIVEN a pause of 20 s in the transition THEN the hold and its halfway both move 20 s', () => {
    const s = session.resume(session.pause(on(), at(160 * S)), at(180 * S));
    expect(hold(momentsOf(s, t, 1, at(180 * S), on()))).toContainEqual(['bell-chime.quiet', 305 * S]);
  });

  test('GIVEN a pause of 20 s in the first half of the hold THEN halfway moves 20 s, as does the come-out', () => {
    const s = session.resume(session.pause(on(), at(200 * S)), at(220 * S));
    expect(hold(momentsOf(s, t, 1, at(220 * S), on()))).toEqual([
      ['bell-chime.quiet', 305 * S],
      ['come-out', 370 * S],
    ]);
  });

  test('GIVEN a pause after halfway THEN the bell (rung) stays past; only the come-out moves', () => {
    const s = session.resume(session.pause(on(), at(300 * S)), at(320 * S));
    expect(hold(momentsOf(s, t, 1, at(320 * S), on()))).toEqual([['come-out', 370 * S]]);
  });

  test('GIVEN +1 in the first half THEN halfway of the longer hold: 4 minutes, 120 s in', () => {
    const s = session.extend(on(), 1);
    expect(hold(momentsOf(s, t, 1, at(200 * S), on()))).toEqual([
      ['bell-chime.quiet', 315 * S],
      ['come-out', 410 * S],
    ]);
  });

  test('GIVEN +1 after the bell rang THEN it does not ring again, though halfway moved past now', () => {
    const s = session.extend(on(), 1);
    expect(hold(momentsOf(s, t, 1, at(290 * S), on(), new Set()))[0]).toEqual(['bell-chime.quiet', 315 * S]);
    expect(hold(momentsOf(s, t, 1, at(290 * S), on(), new Set(['interval'])))).toEqual([['come-out', 410 * S]]);
  });

  test('GIVEN +1 on a 2-minute hold THEN it is 3 minutes long and gets its interval bell', () => {
    const tl = short(120);
    const s = session.extend(on(), 1);
    expect(hold(momentsOf(s, tl, 1, at(100 * S), on())).map(([c]) => c)).toContain('bell-chime.quiet');
  });

  test('GIVEN speed 60 THEN halfway comes 60 times sooner: 1.5 s into a 3 s hold', () => {
    const fast = buildTimeline(catalog, back, 3, 60);
    const s = on({ speed: 60, sound: { mode: 'bell' } });
    expect(hold(momentsOf(s, fast, 1, at(2_500), s))).toEqual([['bell-chime.quiet', 4_750]]);
  });

  test('every moment has an id, and the interval bell is the one that rings once', () => {
    expect(momentsOf(on(), t, 1, at(150 * S), on()).map((m) => m.id)).toEqual(['hold-begin', 'interval', 'come-out']);
  });
});

describe('stillDue: a late timer says nothing stale', () => {
  const m: Moment = { id: 'hold-begin', atMs: at(195 * S), play: ['hold-begin'] };
  test.each([
    [0, true],
    [LATE_MS, true],
    [LATE_MS + 1, false],
    [10 * MIN, false],
  ])('fired %i ms late → %s', (late, due) => expect(stillDue(m, m.atMs + late)).toBe(due));
});

// At the teacher's pace (about 140 words a minute, 0.7 s between sentences: VOICE in cues.ts) the
// two-sentence moments take 9 s; still short beside a hold of minutes.
test('the moment cues are short: each under 10 s', () => {
  const manifest = JSON.parse(readFileSync(join(root, 'data', 'audio', 'manifest.json'), 'utf8')) as AudioManifest;
  for (const key of ['hold-begin', 'come-out', 'rest-end']) expect(manifest.cues[key]?.ms, key).toBeLessThan(10_000);
});
