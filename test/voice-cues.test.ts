import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadCatalog } from '../src/domain/load-catalog.ts';
import * as session from '../src/domain/session.ts';
import { buildTimeline } from '../src/domain/timeline.ts';
import { opusFrames, opusHead } from '../stand-in/voice/ogg.ts';
import type { Action } from '../src/domain/session.ts';
import {
  allCues,
  cuesForStep,
  cueText,
  fileFor,
  followsSpeech,
  isBell,
  LEVELS,
  type Manifest,
  planFor,
  type Sound,
  sentencesToSay,
  staleCues,
  textHash,
  VOICE,
} from '../src/voice/cues.ts';

const root = join(import.meta.dirname, '..');
const catalog = loadCatalog(join(root, 'data'));
const back = catalog.sequences.get('back');
if (!back) throw new Error('no back sequence');
const t = buildTimeline(catalog, back, 3, 1);
const T0 = Date.UTC(2026, 10, 25, 18, 0, 0);
const fresh = (sound?: Sound) =>
  session.newSession({
    id: 's',
    guildId: 'g',
    channelId: 'c',
    hostId: 'h',
    sequenceId: 'back',
    holdMinutes: 3,
    speed: 1,
    startedAt: T0,
    ...(sound ? { sound } : {}),
  });

describe('cuesForStep: what plays at each step of the back sequence', () => {
  // The class: holds with rebounds, a break in the Dragonfly block, a counterpose and the final
  // rest. Sides are said in the pose's own words ("Lean sideways over your left leg.").
  const voice: [number, string[]][] = [
    [0, ['bell', 'welcome-back', 'safety']],
    [1, ['bell', 'pose-wide-knee-child']],
    [2, ['bell', 'pose-rebound-on-back']],
    [3, ['bell', 'pose-dragonfly-forward-fold']],
    [4, ['bell', 'pose-dragonfly-side-bend', 'side-dragonfly-side-bend-left']],
    [5, ['bell', 'pose-dragonfly-side-bend', 'side-dragonfly-side-bend-right']],
    [6, ['bell', 'pose-windshield-wipers']],
    [7, ['bell', 'pose-dragonfly-twist', 'side-dragonfly-twist-left']],
    [8, ['bell', 'pose-dragonfly-twist', 'side-dragonfly-twist-right']],
    [9, ['bell', 'pose-rebound-on-back']],
    [10, ['bell', 'pose-reclined-twist', 'side-reclined-twist-left']],
    [11, ['bell', 'pose-rebound-on-back']],
    [12, ['bell', 'pose-reclined-twist', 'side-reclined-twist-right']],
    [13, ['bell', 'pose-knees-to-chest']],
    [14, ['bell', 'pose-savasana']],
    [15, ['bell', 'bell', 'bell', 'closing-back']],
  ];
  const closing = voice.length - 1;
  test('the table is the whole class', () => expect(t.steps).toHaveLength(voice.length));
  test.each(voice)('bell+voice, step %i → %j', (step, keys) => {
    expect(cuesForStep(t, step, 'bell+voice')).toEqual(keys);
    expect(cuesForStep(t, step, undefined)).toEqual(keys); // undefined = the default
  });
  test.each(voice.map(([step]) => [step, step === closing ? ['bell', 'bell', 'bell'] : ['bell']] as const))(
    'bell, step %i → %j',
    (step, keys) => {
      expect(cuesForStep(t, step, 'bell')).toEqual(keys);
    },
  );
  test.each(voice.map(([step]) => [step]))('off, step %i → nothing', (step) => {
    expect(cuesForStep(t, step, 'off')).toEqual([]);
  });
  test('a step past the end plays nothing', () => expect(cuesForStep(t, 99, 'bell+voice')).toEqual([]));
});

describe('planFor: host actions and sound', () => {
  const at = (ms: number) => T0 + ms;
  const step = (s: session.SessionState, n: number) => planFor(s, t, { kind: 'step', step: n });
  const act = (s: session.SessionState, action: Action) => planFor(s, t, { kind: 'action', action });

  test.each<[Action, boolean]>([
    ['pause', true],
    ['resume', false],
    ['skip', false],
    ['extend', false],
    ['stop', false],
  ])('action %s: stops playback=%s and plays nothing itself', (action, stops) => {
    expect(act(fresh(), action)).toEqual({ stop: stops, play: [], leave: false });
  });

  test('GIVEN a paused session WHEN a step is posted (catch-up) THEN it stays silent', () => {
    const paused = session.pause({ ...fresh(), posted: 1 }, at(90_000));
    expect(step(paused, 2)).toEqual({ stop: false, play: [], leave: false });
  });

  test('GIVEN skip during step 4 THEN the runner posts step 5 at once and that cuts in with its own cues', () => {
    let s = { ...fresh(), posted: 4 };
    s = session.skip(s, t, at(12 * 60_000));
    expect(session.nextAction(s, t, at(12 * 60_000))).toEqual({ kind: 'post', step: 5, missed: 0 });
    expect(step(s, 5)).toEqual({
      stop: true,
      play: ['bell', 'pose-dragonfly-side-bend', 'side-dragonfly-side-bend-right'],
      leave: false,
    });
  });

  test('GIVEN skip while paused THEN the session resumes and the new step plays', () => {
    let s = session.pause({ ...fresh(), posted: 1 }, at(200_000));
    s = session.skip(s, t, at(210_000));
    expect(s.pausedAt).toBeNull();
    expect(step(s, 2).play).toEqual(['bell', 'pose-rebound-on-back']);
  });

  test('GIVEN +1 THEN nothing plays and the next bell just comes a minute later', () => {
    const s = session.extend({ ...fresh(), posted: 1 }, 1);
    expect(act(s, 'extend').play).toEqual([]);
    expect(session.dueAt(s, t, 2)).toBe(T0 + (t.steps[2]?.offsetMs ?? 0) + 60_000);
  });

  test('GIVEN End THEN the closing step plays three bells and the closing line, then the bot leaves', () => {
    const s = session.stop({ ...fresh(), posted: 4 }, t, at(14 * 60_000));
    expect(session.nextAction(s, t, at(14 * 60_000))).toMatchObject({ kind: 'post', step: 15 });
    expect(step(s, 15).play).toEqual(['bell', 'bell', 'bell', 'closing-back']);
    expect(planFor(s, t, { kind: 'ended' })).toEqual({ stop: false, play: [], leave: true });
  });

  test('GIVEN sound "bell" or "off" THEN pose steps ring only / say nothing', () => {
    expect(step(fresh('bell'), 3).play).toEqual(['bell']);
    expect(step(fresh('off'), 3).play).toEqual([]);
  });
});

describe('cue texts come from data/', () => {
  test('poses speak their `spoken` field and sides their own words; the opening names the sequence and says its spoken welcome', () => {
    expect(cueText(catalog, 'pose-dragonfly-side-bend')).toBe(catalog.poses.get('dragonfly-side-bend')?.spoken);
    expect(cueText(catalog, 'side-dragonfly-side-bend-left')).toBe('Lean sideways over your left leg.');
    expect(cueText(catalog, 'welcome-back')).toBe(`Welcome to Yin for the Back. ${back.spokenWelcome}`);
    expect(cueText(catalog, 'welcome-back')).not.toMatch(/[()]/);
    expect(cueText(catalog, 'safety')).toMatch(
      /electrical, tingling or numb, or anything that shoots or radiates, come out slowly and choose another variation/,
    );
    expect(cueText(catalog, 'closing-back')).toBe(
      'Sit quietly for a few breaths, and notice how your spine feels after folding, bending to the side and twisting. Thank you for practising together.',
    );
    expect(cueText(catalog, 'nope')).toBeUndefined();
  });

  test('the moments inside a step say what a calm teacher would, with nothing in brackets or abbreviated', () => {
    expect(cueText(catalog, 'hold-begin')).toBe(
      'Find your first edge, the first place you feel the pose. Then soften, and let yourself be still.',
    );
    expect(cueText(catalog, 'come-out')).toBe('Slowly now, begin to come out of the pose.');
    expect(cueText(catalog, 'rest-end')).toBe(
      'Begin to deepen your breath. Move your fingers and toes, and when you are ready, roll onto your right side.',
    );
    for (const key of ['hold-begin', 'come-out', 'rest-end'])
      expect(cueText(catalog, key)).not.toMatch(/[()[\]{}]|\be\.g\.|\bi\.e\.|\betc\b/);
  });

  test('every key any step of any sequence can play has a text', () => {
    for (const q of catalog.sequences.values()) {
      const tl = buildTimeline(catalog, q, q.holdMinutes.default);
      for (const st of tl.steps)
        for (const key of cuesForStep(tl, st.index, 'bell+voice')) expect(cueText(catalog, key), key).toBeDefined();
    }
  });
});

describe('how the voice says a cue', () => {
  test('one string per sentence, respelled where the engine misreads a word', () => {
    expect(sentencesToSay(cueText(catalog, 'closing-back') ?? '')).toEqual([
      'Sit quietly for a few breaths, and notice how your spine feels after folding, bending to the side and twisting.',
      'Thank you for practicing together.',
    ]);
    expect(sentencesToSay('Wide-knee Child’s Pose. Bring the big toes together!  Then rest?')).toEqual([
      'Wide-knee Child’s Pose.',
      'Bring the big toes together!',
      'Then rest?',
    ]);
    expect(sentencesToSay('To the left.')).toEqual(['To the left.']);
  });

  test('followsSpeech names exactly the cues that play right after another spoken cue (they open with a pause)', () => {
    const after = new Set<string>();
    const first = new Set<string>();
    for (const q of catalog.sequences.values()) {
      const tl = buildTimeline(catalog, q, q.holdMinutes.default);
      for (const st of tl.steps) {
        const keys = cuesForStep(tl, st.index, 'bell+voice');
        keys.forEach((key, i) => {
          if (isBell(key)) return;
          const before = keys[i - 1];
          (before !== undefined && !isBell(before) ? after : first).add(key);
        });
      }
    }
    expect(after.size).toBeGreaterThan(0);
    for (const key of after) expect(followsSpeech(key), key).toBe(true);
    for (const key of first) expect(followsSpeech(key), key).toBe(false);
  });

  test('file names: a cue at the normal level is <key>.opus', () => {
    expect(fileFor('bell')).toBe('bell.opus');
    expect(fileFor('side-left', 'normal')).toBe('side-left.opus');
    expect(LEVELS.normal).toBe(-20);
  });
});

describe('data/audio is current (run `npm run audio` after editing data/)', () => {
  const manifest = JSON.parse(readFileSync(join(root, 'data', 'audio', 'manifest.json'), 'utf8')) as Manifest;
  const cueMap = allCues(catalog);
  const cues = [...cueMap];
  const spoken = cues.map(([k]) => k).filter((k) => !isBell(k));

  test('the manifest names the voice the cues are pinned to, and nothing is stale', () => {
    expect(manifest.voice).toEqual(VOICE);
    expect(manifest.voice).toMatchObject({ engine: 'rhvoice', voice: 'slt' });
    expect(Object.fromEntries(staleCues(manifest, cueMap))).toEqual({});
  });

  test.each(cues)('%s: has a file made from its current text', (key, text) => {
    const entry = manifest.cues[key];
    expect(entry, `no audio for ${key}: run npm run audio`).toBeDefined();
    expect(entry?.text, `stale audio for ${key}: run npm run audio`).toBe(text);
    expect(entry?.hash).toBe(textHash(text));
    const file = join(root, 'data', 'audio', entry?.file ?? '');
    expect(existsSync(file)).toBe(true);
    // 48 kHz Ogg Opus, small: a cue is seconds long, 20 ms per packet.
    expect(opusHead(file)).toMatchObject({ inputRate: 48_000 });
    const frames = opusFrames(file);
    expect(Math.abs(frames.length * 20 - (entry?.ms ?? 0))).toBeLessThanOrEqual(60);
    expect(readFileSync(file).length).toBeLessThan(64 * 1024);
  });

  test('the manifest lists nothing the data no longer needs', () => {
    expect(Object.keys(manifest.cues).sort()).toEqual(cues.map(([k]) => k).sort());
  });

  // The same check on a tampered copy of the manifest: what would fail if the voice changed.
  const stale = (m: Manifest) => Object.fromEntries(staleCues(m, cueMap));
  const every = (keys: string[], why: string) => Object.fromEntries(keys.map((k) => [k, why]));
  test.each([
    ['version', { version: '1.14.0+dfsg-1' }],
    ['engine', { engine: 'espeak-ng' }],
    ['voice', { voice: 'clb' }],
    ['rate', { ratePercent: 100 }],
    ['sentence pause', { sentencePauseMs: 300 }],
    ['respellings', { sayAs: {} }],
  ])('GIVEN the manifest was voiced with another %s THEN every spoken cue is stale, the bell is not', (_, change) => {
    expect(spoken.length).toBeGreaterThan(20);
    expect(stale({ ...manifest, voice: { ...manifest.voice, ...change } })).toEqual(every(spoken, 'voice'));
  });

  test('GIVEN a manifest without a voice (rendered by espeak-ng before) THEN every spoken cue is stale', () => {
    const { voice: _, ...old } = manifest;
    expect(stale(old as Manifest)).toEqual(every(spoken, 'voice'));
  });

  test('GIVEN one edited text, one missing entry, one file off the loudness level or too peaky THEN just those are stale', () => {
    const cuesOf = structuredClone(manifest.cues);
    delete cuesOf['side-left'];
    cuesOf['come-out'] = { ...cuesOf['come-out']!, text: 'Come out.' };
    cuesOf.bell = { ...cuesOf.bell!, lufs: -21.2 };
    cuesOf.safety = { ...cuesOf.safety!, peak: -0.5 };
    expect(stale({ ...manifest, cues: cuesOf })).toEqual({
      'side-left': 'missing',
      'come-out': 'text',
      bell: 'loudness',
      safety: 'loudness',
    });
    expect(stale({ ...manifest, cues: { ...manifest.cues, bell: { ...manifest.cues.bell!, lufs: -19.1 } } })).toEqual(
      {},
    );
  });
});
