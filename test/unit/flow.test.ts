// How each step of the five classes leads into the next: the exit leaves the body where the next
// pose starts, or a move between them is said (in every language); a counterpose is offered only
// where the class gives no time to ease; the hold-begin words turn; and a class that ends in rest
// says nothing that wakes the sleeper.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { renderStep } from '../../src/discord/session/render.ts';
import type { Pose, Position } from '../../src/domain/catalog-schema.ts';
import { endOf, holdBeginOf, moveKey, offersCounterpose } from '../../src/domain/flow.ts';
import { loadCatalog } from '../../src/domain/load-catalog.ts';
import { buildTimeline, type PoseStep, type Timeline } from '../../src/domain/timeline.ts';
import { t } from '../../src/i18n.ts';
import { cuesForStep } from '../../src/voice/cues.ts';
import { momentsOf, REST_END } from '../../src/voice/moments.ts';
import { backSession } from '../helpers/session.ts';

const catalog = loadCatalog(join(import.meta.dirname, '..', '..', 'data'));
const LANGUAGES = ['en', 'de', 'fr', 'es-ES', 'pt-BR'] as const;
const locale = (lang: string) =>
  JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'src', 'locales', `${lang}.json`), 'utf8')) as {
    post: Record<string, string>;
    spoken: Record<string, string>;
  };
const T0 = Date.parse('2026-12-07T20:00:00Z');

const timelineOf = (id: string, hold?: number): Timeline => {
  const q = catalog.sequences.get(id)!;
  return buildTimeline(catalog, q, hold ?? q.holdMinutes.default);
};
const poseSteps = (tl: Timeline) => tl.steps.filter((s): s is PoseStep => s.kind === 'pose');
const sessionOf = (tl: Timeline) =>
  backSession(T0, { sequenceId: tl.sequence.id, holdMinutes: tl.holdMinutes, sound: { mode: 'bell+voice' } });
const post = (tl: Timeline, index: number) => renderStep(sessionOf(tl), tl, index).embeds?.[0];
const CLASSES = ['back', 'hips', 'heart', 'neck', 'sleep'];

/**
 * Where the words of an English text put the body, read the way a student would: the last place
 * an exit names is where it leaves you; the first place a set-up names is where it begins. Kept
 * apart from the data's `starts`/`ends`, so a field and its words can't drift apart unnoticed.
 */
const PLACES: [Position, RegExp][] = [
  ['straddle', /\bstraddle\b|legs wide apart/g],
  ['kneeling', /\ball fours\b|hands and knees|Child's Pose|\bKneel\b/g],
  ['back', /\b(?:lie|lying|lie down|rest) on your back\b|onto your back/gi],
  ['belly', /\bon(?:to)? (?:your|the) belly\b/gi],
  // Not "fall to one side" or "the head turned to one side": the body rolling onto its side.
  ['side', /\bonto one side\b|\broll to one side\b|onto your (?:right|left) side/g],
  ['seated', /legs together|\bsit up\b|\bto sit\b|sitting tall|\broll up\b|\bSit\b/g],
];
function placesIn(text: string): { position: Position; at: number }[] {
  return PLACES.flatMap(([position, re]) => [...text.matchAll(re)].map((m) => ({ position, at: m.index })));
}
const exitLeaves = (pose: Pose): Position | undefined =>
  placesIn(pose.exit)
    .sort((a, b) => a.at - b.at)
    .at(-1)?.position;
/** A set-up's place: a straddle or all fours named anywhere wins over the "Sit" that begins it. */
const setUpBegins = (pose: Pose): Position | undefined => {
  const found = placesIn(pose.enter);
  for (const [position] of PLACES) if (found.some((f) => f.position === position)) return position;
  return undefined;
};

describe('every pose says where it starts and where its exit leaves you', () => {
  test.each([...catalog.poses.values()].map((p) => [p.id, p] as const))('%s', (_id, pose) => {
    // The exit only releases the pose: the place it names (if any) is the pose's own end.
    const leaves = exitLeaves(pose);
    if (leaves !== undefined) expect(leaves, `exit: ${pose.exit}`).toBe(endOf(pose));
    // The set-up begins where the data says (Windshield Wipers names no place: it begins seated or in the straddle).
    const begins = setUpBegins(pose);
    if (pose.id === 'windshield-wipers') expect(begins).toBeUndefined();
    else expect(pose.starts, `enter: ${pose.enter}`).toContain(begins);
  });

  test('the old exits that closed the straddle or sat up before lying down are read as contradictions', () => {
    const fold = catalog.poses.get('dragonfly-forward-fold')!;
    const rebound = catalog.poses.get('rebound-on-back')!;
    const was = (pose: Pose, exit: string) => exitLeaves({ ...pose, exit });
    expect(
      was(
        fold,
        'Walk your hands back and come up slowly. Bend the knees and use your hands to bring the legs together.',
      ),
    ).toBe('seated');
    expect(was(rebound, 'Move slowly. To sit up, roll onto one side and press up with your hands, head last.')).toBe(
      'side',
    );
  });
});

describe.each(CLASSES)('the %s class, step to step', (id) => {
  const tl = timelineOf(id);
  const steps = poseSteps(tl);

  test('every pair of steps: the exit leaves the body where the next starts, or a move is said in every language', () => {
    const locales = LANGUAGES.map((lang) => [lang, locale(lang)] as const);
    for (const step of steps.slice(1)) {
      const previous = step.previous!;
      const key = moveKey(previous, step.pose);
      const where = `${previous.id} → ${step.pose.id}`;
      if (key === undefined) {
        expect(step.pose.starts, where).toContain(endOf(previous));
        continue;
      }
      expect(key, where).toBe(`post.move_${endOf(previous)}_${step.pose.starts[0]}`);
      for (const [lang, file] of locales)
        expect(file.post[key.slice('post.'.length)], `${where} in ${lang}`).toBeTruthy();
      // In the post: come out, then the move, then the set-up, in that order.
      const text = post(tl, step.index)?.description ?? '';
      const exitAt = text.indexOf(previous.exit);
      const moveAt = text.indexOf(t(key));
      const enterAt = text.indexOf(step.pose.enter);
      expect(exitAt, `${where}: ${text}`).toBeGreaterThanOrEqual(0);
      expect(moveAt, where).toBeGreaterThan(exitAt);
      expect(enterAt, where).toBeGreaterThan(moveAt);
    }
  });

  test('a counterpose is offered between two holds in different places, never before a step that eases', () => {
    for (const step of steps.slice(1)) {
      const text = post(tl, step.index)?.description ?? '';
      const offered = text.includes('**Counterpose, if it helps:**');
      expect(offered, `${step.previous?.id} → ${step.pose.id}`).toBe(offersCounterpose(step));
      if (!offered) continue;
      expect(step.role).toBe('hold');
      expect(step.previousRole).toBe('hold');
      expect(text).toContain(step.previous!.counterpose!);
      // Never the next pose itself ("Child's Pose" right before Child's Pose).
      expect(step.previous!.counterpose).not.toContain(step.pose.name.replace(/^(Wide-Knee|Supported) /, ''));
    }
  });

  test('the hold-begin words turn, and no two holds in a row hear the same', () => {
    const holds = steps.filter((s) => s.role === 'hold');
    const keys = holds.map((s) => holdBeginOf(tl, s.number).key);
    for (let i = 1; i < keys.length; i++) expect(keys[i], `hold ${i + 1}`).not.toBe(keys[i - 1]);
    // The post says the words the voice says.
    for (const s of holds) {
      const line = holdBeginOf(tl, s.number);
      expect(post(tl, s.index)?.description).toContain(line.text ?? t(line.textKey!));
    }
    // Nothing but holds begins with them.
    for (const s of steps.filter((st) => st.role !== 'hold'))
      expect(post(tl, s.index)?.description).not.toContain('As the hold begins');
  });

  test('every transition is at least 30 s', () => {
    for (const s of steps) expect(s.transitionMs, s.pose.id).toBeGreaterThanOrEqual(30_000);
  });
});

describe('the sleep class ends in rest', () => {
  const sleep = timelineOf('sleep');
  const last = poseSteps(sleep).at(-1)!;
  const closing = sleep.steps.length - 1;

  test('its holds never ask for an edge: its own words, in every language', () => {
    const words = poseSteps(sleep)
      .filter((s) => s.role === 'hold')
      .map((s) => post(sleep, s.index)?.description ?? '');
    expect(words.length).toBeGreaterThan(0);
    for (const w of words) expect(w).not.toMatch(/edge/i);
    for (const lang of LANGUAGES.slice(1)) {
      const own = JSON.parse(
        readFileSync(join(import.meta.dirname, '..', '..', 'data', 'i18n', lang, 'sequences', 'sleep.json'), 'utf8'),
      ) as { holdBegin?: string[] };
      expect(own.holdBegin, lang).toHaveLength(sleep.sequence.holdBegin!.length);
    }
  });

  test('its final rest is 8–10 minutes, holds are 3 minutes, and it says no way out of the rest', () => {
    expect(last.role).toBe('rest');
    expect(last.holdMs).toBeGreaterThanOrEqual(8 * 60_000);
    expect(last.holdMs).toBeLessThanOrEqual(10 * 60_000);
    expect(sleep.holdMinutes).toBe(3);
    const footer = post(sleep, last.index)?.footer?.text ?? '';
    expect(footer).not.toContain(last.pose.exit);
    expect(footer).not.toMatch(/Coming out|fingers and toes|roll onto/i);
    // Another class's final rest still says how to come out of it.
    const back = timelineOf('back');
    const backRest = poseSteps(back).at(-1)!;
    expect(post(back, backRest.index)?.footer?.text).toContain(backRest.pose.exit);
  });

  test('the voice: no wake-up cue in the rest, and one quiet bell with no words at the close', () => {
    const s = sessionOf(sleep);
    const moments = momentsOf(s, sleep, last.index, s.startedAt, s);
    expect(moments.map((m) => m.id)).not.toContain(REST_END);
    for (const lang of ['en', 'de', 'fr', 'es-ES'] as const) {
      const sound = { mode: 'bell+voice', bell: 'bowl', volume: 'normal', interval: false } as const;
      expect(cuesForStep(sleep, closing, sound, lang)).toEqual(['bell-bowl.quiet']);
      expect(cuesForStep(sleep, closing, { ...sound, volume: 'quiet' }, lang)).toEqual(['bell-bowl.quiet']);
    }
    // Back still wakes its students and rings three bells with its closing line.
    const back = timelineOf('back');
    const b = sessionOf(back);
    const backRest = poseSteps(back).at(-1)!;
    expect(momentsOf(b, back, backRest.index, b.startedAt, b).map((m) => m.id)).toContain(REST_END);
    expect(cuesForStep(back, back.steps.length - 1)).toEqual(['bell-bowl', 'bell-bowl', 'bell-bowl', 'closing-back']);
  });

  test('its closing post keeps the closing words', () => {
    expect(post(sleep, closing)?.description).toContain(sleep.sequence.closing);
  });
});

describe('the back class at hold:5', () => {
  test('the straddle block caps its one-sided holds at 3 minutes, the fold takes the hold', () => {
    const tl = timelineOf('back', 5);
    const minutes = (id: string) =>
      poseSteps(tl)
        .filter((s) => s.pose.id === id)
        .map((s) => s.holdMs / 60_000);
    expect(minutes('dragonfly-forward-fold')).toEqual([5]);
    expect(minutes('dragonfly-side-bend')).toEqual([3, 3]);
    expect(minutes('dragonfly-twist')).toEqual([3, 3]);
  });

  test('Sphinx is an optional addition, labelled in the class list and its post', () => {
    const tl = timelineOf('back');
    const sphinx = poseSteps(tl).find((s) => s.pose.id === 'sphinx')!;
    expect(sphinx.optional).toBe(true);
    expect(post(tl, sphinx.index)?.description).toMatch(/^\*Optional: an addition/);
    const list = post(tl, 0)?.fields?.find((f) => f.name === 'The class')?.value ?? '';
    expect(list).toMatch(/Sphinx · 3 min · \*optional\*/);
    // The only optional step.
    expect(poseSteps(tl).filter((s) => s.optional)).toHaveLength(1);
  });
});
