// `/yin start back length:30` end to end against the stand-in Discord: the answer becomes the
// opening of the class planned to 30 minutes, and the steps posted are the planned ones; a length
// the class can't be is answered privately, in the member's language, with the nearest lengths.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { HOST, TEXT_CHANNEL_ID, VOICE_CHANNEL_ID } from '../../stand-in/discord/fixtures.ts';
import { embedOf, field, startHarness, titles, type Harness } from '../helpers/harness.ts';

const EPHEMERAL = 64;
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ speed: 600 });
});
afterAll(async () => h?.stop());

const start = (channelId: string, options: Record<string, string | number>, locale?: string) =>
  h.fake.slash({ user: HOST, channelId, name: 'yin', subcommand: 'start', options, ...(locale ? { locale } : {}) });
const closingPosted = (channelId: string) => () =>
  h.fake.messages(channelId).find((m) => embedOf(m).title?.startsWith('Closing'));

describe('/yin start back length:30 against the stand-in', () => {
  test('GIVEN length:30 THEN the answer is the opening of a 30-minute class, and the planned steps run to the closing', async () => {
    const response = await start(TEXT_CHANNEL_ID, { sequence: 'back', length: 30 }).response;
    expect(response.type).toBe(5);
    expect((response.data as { flags?: number } | undefined)?.flags ?? 0).toBe(0);
    await h.fake.waitFor(closingPosted(TEXT_CHANNEL_ID), 15_000);
    const posts = h.fake.messages(TEXT_CHANNEL_ID);
    expect(titles(posts)).toEqual([
      'Yin for the Back',
      '1/5 · Dragonfly — full forward fold',
      '2/5 · Dragonfly — side bend (left side)',
      '3/5 · Dragonfly — side bend (right side)',
      'Rebound · On Your Back',
      '4/5 · Reclined Twist (left side)',
      '5/5 · Reclined Twist (right side)',
      'Counterpose · Knees Hugged into the Chest',
      'Final rest · Savasana',
      'Closing — Yin for the Back',
    ]);
    const opening = embedOf(posts[0]);
    expect(field(opening, 'Length')).toBe('30 min · 5 poses · 3-min holds');
    expect(field(opening, 'The class').split('\n')).toHaveLength(8);
    // What the holds leave over goes to the final rest: nothing here, 30 minutes exactly at 3-minute holds.
    expect(field(opening, 'The class')).toContain('Final rest · Savasana · 5 min');
    expect(field(embedOf(posts.at(-1)), 'Practised')).toMatch(/^30 min · 5 poses/);
  });

  test('GIVEN length:60 THEN every step stays and the holds grow to 5 minutes (those capped at 3 stay there)', async () => {
    await start(VOICE_CHANNEL_ID, { sequence: 'back', length: 60 }).response;
    await h.fake.waitFor(closingPosted(VOICE_CHANNEL_ID), 20_000);
    const posts = h.fake.messages(VOICE_CHANNEL_ID);
    // The opening, the 16 steps of the class as written (Sphinx and its Child's counterpose too), the closing.
    expect(posts).toHaveLength(18);
    expect(field(embedOf(posts[0]), 'Length')).toBe('60 min · 9 poses · 5-min holds');
  });

  test.each([
    [
      'length:15',
      { sequence: 'back', length: 15 },
      undefined,
      /^Yin for the Back can’t be planned to 15 minutes: the shortest it can be is 30 minutes\.$/,
    ],
    [
      'length:42 hold:3',
      { sequence: 'back', length: 42, hold: 3 },
      undefined,
      /nearest lengths it can be: 39 or 45 minutes\. With `hold:3`/,
    ],
    [
      'heart length:60 in German',
      { sequence: 'heart', length: 60 },
      'de',
      /auf 60 Minuten planen: höchstens 42 Minuten/,
    ],
  ])('GIVEN %s THEN a clear private answer and nothing posted', async (_n, options, locale, message) => {
    const before = h.fake.messages(TEXT_CHANNEL_ID).length;
    const r = await start(TEXT_CHANNEL_ID, options, locale).response;
    expect(r.data).toMatchObject({ flags: EPHEMERAL });
    expect(String((r.data as { content: string }).content)).toMatch(message);
    expect(h.fake.messages(TEXT_CHANNEL_ID).length).toBe(before);
  });
});
