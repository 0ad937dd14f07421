import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { startBot, type Bot } from '../../src/bot.ts';
import { loadConfig } from '../../src/config.ts';
import { systemClock } from '../../src/domain/clock.ts';
import { dueAt } from '../../src/domain/session.ts';
import { startFakeDiscord, type FakeDiscord } from '../../stand-in/discord/fake.ts';
import { APP_ID, HOST, TEXT_CHANNEL_ID, TOKEN } from '../../stand-in/discord/fixtures.ts';
import { silentLogger } from '../../src/log.ts';
import { expectEveryStepOnceOrCaughtUp, stepOf } from '../helpers/bot-process.ts';

let fake: FakeDiscord | undefined;
let bot: Bot | undefined;
afterEach(async () => {
  await bot?.stop();
  await fake?.stop();
});

/** A bot whose gateway heartbeats every 250 ms, so a silent gateway is noticed within ~0.5 s. */
async function start(): Promise<{ fake: FakeDiscord; bot: Bot }> {
  fake = await startFakeDiscord({ heartbeatIntervalMs: 250, messageRateLimit: { limit: 50, windowMs: 1000 } });
  bot = await startBot(
    loadConfig({
      DISCORD_TOKEN: TOKEN,
      DISCORD_CLIENT_ID: APP_ID,
      DISCORD_API_URL: fake.apiUrl,
      YIN_STORE_URL: `sqlite://${join(mkdtempSync(join(tmpdir(), 'yin-gw-')), 'yin.sqlite')}`,
      YIN_SPEED: '200',
    }),
    silentLogger,
    systemClock,
  );
  await bot.ready;
  return { fake, bot };
}

const cases = [
  ['the gateway closes with 4000', (f: FakeDiscord) => f.dropConnections(4000)],
  ['the gateway goes silent (no heartbeat ACKs, no close frame)', (f: FakeDiscord) => f.stallConnections()],
] as const;

test.each(cases)(
  'GIVEN a session WHEN %s THEN the client resumes, the session keeps its timeline and the buttons work after it',
  async (_name, fault) => {
    const { fake, bot } = await start();
    await fake.slash({
      user: HOST,
      channelId: TEXT_CHANNEL_ID,
      name: 'yin',
      subcommand: 'start',
      options: { sequence: 'back', hold: 3 },
    }).response;
    await fake.waitFor(() => fake.messages(TEXT_CHANNEL_ID).length >= 2, 5000);
    const sessions = fake.gateway.sessions.size;
    const connections = fake.connections;
    fault(fake);

    // Reconnected with RESUME: a new socket on the same gateway session, no second IDENTIFY.
    await fake.waitFor(() => fake.connections > connections && fake.openSockets >= 1, 10_000);
    await fake.waitFor(() => bot.client.ws.status === 0 /* Ready */, 10_000);
    expect(fake.gateway.sessions.size).toBe(sessions);
    expect(fake.identifies).toHaveLength(1);

    // Posts kept to their planned times through the outage (REST never needed the gateway).
    const state = bot.ctx.runner.get(TEXT_CHANNEL_ID)!;
    const timeline = bot.ctx.runner.timeline(TEXT_CHANNEL_ID)!;
    await fake.waitFor(() => fake.messages(TEXT_CHANNEL_ID).length >= 5, 10_000);
    for (const m of fake.messages(TEXT_CHANNEL_ID)) {
      expect(Date.parse(m.timestamp) - dueAt(state, timeline, stepOf(m))!).toBeLessThan(500);
    }

    // A button pressed after the reconnect reaches the bot: Pause holds the session still.
    const latest = fake.messages(TEXT_CHANNEL_ID).at(-1)!;
    const pause =
      latest.components?.[0] && 'components' in latest.components[0]
        ? latest.components[0].components.find((c) => 'custom_id' in c && c.custom_id.includes('pause'))
        : undefined;
    const click = fake.click({ user: HOST, message: latest, customId: (pause as { custom_id: string }).custom_id });
    await click.response;
    await fake.waitFor(() => bot.ctx.runner.get(TEXT_CHANNEL_ID)?.pausedAt !== null, 2000);
    const postedWhilePaused = fake.messages(TEXT_CHANNEL_ID).length;
    await new Promise((r) => setTimeout(r, 2000)); // longer than a hold (0.9 s)
    expect(fake.messages(TEXT_CHANNEL_ID).length).toBe(postedWhilePaused);
    await bot.ctx.runner.act(TEXT_CHANNEL_ID, 'stop');
    await fake.waitFor(() => fake.messages(TEXT_CHANNEL_ID).at(-1)?.embeds[0]?.title?.startsWith('Closing'), 5000);
    expectEveryStepOnceOrCaughtUp(fake.messages(TEXT_CHANNEL_ID));
  },
  30_000,
);
