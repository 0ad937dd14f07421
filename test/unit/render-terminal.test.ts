import { describe, expect, test } from 'vitest';
import { plain, renderMessage } from '../../stand-in/rehearse/render-terminal.ts';

const now = Date.UTC(2026, 10, 25, 18, 0, 0);
const o = { now, speed: 60, names: { '1': 'ana', '2': 'practice' } };

describe('terminal rendering', () => {
  test.each([
    ['a countdown 3 s away at speed 60', `<t:${now / 1000 + 3}:R>`, 'in 3:00'],
    ['a countdown 90 s away at speed 1', `<t:${now / 1000 + 90}:R>`, 'in 1:30', 1],
    ['the clock time beside a countdown', `<t:${now / 1000 + 3}:R> (<t:${now / 1000 + 3}:t>)`, 'in 3:00'],
    ['a user mention', 'Paused by <@1>.', 'Paused by @ana.'],
    ['a channel mention', 'in <#2>', 'in #practice'],
    ['bold and italics', '**Works on:** *gently*', 'Works on: gently'],
    ['a past countdown', `<t:${now / 1000 - 5}:R>`, 'in 0:00'],
  ])('GIVEN %s THEN it reads plainly', (_n, input, expected, speed = 60) => {
    expect(plain(input, { ...o, speed })).toBe(expected);
  });

  test('GIVEN a pose post THEN title, text, fields, footer and buttons appear in order', () => {
    const out = renderMessage(
      {
        content: '',
        embeds: [
          {
            title: '3/9 · Dragonfly — side bend (left side)',
            description: 'Lean sideways.',
            fields: [
              { name: 'Variations', value: '• Top hand on the hip.' },
              { name: 'Ends', value: `<t:${now / 1000 + 3}:R> (<t:${now / 1000 + 3}:t>)` },
            ],
            footer: { text: 'Come out if it radiates.' },
          },
        ],
        components: [
          {
            type: 1,
            components: [
              { type: 2, style: 2, label: 'Pause', custom_id: 'a' },
              { type: 2, style: 2, label: '+1 min', custom_id: 'b' },
            ],
          },
        ],
      },
      o,
    );
    expect(out.split('\n')).toEqual([
      expect.stringMatching(/^━━ 3\/9 · Dragonfly — side bend \(left side\) ━+$/),
      'Lean sideways.',
      '',
      '  VARIATIONS',
      '    • Top hand on the hip.',
      '',
      '  ENDS',
      '    in 3:00',
      '',
      '  · Come out if it radiates.',
      '',
      '  [Pause] [+1 min]',
    ]);
  });

  test('GIVEN long text THEN it wraps at the width', () => {
    const out = renderMessage({ content: 'word '.repeat(40).trim(), embeds: [], components: [] }, { ...o, width: 30 });
    for (const line of out.split('\n')) expect(line.length).toBeLessThanOrEqual(30);
  });
});
