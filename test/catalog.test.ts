import { mkdtempSync, mkdirSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { CatalogError, loadCatalog } from '../src/domain/load-catalog.ts';

const realData = join(import.meta.dirname, '..', 'data');

function dataDirWith(files: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'yin-data-'));
  mkdirSync(join(dir, 'poses'));
  mkdirSync(join(dir, 'sequences'));
  for (const [name, value] of Object.entries(files))
    writeFileSync(join(dir, name), typeof value === 'string' ? value : JSON.stringify(value));
  return dir;
}

const pose = JSON.parse(readFileSync(join(realData, 'poses', 'wide-knee-child.json'), 'utf8'));
const back = JSON.parse(readFileSync(join(realData, 'sequences', 'back.json'), 'utf8'));

describe('the shipped data', () => {
  test('GIVEN data/ THEN the back sequence follows the seed, pose by pose', () => {
    const catalog = loadCatalog(realData);
    const seq = catalog.sequences.get('back');
    // The seed's holds, in its order; rebounds, a break, a counterpose and a final rest added.
    expect(seq?.steps.map((s) => `${s.role}:${s.pose}${s.sides ? `:${s.sides}` : ''}`)).toEqual([
      'hold:wide-knee-child',
      'rebound:rebound-on-back',
      'hold:dragonfly-forward-fold',
      'hold:dragonfly-side-bend:both',
      'break:windshield-wipers',
      'hold:dragonfly-twist:both',
      'rebound:rebound-on-back',
      'hold:reclined-twist:left',
      'rebound:rebound-on-back',
      'hold:reclined-twist:right',
      'counterpose:knees-to-chest',
      'rest:savasana',
    ]);
    expect(seq?.holdMinutes).toEqual({ default: 3, min: 3, max: 5 });
  });

  test("GIVEN the back sequence THEN its safety guidance carries the seed's rule", () => {
    const safety = loadCatalog(realData).sequences.get('back')?.safety.join(' ') ?? '';
    for (const word of ['electrical', 'shoots', 'radiates', 'come out', 'another variation'])
      expect(safety).toContain(word);
  });
});

describe('validation names the file and the field', () => {
  test.each([
    ['a pose missing its cues', { 'poses/a.json': { ...pose, cues: undefined } }, /poses\/a\.json: cues: /],
    [
      'a pose with an unknown field',
      { 'poses/a.json': { ...pose, colour: 'red' } },
      /poses\/a\.json: \(root\): Unrecognized key/,
    ],
    [
      'a sequence naming an unknown pose',
      { 'poses/a.json': pose, 'sequences/s.json': { ...back, steps: [{ pose: 'dragonfy' }] } },
      /sequences\/s\.json: steps\.0\.pose: unknown pose "dragonfy"/,
    ],
    [
      'a default hold outside its range',
      {
        'poses/a.json': pose,
        'sequences/s.json': { ...back, steps: [{ pose: pose.id }], holdMinutes: { default: 7, min: 3, max: 5 } },
      },
      /sequences\/s\.json: holdMinutes\.default: /,
    ],
    ['broken JSON', { 'poses/a.json': '{ "id": ' }, /poses\/a\.json: not valid JSON/],
    ['a bad id', { 'poses/a.json': { ...pose, id: 'Wide Knee' } }, /poses\/a\.json: id: use lowercase/],
  ])('GIVEN %s THEN loading fails with a message naming it', (_name, files, message) => {
    const dir = dataDirWith(files);
    expect(() => loadCatalog(dir)).toThrow(CatalogError);
    expect(() => loadCatalog(dir)).toThrow(message);
  });
});
