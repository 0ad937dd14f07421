import { afterAll, beforeAll, expect, test } from 'vitest';
import { PermissionFlagsBits } from 'discord.js';
import {
  ANNOUNCE_CHANNEL_ID,
  BOT_PERMISSIONS,
  BOT_ROLE_ID,
  HOST,
  TEXT_CHANNEL_ID,
} from '../../stand-in/discord/fixtures.ts';
import { startHarness, type Harness } from '../helpers/harness.ts';
import { yinAs } from '../helpers/e2e-notes-helpers.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ fake: { botPermissions: BOT_PERMISSIONS & ~PermissionFlagsBits.SendMessages } });
});
afterAll(async () => h?.stop());

test('GIVEN the bot may not send messages in the channel THEN the host is told which permission is missing, nothing is posted', async () => {
  const r = await yinAs(h, HOST, TEXT_CHANNEL_ID, 'start', { sequence: 'back' }).response;
  expect(r.data).toMatchObject({ flags: 64, content: expect.stringMatching(/I need Send Messages/) });
  await new Promise((resolve) => setTimeout(resolve, 200));
  expect(h.fake.messages(TEXT_CHANNEL_ID)).toEqual([]);
  expect(h.bot.ctx.runner.size).toBe(0);
});

test('GIVEN a channel overwrite denies the bot Send Messages in #practice THEN /yin start there is refused, and the same host can start in #announcements', async () => {
  const deny = [{ id: BOT_ROLE_ID, type: 0 as const, allow: '0', deny: String(PermissionFlagsBits.SendMessages) }];
  const o = await startHarness({ fake: { overwrites: { [TEXT_CHANNEL_ID]: deny } } });
  try {
    const refused = await o.fake.slash({
      user: HOST,
      channelId: TEXT_CHANNEL_ID,
      name: 'yin',
      subcommand: 'start',
      options: { sequence: 'back' },
    }).response;
    expect(refused.data).toMatchObject({ flags: 64, content: expect.stringMatching(/I need Send Messages there/) });

    const started = await o.fake.slash({
      user: HOST,
      channelId: TEXT_CHANNEL_ID,
      name: 'yin',
      subcommand: 'start',
      options: { sequence: 'back', channel: ANNOUNCE_CHANNEL_ID },
    }).response;
    expect(started.data).toMatchObject({
      flags: 64,
      content: expect.stringMatching(/^Starting \*\*Yin for the Back\*\* in <#1110000000000000103>/),
    });
    // The session's first post there: the opening, or at 600× on a busy machine the catch-up
    // that stands for it.
    await o.fake.waitFor(() => o.fake.messages(ANNOUNCE_CHANNEL_ID).find((m) => m.embeds.length > 0), 15_000);
    expect(o.fake.messages(TEXT_CHANNEL_ID)).toEqual([]);
  } finally {
    await o.stop();
  }
});
