import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadCatalog } from '../src/domain/load-catalog.ts';
import * as session from '../src/domain/session.ts';
import { buildTimeline } from '../src/domain/timeline.ts';
import { opusFrames, opusHead } from '../stand-in/voice/ogg.ts';
import type { Action } from '../src/domain/session.ts';
import { allCues, cuesForStep, cueText, planFor, textHash, type Manifest, type Sound } from '../src/voice/cues.ts';

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
  const voice: [number, string[]][] = [
    [0, ['bell', 'welcome-back', 'safety']],
    [1, ['bell', 'pose-wide-knee-child']],
    [2, ['bell', 'pose-dragonfly-forward-fold']],
    [3, ['bell', 'pose-dragonfly-side-bend', 'side-left']],
    [4, ['bell', 'pose-dragonfly-side-bend', 'side-right']],
    [5, ['bell', 'pose-dragonfly-twist', 'side-left']],
    [6, ['bell', 'pose-dragonfly-twist', 'side-right']],
    [7, ['bell', 'pose-reclined-twist', 'side-left']],
    [8, ['bell', 'pose-reclined-twist', 'side-right']],
    [9, ['bell', 'pose-knees-to-chest']],
    [10, ['bell', 'bell', 'bell', 'closing-back']],
  ];
  test.each(voice)('bell+voice, step %i → %j', (step, keys) => {
    expect(cuesForStep(t, step, 'bell+voice')).toEqual(keys);
    expect(cuesForStep(t, step, undefined)).toEqual(keys); // undefined = the default
  });
  test.each(voice.map(([step]) => [step, step === 10 ? ['bell', 'bell', 'bell'] : ['bell']] as const))(
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

  test('GIVEN skip during step 3 THEN the runner posts step 4 at once and that cuts in with its own cues', () => {
    let s = { ...fresh(), posted: 3 };
    s = session.skip(s, t, at(5 * 60_000));
    expect(session.nextAction(s, t, at(5 * 60_000))).toEqual({ kind: 'post', step: 4, missed: 0 });
    expect(step(s, 4)).toEqual({ stop: true, play: ['bell', 'pose-dragonfly-side-bend', 'side-right'], leave: false });
  });

  test('GIVEN skip while paused THEN the session resumes and the new step plays', () => {
    let s = session.pause({ ...fresh(), posted: 1 }, at(90_000));
    s = session.skip(s, t, at(100_000));
    expect(s.pausedAt).toBeNull();
    expect(step(s, 2).play).toEqual(['bell', 'pose-dragonfly-forward-fold']);
  });

  test('GIVEN +1 THEN nothing plays and the next bell just comes a minute later', () => {
    const s = session.extend({ ...fresh(), posted: 1 }, 1);
    expect(act(s, 'extend').play).toEqual([]);
    expect(session.dueAt(s, t, 2)).toBe(T0 + (t.steps[2]?.offsetMs ?? 0) + 60_000);
  });

  test('GIVEN End THEN the closing step plays three bells and the closing line, then the bot leaves', () => {
    const s = session.stop({ ...fresh(), posted: 4 }, t, at(10 * 60_000));
    expect(session.nextAction(s, t, at(10 * 60_000))).toMatchObject({ kind: 'post', step: 10 });
    expect(step(s, 10).play).toEqual(['bell', 'bell', 'bell', 'closing-back']);
    expect(planFor(s, t, { kind: 'ended' })).toEqual({ stop: false, play: [], leave: true });
  });

  test('GIVEN sound "bell" or "off" THEN pose steps ring only / say nothing', () => {
    expect(step(fresh('bell'), 3).play).toEqual(['bell']);
    expect(step(fresh('off'), 3).play).toEqual([]);
  });
});

describe('cue texts come from data/', () => {
  test('poses speak their `spoken` field; the opening names the sequence and its focus without brackets', () => {
    expect(cueText(catalog, 'pose-dragonfly-side-bend')).toBe('Dragonfly, side bend. Open the side body.');
    expect(cueText(catalog, 'welcome-back')).toBe(
      "Welcome to Yin for the Back. The spine's four movements: flexion, extension, lateral extension and rotation.",
    );
    expect(cueText(catalog, 'safety')).toMatch(
      /electrical, shooting or radiating, come out and choose another variation/,
    );
    expect(cueText(catalog, 'closing-back')).toBe(
      'Release the pose and rest on your back for a few breaths. Thank you for practising together.',
    );
    expect(cueText(catalog, 'nope')).toBeUndefined();
  });

  test('every key any step of any sequence can play has a text', () => {
    for (const q of catalog.sequences.values()) {
      const tl = buildTimeline(catalog, q, q.holdMinutes.default);
      for (const st of tl.steps)
        for (const key of cuesForStep(tl, st.index, 'bell+voice')) expect(cueText(catalog, key), key).toBeDefined();
    }
  });
});

describe('data/audio is current (run `npm run audio` after editing data/)', () => {
  const manifest = JSON.parse(readFileSync(join(root, 'data', 'audio', 'manifest.json'), 'utf8')) as Manifest;
  const cues = [...allCues(catalog)];

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
});
