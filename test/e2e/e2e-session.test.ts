import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  HOST,
  MEMBER,
  MOD,
  TEXT_CHANNEL_ID,
  VOICE_CHANNEL_ID,
  ANNOUNCE_CHANNEL_ID,
} from '../../stand-in/discord/fixtures.ts';
import { ManualClock } from '../../src/domain/clock.ts';
import { embedOf, field, fieldAll, startHarness, titles, type Harness } from '../helpers/harness.ts';
import { clockDriver } from '../helpers/test-clock.ts';

const EPHEMERAL = 64;
let h: Harness;
let until: ReturnType<typeof clockDriver>;
// On the test clock: each class runs at its real speed, jumping from one step to the next.
beforeAll(async () => {
  const clock = new ManualClock();
  h = await startHarness({ clock });
  until = clockDriver(clock, h);
});
afterAll(async () => h?.stop());

const start = (channelId: string, options: Record<string, string | number> = { sequence: 'back' }, user = HOST) =>
  h.fake.slash({ user, channelId, name: 'yin', subcommand: 'start', options });
const closingPosted = (channelId: string) => () =>
  h.fake.messages(channelId).find((m) => embedOf(m).title?.startsWith('Closing'));

describe('/yin start back, end to end against the stand-in Discord', () => {
  test('GIVEN a text channel THEN the answer becomes the opening, then each step of the class and the closing, in order', async () => {
    const interaction = start(TEXT_CHANNEL_ID);
    const response = await interaction.response;
    // Deferred in public: the session's first post edits that answer into the opening.
    expect(response.type).toBe(5);
    expect((response.data as { flags?: number } | undefined)?.flags ?? 0).toBe(0);

    await until(closingPosted(TEXT_CHANNEL_ID));
    const posts = h.fake.messages(TEXT_CHANNEL_ID);
    expect(titles(posts)).toEqual([
      'Yin for the Back',
      "1/9 · Wide-Knee Child's Pose",
      'Rebound · On Your Back',
      '2/9 · Dragonfly — full forward fold',
      '3/9 · Dragonfly — side bend (left side)',
      '4/9 · Dragonfly — side bend (right side)',
      'Break · Windshield Wipers',
      '5/9 · Dragonfly — forward fold with twist (left side)',
      '6/9 · Dragonfly — forward fold with twist (right side)',
      'Rebound · On Your Back',
      '7/9 · Sphinx',
      "Counterpose · Wide-Knee Child's Pose",
      '8/9 · Reclined Twist (left side)',
      'Rebound · On Your Back',
      '9/9 · Reclined Twist (right side)',
      'Counterpose · Knees Hugged into the Chest',
      'Final rest · Savasana',
      'Closing — Yin for the Back',
    ]);
    const opening = embedOf(posts[0]);
    expect(opening.description).toContain('flexion');
    expect(opening.description).not.toMatch(/four movements|extension/);
    expect(field(opening, 'Practise safely')).toMatch(
      /electrical.*tingling.*numb.*shoots out or radiates.*come out of the pose.*another variation/s,
    );
    expect(field(opening, 'Gather')).toMatch(/mat[\s\S]*bolster[\s\S]*blocks[\s\S]*blankets[\s\S]*strap/i);
    expect(fieldAll(opening, 'If this is you')).toMatch(
      /Pregnan[\s\S]*side[\s\S]*sciatica[\s\S]*knees[\s\S]*surgery[\s\S]*any time/i,
    );
    expect(field(opening, 'The class').split('\n')).toHaveLength(16);
    expect(field(opening, 'The class')).toContain('7. Sphinx · 3 min · *optional*');
    expect(field(opening, 'The class')).toContain('Final rest · Savasana · 5 min');
    expect(field(opening, 'Length')).toBe('51 min · 9 poses · 3-min holds');

    // A step opens by coming out of the last pose, then sets up this one, on the side in words,
    // and ends with the words that begin the hold (the third hold: the third of them).
    const side = embedOf(posts[4]);
    expect(side.description).toMatch(
      /^\*\*Come out of Dragonfly — full forward fold:\*\* .+\n\n\*\*Set up:\*\* .+\n\n\*\*Left side:\*\* Lean sideways over your left leg\.\n\n\*\*As the hold begins:\*\* Notice where you feel the pose, .+$/s,
    );
    expect(field(side, 'Hold begins')).toMatch(/^<t:\d+:R>$/);
    const twist = embedOf(posts[7]);
    for (const name of ['Variations', 'Props', 'Cues', 'Cautions']) expect(field(twist, name)).not.toBe('');
    expect(field(twist, 'Ends')).toMatch(/^<t:\d+:R> \(<t:\d+:t>\)$/);
    expect(field(twist, 'Next')).toBe('Dragonfly — forward fold with twist (right side)');
    // The final rest has its own countdown, and the closing comes when it ends.
    const rest = embedOf(posts[16]);
    expect(field(rest, 'Rest begins')).toMatch(/^<t:\d+:R>$/);
    expect(field(rest, 'Next')).toBe('Closing');

    // The opening is the interaction's answer, edited once through its webhook (no nonce there).
    expect(interaction.original()?.id).toBe(posts[0]?.id);
    const edits = h.fake.requests.filter(
      (r) =>
        r.method === 'PATCH' &&
        r.route === '/webhooks/:app/:token/messages/@original' &&
        r.path.includes(interaction.token),
    );
    expect(edits).toHaveLength(1);
    expect(edits[0]?.body).toMatchObject({ allowed_mentions: { parse: [] } });
    expect(edits[0]?.body).not.toHaveProperty('nonce');
    // Every other post goes out once, with its own nonce, and pings nobody.
    const bodies = h.fake.requests.filter(
      (r) => r.method === 'POST' && r.route === '/channels/:id/messages' && r.path.includes(TEXT_CHANNEL_ID),
    );
    expect(bodies).toHaveLength(17);
    expect(new Set(bodies.map((r) => (r.body as { nonce: string }).nonce)).size).toBe(17);
    for (const r of bodies) expect(r.body).toMatchObject({ enforce_nonce: true, allowed_mentions: { parse: [] } });
    expect(h.fake.invalid).toEqual([]);
  });

  test('GIVEN the chat of a voice channel and hold:4 THEN the session runs there with 4-minute holds', async () => {
    await start(VOICE_CHANNEL_ID, { sequence: 'back', hold: 4 }).response;
    await until(closingPosted(VOICE_CHANNEL_ID));
    expect(h.fake.messages(VOICE_CHANNEL_ID)).toHaveLength(18);
    expect(field(embedOf(h.fake.messages(VOICE_CHANNEL_ID)[0]), 'Length')).toBe('55 min · 9 poses · 4-min holds');
  });

  test('GIVEN channel:#announcements THEN the session runs in that channel, not the one typed in', async () => {
    const before = h.fake.messages(TEXT_CHANNEL_ID).length;
    const r = await start(TEXT_CHANNEL_ID, { sequence: 'back', channel: ANNOUNCE_CHANNEL_ID }).response;
    expect(JSON.stringify(r.data)).toContain(`<#${ANNOUNCE_CHANNEL_ID}>`);
    await until(closingPosted(ANNOUNCE_CHANNEL_ID));
    expect(h.fake.messages(TEXT_CHANNEL_ID).length).toBe(before);
  });

  test.each([
    ['an unknown sequence', { sequence: 'legs' }, /don't know a sequence called “legs”/],
    ['a hold of 10 minutes', { sequence: 'back', hold: 10 }, /Yin for the Back holds each pose 3–5 minutes/],
    ['a hold of 2 minutes', { sequence: 'back', hold: 2 }, /pick a hold from 3 to 5/],
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
    expect(String((r.data as { content: string }).content)).toMatch(
      /Yin for the Back.*51–59 min.*\n.*bending forward/s,
    );
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
    expect(r).toEqual({ type: 8, data: { choices: [{ name: 'Yin for the Back (51 min)', value: 'back' }] } });
  });
});

describe('controls and who may use them', () => {
  test('GIVEN a running session THEN a second start is refused, members may not control it, the host and moderators may', async () => {
    const earlier = h.fake.messages(TEXT_CHANNEL_ID).length;
    await start(TEXT_CHANNEL_ID, { sequence: 'back', hold: 5 }).response;
    const firstPose = await until(() =>
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
    await until(() =>
      h.fake.messages(TEXT_CHANNEL_ID).find((m) => m.id > firstPose.id && embedOf(m).title?.startsWith('Rebound')),
    );

    const stopDenied = await h.fake.slash({ user: MEMBER, channelId: TEXT_CHANNEL_ID, name: 'yin', subcommand: 'stop' })
      .response;
    expect(stopDenied.data).toMatchObject({ flags: EPHEMERAL, content: expect.stringMatching(/Only the host/) });
    const stopped = await h.fake.slash({ user: HOST, channelId: TEXT_CHANNEL_ID, name: 'yin', subcommand: 'stop' })
      .response;
    expect(stopped.data).toMatchObject({ flags: EPHEMERAL });
    const closing = await until(() =>
      h.fake.messages(TEXT_CHANNEL_ID).find((m) => m.id > firstPose.id && embedOf(m).title?.startsWith('Closing')),
    );
    expect(embedOf(closing).description).toContain('Ended early');

    const late = await h.fake.click({ user: HOST, message: firstPose, customId: idOf('Pause') }).response;
    expect(late.data).toMatchObject({ flags: EPHEMERAL, content: 'That session has ended.' });
    expect(h.fake.invalid).toEqual([]);
  });
});
