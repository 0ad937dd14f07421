import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadCatalog } from '../../src/domain/load-catalog.ts';
import * as session from '../../src/domain/session.ts';
import { buildTimeline } from '../../src/domain/timeline.ts';
import { opusFrames, opusHead } from '../../stand-in/voice/ogg.ts';
import type { Action } from '../../src/domain/session.ts';
import { resolveSound, VOLUMES, type SoundMode, type SoundPrefs } from '../../src/domain/sound.ts';
import {
  allCues,
  clip,
  clipFile,
  clipParts,
  cuesForStep,
  cueText,
  fileFor,
  followsSpeech,
  isBell,
  LEVELS,
  type AudioManifest,
  planFor,
  sentencesToSay,
  staleCues,
  textHash,
  VOICE,
} from '../../src/voice/cues.ts';
import { backSession } from '../helpers/session.ts';

const root = join(import.meta.dirname, '..', '..');
const catalog = loadCatalog(join(root, 'data'));
const back = catalog.sequences.get('back');
if (!back) throw new Error('no back sequence');
const t = buildTimeline(catalog, back, 3, 1);
const T0 = Date.UTC(2026, 10, 25, 18, 0, 0);
const choice = (mode: SoundMode, o: SoundPrefs = {}) => resolveSound({ mode, ...o });
const fresh = (mode?: SoundMode) => backSession(T0, { id: 's', ...(mode ? { sound: { mode } } : {}) });

describe('cuesForStep: what plays at each step of the back sequence', () => {
  // The class: holds with rebounds, a break in the Dragonfly block, the optional Sphinx and
  // Child's after it, a counterpose and the final rest. Sides are said in the pose's own words ("Lean sideways over your left leg.").
  const voice: [number, string[]][] = [
    [0, ['bell-bowl', 'welcome-back', 'safety']],
    [1, ['bell-bowl', 'pose-wide-knee-child']],
    [2, ['bell-bowl', 'pose-rebound-on-back']],
    [3, ['bell-bowl', 'pose-dragonfly-forward-fold']],
    [4, ['bell-bowl', 'pose-dragonfly-side-bend', 'side-dragonfly-side-bend-left']],
    [5, ['bell-bowl', 'pose-dragonfly-side-bend', 'side-dragonfly-side-bend-right']],
    [6, ['bell-bowl', 'pose-windshield-wipers']],
    [7, ['bell-bowl', 'pose-dragonfly-twist', 'side-dragonfly-twist-left']],
    [8, ['bell-bowl', 'pose-dragonfly-twist', 'side-dragonfly-twist-right']],
    [9, ['bell-bowl', 'pose-rebound-on-back']],
    [10, ['bell-bowl', 'pose-sphinx']],
    [11, ['bell-bowl', 'pose-wide-knee-child']],
    [12, ['bell-bowl', 'pose-reclined-twist', 'side-reclined-twist-left']],
    [13, ['bell-bowl', 'pose-rebound-on-back']],
    [14, ['bell-bowl', 'pose-reclined-twist', 'side-reclined-twist-right']],
    [15, ['bell-bowl', 'pose-knees-to-chest']],
    [16, ['bell-bowl', 'pose-savasana']],
    [17, ['bell-bowl', 'bell-bowl', 'bell-bowl', 'closing-back']],
  ];
  const closing = voice.length - 1;
  test('the table is the whole class', () => expect(t.steps).toHaveLength(voice.length));
  test.each(voice)('bell+voice, step %i → %j', (step, keys) => {
    expect(cuesForStep(t, step, choice('bell+voice'))).toEqual(keys);
    expect(cuesForStep(t, step)).toEqual(keys); // undefined = the default
  });
  test.each(
    voice.map(([step]) => [step, step === closing ? ['bell-bowl', 'bell-bowl', 'bell-bowl'] : ['bell-bowl']] as const),
  )('bell, step %i → %j', (step, keys) => {
    expect(cuesForStep(t, step, choice('bell'))).toEqual(keys);
  });
  test.each(voice.map(([step]) => [step]))('off, step %i → nothing', (step) => {
    expect(cuesForStep(t, step, choice('off'))).toEqual([]);
  });
  test('a step past the end plays nothing', () => expect(cuesForStep(t, 99, choice('bell+voice'))).toEqual([]));
});

describe('cuesForStep: the chosen bell and volume pick the files', () => {
  test.each<[string, SoundPrefs, number, string[]]>([
    [
      'the chime at quiet volume, a pose with a side',
      { bell: 'chime', volume: 'quiet' },
      4,
      ['bell-chime.quiet', 'pose-dragonfly-side-bend.quiet', 'side-dragonfly-side-bend-left.quiet'],
    ],
    [
      'the wood block, loud, at the opening',
      { bell: 'wood', volume: 'loud' },
      0,
      ['bell-wood.loud', 'welcome-back.loud', 'safety.loud'],
    ],
    [
      'normal volume keeps the bare key (the file <key>.opus)',
      { bell: 'bowl', volume: 'normal' },
      1,
      ['bell-bowl', 'pose-wide-knee-child'],
    ],
    [
      'the closing: three of the chosen bell',
      { bell: 'chime', volume: 'loud' },
      17,
      ['bell-chime.loud', 'bell-chime.loud', 'bell-chime.loud', 'closing-back.loud'],
    ],
    [
      'bell only: the chosen bell at its volume',
      { mode: 'bell', bell: 'wood', volume: 'quiet' },
      3,
      ['bell-wood.quiet'],
    ],
    ['off: nothing, whatever the bell', { mode: 'off', bell: 'chime', volume: 'loud' }, 3, []],
  ])('%s', (_name, prefs, step, clips) => {
    expect(cuesForStep(t, step, resolveSound(prefs))).toEqual(clips);
  });

  test('GIVEN a session WHEN its step is planned THEN the session state decides (an old session: the bowl, normal)', () => {
    const s = { ...fresh(), posted: 0, sound: { bell: 'chime' as const, volume: 'loud' as const } };
    expect(planFor(s, t, { kind: 'step', step: 1 }).play).toEqual(['bell-chime.loud', 'pose-wide-knee-child.loud']);
    expect(planFor(fresh(), t, { kind: 'step', step: 1 }).play).toEqual(['bell-bowl', 'pose-wide-knee-child']);
  });

  test.each<[string, { key: string; volume: string }, string]>([
    ['safety', { key: 'safety', volume: 'normal' }, 'safety.opus'],
    ['bell-chime.quiet', { key: 'bell-chime', volume: 'quiet' }, 'bell-chime.quiet.opus'],
    ['pose-savasana.loud', { key: 'pose-savasana', volume: 'loud' }, 'pose-savasana.loud.opus'],
  ])('clip %s → %j, file %s', (c, parts, file) => {
    expect(clipParts(c)).toEqual(parts);
    expect(clip(parts.key, parts.volume as 'normal')).toBe(c);
    expect(clipFile(c)).toBe(file);
  });
  test('a clip with an unknown level is refused', () => expect(() => clipParts('bell-bowl.huge')).toThrow());
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
      play: ['bell-bowl', 'pose-dragonfly-side-bend', 'side-dragonfly-side-bend-right'],
      leave: false,
    });
  });

  test('GIVEN skip while paused THEN the session resumes and the new step plays', () => {
    let s = session.pause({ ...fresh(), posted: 1 }, at(200_000));
    s = session.skip(s, t, at(210_000));
    expect(s.pausedAt).toBeNull();
    expect(step(s, 2).play).toEqual(['bell-bowl', 'pose-rebound-on-back']);
  });

  test('GIVEN +1 THEN nothing plays and the next bell just comes a minute later', () => {
    const s = session.extend({ ...fresh(), posted: 1 }, 1);
    expect(act(s, 'extend').play).toEqual([]);
    expect(session.dueAt(s, t, 2)).toBe(T0 + (t.steps[2]?.offsetMs ?? 0) + 60_000);
  });

  test('GIVEN End THEN the closing step plays three bells and the closing line, then the bot leaves', () => {
    const s = session.stop({ ...fresh(), posted: 4 }, t, at(14 * 60_000));
    expect(session.nextAction(s, t, at(14 * 60_000))).toMatchObject({ kind: 'post', step: 17 });
    expect(step(s, 17).play).toEqual(['bell-bowl', 'bell-bowl', 'bell-bowl', 'closing-back']);
    expect(planFor(s, t, { kind: 'ended' })).toEqual({ stop: false, play: [], leave: true });
  });

  test('GIVEN sound "bell" or "off" THEN pose steps ring only / say nothing', () => {
    expect(step(fresh('bell'), 3).play).toEqual(['bell-bowl']);
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
      // A clip may be at another level than the session's (sleep's closing bell, a level softer).
      for (const st of tl.steps)
        for (const c of cuesForStep(tl, st.index, choice('bell+voice')))
          expect(cueText(catalog, clipParts(c).key), c).toBeDefined();
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
        const keys = cuesForStep(tl, st.index, choice('bell+voice'));
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

  test('file names: a cue at the normal level is <key>.opus, at the others <key>.<level>.opus', () => {
    expect(fileFor('bell-bowl')).toBe('bell-bowl.opus');
    expect(fileFor('side-left', 'normal')).toBe('side-left.opus');
    expect(fileFor('side-left', 'quiet')).toBe('side-left.quiet.opus');
    expect(LEVELS).toEqual({ quiet: -26, normal: -20, loud: -16 });
  });
});

describe('data/audio is current (run `npm run audio` after editing data/)', () => {
  const manifest = JSON.parse(readFileSync(join(root, 'data', 'audio', 'manifest.json'), 'utf8')) as AudioManifest;
  const cueMap = allCues(catalog);
  const cues = [...cueMap];
  // Every cue at every level: [clip, key, level, text].
  const clips = cues.flatMap(([key, text]) => VOLUMES.map((level) => [clip(key, level), key, level, text] as const));
  const spoken = clips.map(([c]) => c).filter((c) => !isBell(clipParts(c).key));

  test('every bell is a cue, and every cue has its three levels', () => {
    expect([...cueMap.keys()].filter(isBell).sort()).toEqual(['bell-bowl', 'bell-chime', 'bell-wood']);
    expect(clips).toHaveLength(cues.length * 3);
  });

  test('the manifest names the voice the cues are pinned to, and nothing is stale', () => {
    expect(manifest.voice).toEqual(VOICE);
    expect(manifest.voice).toMatchObject({ engine: 'rhvoice', voice: 'slt' });
    expect(Object.fromEntries(staleCues(manifest, cueMap))).toEqual({});
  });

  test.each(clips)('%s: has a file made from its current text, at its level', (name, key, level, text) => {
    const entry = manifest.cues[name];
    expect(entry, `no audio for ${name}: run npm run audio`).toBeDefined();
    expect(entry?.file).toBe(fileFor(key, level));
    expect(entry?.file).toBe(clipFile(name));
    expect(entry?.text, `stale audio for ${name}: run npm run audio`).toBe(text);
    expect(entry?.hash).toBe(textHash(text));
    expect(Math.abs((entry?.lufs ?? 0) - LEVELS[level])).toBeLessThanOrEqual(1);
    const file = join(root, 'data', 'audio', entry?.file ?? '');
    expect(existsSync(file)).toBe(true);
    // 48 kHz Ogg Opus, small: a cue is seconds long, 20 ms per packet.
    expect(opusHead(file)).toMatchObject({ inputRate: 48_000 });
    const frames = opusFrames(file);
    expect(Math.abs(frames.length * 20 - (entry?.ms ?? 0))).toBeLessThanOrEqual(60);
    expect(readFileSync(file).length).toBeLessThan(64 * 1024);
    // The same cue at another level lasts as long: only its gain differs.
    expect(Math.abs((entry?.ms ?? 0) - (manifest.cues[key]?.ms ?? 0))).toBeLessThanOrEqual(40);
  });

  test('the manifest lists nothing the data no longer needs', () => {
    expect(Object.keys(manifest.cues).sort()).toEqual(clips.map(([c]) => c).sort());
  });

  // The same check on a tampered copy of the manifest: what would fail if the voice changed.
  const stale = (m: AudioManifest) => Object.fromEntries(staleCues(m, cueMap));
  const every = (keys: string[], why: string) => Object.fromEntries(keys.map((k) => [k, why]));
  test.each([
    ['version', { version: '1.14.0+dfsg-1' }],
    ['engine', { engine: 'espeak-ng' }],
    ['voice', { voice: 'clb' }],
    ['rate', { ratePercent: 100 }],
    ['sentence pause', { sentencePauseMs: 300 }],
    ['respellings', { sayAs: {} }],
  ])(
    'GIVEN the manifest was voiced with another %s THEN every spoken cue is stale at every level, the bells are not',
    (_, change) => {
      expect(spoken.length).toBeGreaterThan(60);
      expect(stale({ ...manifest, voice: { ...manifest.voice, ...change } })).toEqual(every(spoken, 'voice'));
    },
  );

  test('GIVEN a manifest without a voice (rendered by espeak-ng before) THEN every spoken cue is stale', () => {
    const { voice: _, ...old } = manifest;
    expect(stale(old as AudioManifest)).toEqual(every(spoken, 'voice'));
  });

  test('GIVEN one edited text, one missing entry, files off their level or too peaky THEN just those are stale', () => {
    const cuesOf = structuredClone(manifest.cues);
    delete cuesOf['side-left'];
    cuesOf['come-out.quiet'] = { ...cuesOf['come-out.quiet']!, text: 'Come out.' };
    cuesOf['bell-bowl'] = { ...cuesOf['bell-bowl']!, lufs: -21.2 };
    // At normal's loudness, the loud file is off its level.
    cuesOf['bell-chime.loud'] = { ...cuesOf['bell-chime.loud']!, lufs: -20 };
    cuesOf['safety.loud'] = { ...cuesOf['safety.loud']!, peak: -0.5 };
    expect(stale({ ...manifest, cues: cuesOf })).toEqual({
      'side-left': 'missing',
      'come-out.quiet': 'text',
      'bell-bowl': 'loudness',
      'bell-chime.loud': 'loudness',
      'safety.loud': 'loudness',
    });
    const close = { ...manifest.cues, 'bell-bowl': { ...manifest.cues['bell-bowl']!, lufs: -19.1 } };
    expect(stale({ ...manifest, cues: close })).toEqual({});
  });
});
