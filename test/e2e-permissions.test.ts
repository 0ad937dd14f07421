import { afterAll, beforeAll, expect, test } from 'vitest';
import { PermissionFlagsBits } from 'discord.js';
import { BOT_PERMISSIONS, HOST, TEXT_CHANNEL_ID } from '../src/fake-discord/fixtures.ts';
import { startHarness, type Harness } from './helpers/harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ fake: { botPermissions: BOT_PERMISSIONS & ~PermissionFlagsBits.SendMessages } });
});
afterAll(async () => h?.stop());

test('GIVEN the bot may not send messages in the channel THEN the host is told which permission is missing, nothing is posted', async () => {
  const r = await h.fake.slash({ user: HOST, channelId: TEXT_CHANNEL_ID, name: 'yin', subcommand: 'start', options: { sequence: 'back' } }).response;
  expect(r.data).toMatchObject({ flags: 64, content: expect.stringMatching(/I need Send Messages/) });
  await new Promise((resolve) => setTimeout(resolve, 200));
  expect(h.fake.messages(TEXT_CHANNEL_ID)).toEqual([]);
  expect(h.bot.ctx.runner.size).toBe(0);
});
