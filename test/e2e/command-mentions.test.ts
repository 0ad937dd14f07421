// Command mentions are each bot's own (issue 27: no module-level state): a bot that found `/yin`
// registered mentions it in its answers and in its posts; another bot in the same process, whose
// Discord has no `/yin` registered, keeps the commands as plain code.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REST, Routes } from 'discord.js';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { commandDefinitions } from '../../commands/definitions/index.ts';
import { startBot, type Bot } from '../../src/bot.ts';
import { loadConfig } from '../../src/config.ts';
import { ManualClock, systemClock, type Clock } from '../../src/domain/clock.ts';
import { silentLogger } from '../../src/log.ts';
import { startFakeDiscord, type FakeDiscord } from '../../stand-in/discord/fake.ts';
import { APP_ID, HOST, TEXT_CHANNEL_ID, TOKEN } from '../../stand-in/discord/fixtures.ts';
import { contentOf, eventually, yinAs } from '../helpers/e2e-notes-helpers.ts';
import { embedOf } from '../helpers/harness.ts';
import { runUntil } from '../helpers/test-clock.ts';

const clock = new ManualClock(Date.UTC(2026, 11, 7, 18, 0, 0));
let registered: { fake: FakeDiscord; bot: Bot };
let plain: { fake: FakeDiscord; bot: Bot };

async function start(o: { clock: Clock; registerYin: boolean }): Promise<{ fake: FakeDiscord; bot: Bot }> {
  const fake = await startFakeDiscord({ messageRateLimit: { limit: 50, windowMs: 1000 }, clock: o.clock });
  // As `npm run deploy-commands` would, before the bot starts: it reads the id once READY.
  if (o.registerYin)
    await new REST({ api: fake.apiUrl })
      .setToken(TOKEN)
      .put(Routes.applicationCommands(APP_ID), { body: commandDefinitions });
  const env = {
    DISCORD_TOKEN: TOKEN,
    DISCORD_CLIENT_ID: APP_ID,
    DISCORD_API_URL: fake.apiUrl,
    YIN_STORE_URL: `sqlite://${join(mkdtempSync(join(tmpdir(), 'yin-mentions-')), 'yin.sqlite')}`,
    YIN_SPEED: o.clock === systemClock ? '600' : '1',
  };
  const bot = await startBot(loadConfig(env), silentLogger, o.clock);
  await bot.ready;
  return { fake, bot };
}

beforeAll(async () => {
  registered = await start({ clock, registerYin: true });
  plain = await start({ clock: systemClock, registerYin: false });
});
afterAll(async () => {
  for (const b of [registered, plain]) {
    await b?.bot.stop();
    await b?.fake.stop();
  }
});

const notesList = (fake: FakeDiscord) => yinAs({ fake }, HOST, TEXT_CHANNEL_ID, 'notes list').response;

test('GIVEN two bots in one process, one with /yin registered THEN only that one mentions its commands, in answers and in the closing post', async () => {
  const id = registered.fake.commands()[0]?.id;
  expect(id).toMatch(/^\d+$/);
  // The id is read just after READY.
  const answer = await eventually(async () => {
    const text = contentOf(await notesList(registered.fake));
    return text.includes('</yin') && text;
  });
  expect(answer).toBe(`You have no notes yet. Add one with </yin note add:${id}>.`);
  expect(contentOf(await notesList(plain.fake))).toBe('You have no notes yet. Add one with `/yin note add`.');

  // A post outside any interaction: the closing, sent by the runner's timer.
  await yinAs(registered, HOST, TEXT_CHANNEL_ID, 'start', { sequence: 'back' }).response;
  const runner = registered.bot.ctx.runner;
  await registered.fake.waitFor(() => runner.get(TEXT_CHANNEL_ID));
  await runUntil(clock, registered.fake, runner, () => runner.get(TEXT_CHANNEL_ID) === undefined);
  const closing = embedOf(registered.fake.messages(TEXT_CHANNEL_ID).at(-1));
  expect(closing.title).toMatch(/^Closing/);
  expect(closing.description).toContain(`</yin note share:${id}>`);
});
