import { REST, Routes } from 'discord.js';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { commandDefinitions, commandsToDeploy } from '../../commands/definitions/index.ts';
import { APP_ID, GUILD_ID, HOST, MEMBER, TEXT_CHANNEL_ID, TOKEN } from '../../stand-in/discord/fixtures.ts';
import { activityOf, CLIENT_SECRET } from '../../stand-in/discord/rest/activity.ts';
import { startHarness, type Harness } from '../helpers/harness.ts';

// The App Launcher's entry point: deployed globally with /yin when the class view is on (never
// in a guild), and answered by yin: the class view where a class runs, else "no class here".
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ speed: 20, env: { YIN_ACTIVITY_PORT: '0', DISCORD_CLIENT_SECRET: CLIENT_SECRET } });
}, 30_000);
afterAll(async () => h?.stop());

test('GIVEN the class view on THEN the global deploy holds the entry point (APP_HANDLER); a guild deploy, or the view off, does not', () => {
  const global = commandsToDeploy({ guild: false, classView: true });
  expect(global.map((c) => [c.name, c.type ?? 1])).toEqual([
    ['yin', 1],
    ['launch', 4],
  ]);
  expect(global[1]).toMatchObject({ handler: 1 });
  expect(commandsToDeploy({ guild: true, classView: true })).toBe(commandDefinitions);
  expect(commandsToDeploy({ guild: false, classView: false })).toBe(commandDefinitions);
});

test('GIVEN the deploy sent to the stand-in THEN it takes the global one and refuses an entry point in a guild', async () => {
  const rest = new REST({ api: h.fake.apiUrl }).setToken(TOKEN);
  await rest.put(Routes.applicationCommands(APP_ID), { body: commandsToDeploy({ guild: false, classView: true }) });
  expect(h.fake.commands().map((c) => [c.name, c.type, (c as { handler?: number }).handler])).toEqual([
    ['yin', 1, undefined],
    ['launch', 4, 1],
  ]);
  await expect(
    rest.put(Routes.applicationGuildCommands(APP_ID, GUILD_ID), {
      body: commandsToDeploy({ guild: false, classView: true }),
    }),
  ).rejects.toThrow(/PRIMARY_ENTRY_POINT guild command/);
  expect(h.fake.invalid).toEqual([]);
});

test('GIVEN the entry point with no class in the channel THEN "no class here", privately; with a class THEN the class view', async () => {
  const none = await h.fake.slash({ user: MEMBER, channelId: TEXT_CHANNEL_ID, name: 'launch' }).response;
  expect(none.type).toBe(4);
  expect(none.data.flags & 64).toBe(64);
  expect(none.data.content).toMatch(/no class running in this channel/);
  await h.fake.slash({
    user: HOST,
    channelId: TEXT_CHANNEL_ID,
    name: 'yin',
    subcommand: 'start',
    options: { sequence: 'back', hold: 3 },
  }).response;
  await h.fake.waitFor(() => h.fake.messages(TEXT_CHANNEL_ID).some((m) => m.embeds.length > 0), 10_000);
  const launched = await h.fake.slash({ user: MEMBER, channelId: TEXT_CHANNEL_ID, name: 'launch' }).response;
  expect(launched.type).toBe(12);
  expect(activityOf(h.fake).instanceIn(TEXT_CHANNEL_ID)?.users).toEqual([MEMBER.id]);
});
