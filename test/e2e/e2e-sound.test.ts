import { PermissionFlagsBits } from 'discord.js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { APP_ID, GUILD_ID, HOST, MEMBER, TEXT_CHANNEL_ID, VOICE_CHANNEL_ID } from '../../stand-in/discord/fixtures.ts';
import { embedOf, startHarness, type Harness } from '../helpers/harness.ts';
import { yinAs } from '../helpers/e2e-notes-helpers.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ speed: 600 });
});
afterAll(async () => h?.stop());

/** An admin holds Manage Server; the fixture members don't. */
const ADMIN = String(
  PermissionFlagsBits.ManageGuild | PermissionFlagsBits.SendMessages | PermissionFlagsBits.ViewChannel,
);
const settings = (user: typeof HOST, options: Record<string, string | boolean> = {}) =>
  h.fake.slash({
    user,
    channelId: VOICE_CHANNEL_ID,
    name: 'yin',
    group: 'settings',
    subcommand: 'sound',
    options,
    ...(user === HOST ? { memberPermissions: ADMIN } : {}),
  }).response;
const content = (r: { data?: unknown }) => String((r.data as { content?: string }).content);
/** Every voice channel the bot asked the gateway to join (op 4), as the stand-in recorded it. */
const botJoined = () => h.fake.state.voiceStates(GUILD_ID).get(APP_ID)?.channelId ?? null;

describe('sound: per session and the server default', () => {
  test('GIVEN a member without Manage Server THEN they may not change the default', async () => {
    expect(content(await settings(MEMBER, { mode: 'off' }))).toMatch(/Only members with Manage Server/);
    expect(content(await settings(MEMBER))).toMatch(/Only members with Manage Server/);
  });

  test('GIVEN the server default set to off THEN a voice session runs in text and the bot never joins voice', async () => {
    expect(content(await settings(HOST, { mode: 'off' }))).toBe(
      'Done. Voice sessions here: **off: no bell and no voice (text only)**.',
    );
    expect(content(await settings(HOST))).toMatch(/^Voice sessions here: \*\*off: no bell and no voice/);
    const before = h.fake.messages(VOICE_CHANNEL_ID).length;
    await h.fake.slash({
      user: HOST,
      channelId: VOICE_CHANNEL_ID,
      name: 'yin',
      subcommand: 'start',
      options: { sequence: 'back', hold: 3 },
    }).response;
    await h.fake.waitFor(
      () =>
        h.fake
          .messages(VOICE_CHANNEL_ID)
          .slice(before)
          .find((m) => embedOf(m).title?.startsWith('Closing')),
      10_000,
    );
    expect(botJoined()).toBeNull();
  });

  test('GIVEN sound:bell on /yin start THEN it overrides the default and the bot joins the voice channel', async () => {
    await h.fake.slash({
      user: HOST,
      channelId: VOICE_CHANNEL_ID,
      name: 'yin',
      subcommand: 'start',
      options: { sequence: 'back', hold: 5, sound: 'bell' },
    }).response;
    await h.fake.waitFor(() => botJoined() === VOICE_CHANNEL_ID, 5_000);
    expect(h.bot.ctx.runner.get(VOICE_CHANNEL_ID)?.sound?.mode).toBe('bell');
    await h.fake.slash({ user: HOST, channelId: VOICE_CHANNEL_ID, name: 'yin', subcommand: 'stop' }).response;
    // The closing follows the answer: within the half second the runner may be waiting for a turn.
    await h.fake.waitFor(() => h.bot.ctx.runner.get(VOICE_CHANNEL_ID) === undefined);
    expect(h.fake.invalid).toEqual([]);
  });
});

describe('bell, volume and interval bell: the server’s defaults and a session’s own', () => {
  const EPHEMERAL = 64;
  const start = (options: Record<string, string | number | boolean>) =>
    h.fake.slash({ user: HOST, channelId: VOICE_CHANNEL_ID, name: 'yin', subcommand: 'start', options }).response;
  const stopHere = () =>
    h.fake.slash({ user: HOST, channelId: VOICE_CHANNEL_ID, name: 'yin', subcommand: 'stop' }).response;

  test('GIVEN no options THEN the server’s sound in the words the opening uses; GIVEN some THEN those parts change and the rest stay', async () => {
    await settings(HOST, { mode: 'bell+voice' });
    expect(content(await settings(HOST))).toBe(
      'Voice sessions here: **singing bowl · normal volume · voice on · interval bell off**. Change any part with `mode:`, `bell:`, `volume:` or `interval:`; `/yin start` can choose them for one session.',
    );
    expect(content(await settings(HOST, { bell: 'chime', volume: 'quiet', interval: true }))).toBe(
      'Done. Voice sessions here: **soft chime · quiet volume · voice on · interval bell on**.',
    );
    expect(content(await settings(HOST, { volume: 'loud' }))).toBe(
      'Done. Voice sessions here: **soft chime · loud volume · voice on · interval bell on**.',
    );
    expect(await h.bot.ctx.settings.get(GUILD_ID)).toMatchObject({
      sound: { mode: 'bell+voice', bell: 'chime', volume: 'loud', interval: true },
    });
  });

  test.each<[string, Record<string, string | boolean>, string]>([
    ['a bell yin does not have', { bell: 'gong' }, '`bell` is one of bowl, chime, wood.'],
    ['a volume yin does not have', { volume: 'max' }, '`volume` is one of quiet, normal, loud.'],
  ])('GIVEN %s THEN an ephemeral answer naming the choices, and nothing is saved', async (_name, options, answer) => {
    const before = await h.bot.ctx.settings.get(GUILD_ID);
    const r = await settings(HOST, options);
    expect(content(r)).toBe(answer);
    expect((r.data as { flags?: number }).flags).toBe(EPHEMERAL);
    expect(await h.bot.ctx.settings.get(GUILD_ID)).toEqual(before);
    const started = await start({ sequence: 'back', ...options });
    expect(content(started)).toBe(answer);
    expect((started.data as { flags?: number }).flags).toBe(EPHEMERAL);
    expect(h.bot.ctx.runner.get(VOICE_CHANNEL_ID)).toBeUndefined();
  });

  test('GIVEN a member without Manage Server THEN they may not set the bell', async () => {
    expect(content(await settings(MEMBER, { bell: 'wood' }))).toMatch(/Only members with Manage Server/);
    expect((await h.bot.ctx.settings.get(GUILD_ID)).sound?.bell).toBe('chime');
  });

  test('GIVEN server defaults and /yin start bell:wood THEN the session keeps the server’s volume and interval with its own bell, and the opening says so', async () => {
    const before = h.fake.messages(VOICE_CHANNEL_ID).length;
    await start({ sequence: 'back', bell: 'wood', interval: false });
    // The answer (deferred) comes first; the session begins just after it.
    const s = await h.fake.waitFor(() => h.bot.ctx.runner.get(VOICE_CHANNEL_ID));
    expect(s).toMatchObject({ sound: { mode: 'bell+voice', bell: 'wood', volume: 'loud', interval: false } });
    const opening = await h.fake.waitFor(
      () =>
        h.fake
          .messages(VOICE_CHANNEL_ID)
          .slice(before)
          .find((m) => embedOf(m).title === 'Yin for the Back'),
      5_000,
    );
    expect(embedOf(opening).fields?.find((f) => f.name === 'Sound')?.value).toBe(
      'wood block · loud volume · voice on · interval bell off',
    );
    // A change of the server's default later does not change a running session.
    await settings(HOST, { bell: 'bowl' });
    expect(h.bot.ctx.runner.get(VOICE_CHANNEL_ID)?.sound?.bell).toBe('wood');
    await stopHere();
    expect(h.fake.invalid).toEqual([]);
  });

  test('GIVEN a session in a text channel THEN its opening has no sound field', async () => {
    const before = h.fake.messages(TEXT_CHANNEL_ID).length;
    await yinAs(h, HOST, TEXT_CHANNEL_ID, 'start', { sequence: 'back' }).response;
    const opening = await h.fake.waitFor(
      () =>
        h.fake
          .messages(TEXT_CHANNEL_ID)
          .slice(before)
          .find((m) => embedOf(m).title === 'Yin for the Back'),
      5_000,
    );
    expect(embedOf(opening).fields?.map((f) => f.name)).not.toContain('Sound');
    await h.fake.slash({ user: HOST, channelId: TEXT_CHANNEL_ID, name: 'yin', subcommand: 'stop' }).response;
  });
});
