import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  HOST,
  MEMBER,
  MOD,
  TEXT_CHANNEL_ID,
  VOICE_CHANNEL_ID,
  ANNOUNCE_CHANNEL_ID,
} from '../stand-in/discord/fixtures.ts';
import { embedOf, field, startHarness, titles, type Harness } from './helpers/harness.ts';

const EPHEMERAL = 64;
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ speed: 600 });
});
afterAll(async () => h?.stop());

const start = (channelId: string, options: Record<string, string | number> = { sequence: 'back' }, user = HOST) =>
  h.fake.slash({ user, channelId, name: 'yin', subcommand: 'start', options });
const closingPosted = (channelId: string) => () =>
  h.fake.messages(channelId).find((m) => embedOf(m).title?.startsWith('Closing'));

describe('/yin start back, end to end against the stand-in Discord', () => {
  test('GIVEN a text channel THEN an ephemeral ack, then opening, 9 timed poses and a closing, in order', async () => {
    const interaction = start(TEXT_CHANNEL_ID);
    const response = await interaction.response;
    expect(response.type).toBe(4);
    expect(response.data).toMatchObject({ flags: EPHEMERAL });
    expect(String((response.data as { content: string }).content)).toContain('Yin for the Back');

    await h.fake.waitFor(closingPosted(TEXT_CHANNEL_ID), 10_000);
    const posts = h.fake.messages(TEXT_CHANNEL_ID);
    expect(titles(posts)).toEqual([
      'Yin for the Back',
      "1/9 · Wide-Knee Child's Pose",
      '2/9 · Dragonfly — full forward fold',
      '3/9 · Dragonfly — side bend (left side)',
      '4/9 · Dragonfly — side bend (right side)',
      '5/9 · Dragonfly — forward fold with twist (left side)',
      '6/9 · Dragonfly — forward fold with twist (right side)',
      '7/9 · Reclined Twist (left side)',
      '8/9 · Reclined Twist (right side)',
      '9/9 · Knees Hugged into the Chest',
      'Closing — Yin for the Back',
    ]);
    const opening = embedOf(posts[0]);
    expect(opening.description).toContain('flexion');
    expect(field(opening, 'Practise safely')).toMatch(
      /electrical.*shoots out or radiates.*come out of the pose.*another variation/s,
    );
    expect(field(opening, 'Poses').split('\n')).toHaveLength(9);
    expect(field(opening, 'Length')).toBe('28 min · 9 poses · 3-min holds');

    const twist = embedOf(posts[5]);
    for (const name of ['Variations', 'Props', 'Cues', 'Cautions']) expect(field(twist, name)).not.toBe('');
    expect(field(twist, 'Ends')).toMatch(/^<t:\d+:R> \(<t:\d+:t>\)$/);
    expect(field(twist, 'Next')).toBe('Dragonfly — forward fold with twist (right side)');
    expect(embedOf(posts[9]).fields?.find((f) => f.name === 'Next')?.value).toBe('Closing');

    // Each post goes out once, with its own nonce, and pings nobody.
    const bodies = h.fake.requests.filter(
      (r) => r.method === 'POST' && r.route === '/channels/:id/messages' && r.path.includes(TEXT_CHANNEL_ID),
    );
    expect(bodies).toHaveLength(11);
    expect(new Set(bodies.map((r) => (r.body as { nonce: string }).nonce)).size).toBe(11);
    for (const r of bodies) expect(r.body).toMatchObject({ enforce_nonce: true, allowed_mentions: { parse: [] } });
    expect(h.fake.invalid).toEqual([]);
  });

  test('GIVEN the chat of a voice channel THEN the session runs there', async () => {
    await start(VOICE_CHANNEL_ID, { sequence: 'back', hold: 1 }).response;
    await h.fake.waitFor(closingPosted(VOICE_CHANNEL_ID), 10_000);
    expect(h.fake.messages(VOICE_CHANNEL_ID)).toHaveLength(11);
    expect(field(embedOf(h.fake.messages(VOICE_CHANNEL_ID)[0]), 'Length')).toBe('10 min · 9 poses · 1-min holds');
  });

  test('GIVEN channel:#announcements THEN the session runs in that channel, not the one typed in', async () => {
    const before = h.fake.messages(TEXT_CHANNEL_ID).length;
    const r = await start(TEXT_CHANNEL_ID, { sequence: 'back', channel: ANNOUNCE_CHANNEL_ID }).response;
    expect(JSON.stringify(r.data)).toContain(`<#${ANNOUNCE_CHANNEL_ID}>`);
    await h.fake.waitFor(closingPosted(ANNOUNCE_CHANNEL_ID), 10_000);
    expect(h.fake.messages(TEXT_CHANNEL_ID).length).toBe(before);
  });

  test.each([
    ['an unknown sequence', { sequence: 'legs' }, /don't know a sequence called “legs”/],
    ['a hold of 11 minutes', { sequence: 'back', hold: 11 }, /1 to 10 minutes/],
  ])('GIVEN %s THEN a clear ephemeral answer and nothing posted', async (_n, options, message) => {
    const before = h.fake.messages(TEXT_CHANNEL_ID).length;
    const r = await start(TEXT_CHANNEL_ID, options).response;
    expect(r.data).toMatchObject({ flags: EPHEMERAL });
    expect(String((r.data as { content: string }).content)).toMatch(message);
    expect(h.fake.messages(TEXT_CHANNEL_ID).length).toBe(before);
  });

  test('GIVEN /yin sequences THEN the back sequence with its length and focus', async () => {
    const r = await h.fake.slash({ user: MEMBER, channelId: TEXT_CHANNEL_ID, name: 'yin', subcommand: 'sequences' })
      .response;
    expect(String((r.data as { content: string }).content)).toMatch(/Yin for the Back.*28–46 min.*\n.*four movements/s);
  });

  test('GIVEN autocomplete on sequence THEN the known sequences', async () => {
    const r = await h.fake.autocomplete({
      user: MEMBER,
      channelId: TEXT_CHANNEL_ID,
      name: 'yin',
      subcommand: 'start',
      options: { sequence: 'ba' },
      focused: 'sequence',
    }).response;
    expect(r).toEqual({ type: 8, data: { choices: [{ name: 'Yin for the Back (28 min)', value: 'back' }] } });
  });
});

describe('controls and who may use them', () => {
  test('GIVEN a running session THEN a second start is refused, members may not control it, the host and moderators may', async () => {
    const earlier = h.fake.messages(TEXT_CHANNEL_ID).length;
    await start(TEXT_CHANNEL_ID, { sequence: 'back', hold: 10 }).response;
    const firstPose = await h.fake.waitFor(() =>
      h.fake
        .messages(TEXT_CHANNEL_ID)
        .slice(earlier)
        .find((m) => embedOf(m).title?.startsWith('1/9')),
    );

    const second = await start(TEXT_CHANNEL_ID, { sequence: 'back' }, MEMBER).response;
    expect(second.data).toMatchObject({ flags: EPHEMERAL, content: expect.stringMatching(/already running/) });

    const idOf = (label: string) => {
      const row = firstPose.components?.[0] as { components: { label: string; custom_id: string }[] };
      return row.components.find((b) => b.label === label)!.custom_id;
    };
    const denied = await h.fake.click({ user: MEMBER, message: firstPose, customId: idOf('Pause') }).response;
    expect(denied.data).toMatchObject({ flags: EPHEMERAL, content: expect.stringMatching(/^Only the host/) });
    expect((denied.data as { allowed_mentions?: unknown }).allowed_mentions).toEqual({ parse: [] });

    const paused = await h.fake.click({ user: HOST, message: firstPose, customId: idOf('Pause') }).response;
    expect(paused).toMatchObject({
      type: 4,
      data: { content: expect.stringMatching(/Paused by <@/), allowed_mentions: { parse: [] } },
    });
    const resumed = await h.fake.click({ user: MOD, message: firstPose, customId: idOf('Resume') }).response;
    expect(resumed.data).toMatchObject({ content: expect.stringMatching(/Resumed by .* ends <t:\d+:R>/) });
    const extended = await h.fake.click({ user: HOST, message: firstPose, customId: idOf('+1 min') }).response;
    expect(extended.data).toMatchObject({ content: expect.stringMatching(/One more minute/) });

    expect((await h.fake.click({ user: HOST, message: firstPose, customId: idOf('Skip') }).response).type).toBe(6);
    await h.fake.waitFor(() =>
      h.fake.messages(TEXT_CHANNEL_ID).find((m) => m.id > firstPose.id && embedOf(m).title?.startsWith('2/9')),
    );

    const stopDenied = await h.fake.slash({ user: MEMBER, channelId: TEXT_CHANNEL_ID, name: 'yin', subcommand: 'stop' })
      .response;
    expect(stopDenied.data).toMatchObject({ flags: EPHEMERAL, content: expect.stringMatching(/Only the host/) });
    const stopped = await h.fake.slash({ user: HOST, channelId: TEXT_CHANNEL_ID, name: 'yin', subcommand: 'stop' })
      .response;
    expect(stopped.data).toMatchObject({ flags: EPHEMERAL });
    const closing = await h.fake.waitFor(() =>
      h.fake.messages(TEXT_CHANNEL_ID).find((m) => m.id > firstPose.id && embedOf(m).title?.startsWith('Closing')),
    );
    expect(embedOf(closing).description).toContain('Ended early');

    const late = await h.fake.click({ user: HOST, message: firstPose, customId: idOf('Pause') }).response;
    expect(late.data).toMatchObject({ flags: EPHEMERAL, content: 'That session has ended.' });
    expect(h.fake.invalid).toEqual([]);
  });
});
