import { PermissionFlagsBits } from 'discord.js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { APP_ID, GUILD_ID, HOST, MEMBER, VOICE_CHANNEL_ID } from '../stand-in/discord/fixtures.ts';
import { embedOf, startHarness, type Harness } from './helpers/harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ speed: 600 });
});
afterAll(async () => h?.stop());

/** An admin holds Manage Server; the fixture members don't. */
const ADMIN = String(
  PermissionFlagsBits.ManageGuild | PermissionFlagsBits.SendMessages | PermissionFlagsBits.ViewChannel,
);
const settings = (user: typeof HOST, options: Record<string, string> = {}) =>
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
    expect(content(await settings(HOST, { mode: 'off' }))).toMatch(/no sound/);
    expect(content(await settings(HOST))).toMatch(/`off`/);
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
    expect(h.bot.ctx.runner.get(VOICE_CHANNEL_ID)?.sound).toBe('bell');
    await h.fake.slash({ user: HOST, channelId: VOICE_CHANNEL_ID, name: 'yin', subcommand: 'stop' }).response;
    expect(h.fake.invalid).toEqual([]);
  });
});
