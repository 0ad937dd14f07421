import { afterAll, beforeAll, expect, test } from 'vitest';
import { startBot, type Bot } from '../../src/bot.ts';
import { loadConfig } from '../../src/config.ts';
import { systemClock } from '../../src/domain/clock.ts';
import { MEMBER, TEXT_CHANNEL_ID } from '../../stand-in/discord/fixtures.ts';
import { silentLogger } from '../../src/log.ts';
import { startHarness, type Harness } from '../helpers/harness.ts';
import { contentOf, deployCommands, yin } from '../helpers/e2e-notes-helpers.ts';

let h: Harness;
let second: Bot | undefined;
beforeAll(async () => {
  h = await startHarness({ speed: 600 });
  await deployCommands(h);
});
afterAll(async () => {
  await second?.stop();
  await h?.fake.stop();
});

test('GIVEN a note added THEN after the bot restarts on the same YIN_STORE_URL it is still listed, and old page buttons still work', async () => {
  for (let i = 1; i <= 6; i++) {
    await yin(h, {
      user: MEMBER,
      channelId: TEXT_CHANNEL_ID,
      group: 'note',
      subcommand: 'add',
      options: { text: `before restart ${i}`, pose: 'knees-to-chest' },
    }).response;
  }
  const shown = yin(h, { user: MEMBER, channelId: TEXT_CHANNEL_ID, group: 'notes', subcommand: 'list' });
  await shown.response;
  const page1 = shown.original()!;
  await h.bot.stop();

  second = await startBot(loadConfig(h.env), silentLogger, systemClock);
  await second.ready;
  const listed = await yin(h, { user: MEMBER, channelId: TEXT_CHANNEL_ID, group: 'notes', subcommand: 'list' })
    .response;
  const values = (listed.data.embeds[0].fields as { value: string }[]).map((f) => f.value);
  expect(values).toEqual([
    'before restart 6',
    'before restart 5',
    'before restart 4',
    'before restart 3',
    'before restart 2',
  ]);
  const row = page1.components![0] as { components: { label: string; custom_id: string }[] };
  const next = await h.fake.click({
    user: MEMBER,
    message: page1,
    customId: row.components.find((b) => b.label === 'Next')!.custom_id,
  }).response;
  expect((next.data.embeds[0].fields as { value: string }[]).map((f) => f.value)).toEqual(['before restart 1']);
  const stats = await yin(h, { user: MEMBER, channelId: TEXT_CHANNEL_ID, subcommand: 'stats' }).response;
  expect(contentOf(stats)).toContain('Favourite pose (most notes): **Knees Hugged into the Chest**');
});
