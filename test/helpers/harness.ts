import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIEmbed, APIMessage } from 'discord.js';
import { startBot, type Bot, type StartOptions } from '../../src/bot.ts';
import { loadConfig } from '../../src/config.ts';
import { type Clock, ManualClock, systemClock } from '../../src/domain/clock.ts';
import { startFakeDiscord, type FakeDiscord, type FakeDiscordOptions } from '../../stand-in/discord/fake.ts';
import { APP_ID, TOKEN } from '../../stand-in/discord/fixtures.ts';
import { validateBody } from '../../stand-in/discord/validate.ts';
import { FIELD_CONTINUED } from '../../src/discord/session/render.ts';
import { silentLogger, type Logger } from '../../src/log.ts';
import { clockDriver } from './test-clock.ts';

export interface Harness {
  fake: FakeDiscord;
  bot: Bot;
  env: Record<string, string>;
  stop(): Promise<void>;
}

/**
 * The stand-in Discord on 127.0.0.1 and the real bot (discord.js and all) in this process. At
 * speed 600 a 3-minute hold takes 0.3 s, so the per-channel post limit is raised to match.
 */
export async function startHarness(
  o: {
    speed?: number;
    fake?: FakeDiscordOptions;
    storeUrl?: string;
    voice?: StartOptions['voice'];
    /** What wakes schedules and the weekly total (on a test clock: `clockTrigger(clock)`). */
    trigger?: StartOptions['trigger'];
    /** Who signed up for a schedule's start (attendance reports). */
    log?: Logger;
    /** A test clock for the bot and the stand-in both (then the speed is 1 unless told). */
    clock?: Clock;
    /** More of the bot's environment (e.g. YIN_ACTIVITY_PORT). */
    env?: Record<string, string>;
  } = {},
): Promise<Harness> {
  // Compile the spec validators the session uses up front: at speed 600 a first post that waits
  // on Ajv would make the runner (correctly) skip the first pose with a catch-up post.
  for (const [path, method] of [
    ['/channels/{channel_id}/messages', 'post'],
    ['/interactions/{interaction_id}/{interaction_token}/callback', 'post'],
  ] as const)
    validateBody(path, method, {});
  const fake = await startFakeDiscord({
    messageRateLimit: { limit: 50, windowMs: 1000 },
    ...(o.clock ? { clock: o.clock } : {}),
    ...o.fake,
  });
  const env = {
    DISCORD_TOKEN: TOKEN,
    DISCORD_CLIENT_ID: APP_ID,
    DISCORD_API_URL: fake.apiUrl,
    YIN_STORE_URL: o.storeUrl ?? `sqlite://${join(mkdtempSync(join(tmpdir(), 'yin-e2e-')), 'yin.sqlite')}`,
    YIN_SPEED: String(o.speed ?? (o.clock ? 1 : 600)),
    ...o.env,
  };
  const bot = await startBot(loadConfig(env), o.log ?? silentLogger, o.clock ?? systemClock, {
    voice: o.voice,
    trigger: o.trigger,
  });
  await bot.ready;
  return {
    fake,
    bot,
    env,
    async stop() {
      await bot.stop();
      await fake.stop();
    },
  };
}

export interface ClockHarness extends Harness {
  clock: ManualClock;
  /** `clockDriver(clock, h)`: jumps the test clock from alarm to alarm until its function finds something. */
  until: ReturnType<typeof clockDriver>;
}

/** `startHarness` on a test clock that starts at `now`, with the clock and its driver. */
export async function startOnTestClock(now: number, o: Parameters<typeof startHarness>[0] = {}): Promise<ClockHarness> {
  const clock = new ManualClock(now);
  const h = await startHarness({ ...o, clock });
  return { ...h, clock, until: clockDriver(clock, h) };
}

export const embedOf = (m: APIMessage | undefined): APIEmbed => m?.embeds[0] ?? {};
export const field = (e: APIEmbed, name: string): string => e.fields?.find((f) => f.name === name)?.value ?? '';
/** A field and the unnamed fields that carry it on past Discord's 1,024 characters, joined. */
export function fieldAll(e: APIEmbed, name: string): string {
  const fields = e.fields ?? [];
  const at = fields.findIndex((f) => f.name === name);
  if (at < 0) return '';
  const out = [fields[at]!.value];
  for (const f of fields.slice(at + 1)) {
    if (f.name !== FIELD_CONTINUED) break;
    out.push(f.value);
  }
  return out.join('\n');
}
export const titles = (messages: APIMessage[]): string[] => messages.map((m) => embedOf(m).title ?? m.content);
