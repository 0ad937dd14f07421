import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { vi } from 'vitest';
import { startBot, type Bot } from '../../src/bot.ts';
import { loadConfig } from '../../src/config.ts';
import { systemClock } from '../../src/domain/clock.ts';
import { startFakeDiscord, type FakeDiscord, type FakeDiscordOptions } from '../../stand-in/discord/fake.ts';
import { APP_ID, type FixtureUser, GUILD_ID, MOD, TEXT_CHANNEL_ID, TOKEN } from '../../stand-in/discord/fixtures.ts';
import { validateBody } from '../../stand-in/discord/validate.ts';
import { contentOf } from './e2e-notes-helpers.ts';

/*
 * How schedule tests control time. Schedules fire on wall-clock minutes (node-cron reads
 * `new Date()`), so waiting for a real Tuesday 19:00 is out, and faking setTimeout would stall
 * the sockets between the bot and the stand-in Discord. Only `Date` is faked, and it keeps
 * moving in real time (shouldAdvanceTime): the bot, node-cron and the fake all see
 * "Tuesday 18:59:57 Berlin" and the start really fires three real seconds later, through the
 * production path (node-cron → Scheduler → startOccurrence → runner). To skip ahead, a test
 * stops the bot (or re-arms the schedule) around vi.setSystemTime, because a timer already
 * armed waits its real delay.
 */
export function fakeNow(iso: string): void {
  vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true, now: Date.parse(iso) });
}
export function setNow(iso: string | number): void {
  vi.setSystemTime(typeof iso === 'number' ? iso : Date.parse(iso));
}

export interface LogLine {
  level: number;
  msg: string;
  [k: string]: unknown;
}

export interface ScheduleHarness {
  fake: FakeDiscord;
  bot: Bot;
  logs: LogLine[];
  /** Stops this bot process (the fake stays) and starts another on the same store. */
  restart(between?: () => void): Promise<Bot>;
  stopBot(): Promise<void>;
  startBot(): Promise<Bot>;
  stop(): Promise<void>;
}

export async function startScheduleHarness(
  o: { speed?: number; fake?: FakeDiscordOptions } = {},
): Promise<ScheduleHarness> {
  for (const [path, method] of [
    ['/channels/{channel_id}/messages', 'post'],
    ['/interactions/{interaction_id}/{interaction_token}/callback', 'post'],
    ['/guilds/{guild_id}/scheduled-events', 'post'],
  ] as const)
    validateBody(path, method, {});
  const fake = await startFakeDiscord({ messageRateLimit: { limit: 50, windowMs: 1000 }, ...o.fake });
  const env = {
    DISCORD_TOKEN: TOKEN,
    DISCORD_CLIENT_ID: APP_ID,
    DISCORD_API_URL: fake.apiUrl,
    YIN_STORE_URL: `sqlite://${join(mkdtempSync(join(tmpdir(), 'yin-e2e-schedule-')), 'yin.sqlite')}`,
    YIN_SPEED: String(o.speed ?? 600),
  };
  const logs: LogLine[] = [];
  const log = pino({ level: 'debug' }, { write: (line: string) => void logs.push(JSON.parse(line)) });
  let bot: Bot | undefined;
  const h: ScheduleHarness = {
    fake,
    logs,
    get bot() {
      if (!bot) throw new Error('bot is stopped');
      return bot;
    },
    async startBot() {
      bot = await startBot(loadConfig(env), log, systemClock);
      await bot.ready;
      return bot;
    },
    async stopBot() {
      await bot?.stop();
      bot = undefined;
    },
    async restart(between) {
      await h.stopBot();
      between?.();
      return h.startBot();
    },
    async stop() {
      await h.stopBot();
      await fake.stop();
    },
  };
  await h.startBot();
  return h;
}

export type Options = Record<string, string | number | boolean>;

/** `/yin schedule <sub>` as `user` (an organiser with Manage Events by default). */
export function schedule(
  h: { fake: FakeDiscord },
  subcommand: string,
  options: Options = {},
  user: FixtureUser | string = MOD,
  memberPermissions?: string,
) {
  return h.fake.slash({
    user,
    channelId: TEXT_CHANNEL_ID,
    guildId: GUILD_ID,
    name: 'yin',
    group: 'schedule',
    subcommand,
    options,
    ...(memberPermissions ? { memberPermissions } : {}),
  });
}

/** `/yin schedule add`'s options for back on Tuesdays at 19:00 in Berlin, in `channel`, and `more`. */
export const tuesdays = (more: Options = {}, channel = TEXT_CHANNEL_ID): Options => ({
  sequence: 'back',
  channel,
  day: 'tuesday',
  time: '19:00',
  timezone: 'Europe/Berlin',
  ...more,
});

/** The new schedule's id in `/yin schedule add`'s answer ('' when there is none). */
export const scheduleIdIn = (r: { data?: { content?: unknown } }): string =>
  /id `([a-z0-9]+)`/.exec(contentOf(r))?.[1] ?? '';

export { contentOf };
