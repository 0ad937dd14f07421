import { Routes, type APIMessage } from 'discord.js';
import { commandDefinitions } from '../../commands/definitions/index.ts';
import { APP_ID, type FixtureUser } from '../../stand-in/discord/fixtures.ts';
import type { FakeDiscord } from '../../stand-in/discord/fake.ts';
import type { Harness } from './harness.ts';

export const EPHEMERAL = 64;

/** Registers /yin as `npm run deploy-commands` does, so the fake types options from it. */
export async function deployCommands(h: Harness): Promise<void> {
  await h.bot.client.rest.put(Routes.applicationCommands(APP_ID), { body: commandDefinitions });
}

/** The custom_id of the button labelled `label` on a message (any row). */
export function buttonId(message: APIMessage | undefined, label: string): string {
  for (const row of (message?.components ?? []) as { components?: { label?: string; custom_id?: string }[] }[]) {
    const hit = row.components?.find((b) => b.label === label);
    if (hit?.custom_id) return hit.custom_id;
  }
  throw new Error(`no button "${label}" on the message`);
}

/** The custom_id of every button on a message, row after row. */
export const customIds = (message: { components?: unknown[] } | undefined): string[] =>
  ((message?.components ?? []) as { components?: { custom_id?: string }[] }[]).flatMap((r) =>
    (r.components ?? []).map((b) => b.custom_id ?? ''),
  );

export const contentOf = (r: { data?: { content?: unknown } }): string => String(r.data?.content ?? '');

/** Polls an async check until it returns something, like fake.waitFor for promises. */
export async function eventually<T>(fn: () => Promise<T | undefined | false>, timeoutMs = 5000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > until) throw new Error(`eventually timed out after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

type Who = FixtureUser | string;
type Slash = {
  user: Who;
  channelId: string;
  group?: string;
  subcommand: string;
  options?: Record<string, string | number | boolean>;
  memberPermissions?: string;
};

/** `/yin <group> <subcommand>` (or `/yin <subcommand>`), answered. */
export function yin(h: { fake: FakeDiscord }, o: Slash) {
  return h.fake.slash({
    user: o.user,
    channelId: o.channelId,
    name: 'yin',
    subcommand: o.subcommand,
    ...(o.group ? { group: o.group } : {}),
    ...(o.options ? { options: o.options } : {}),
    ...(o.memberPermissions ? { memberPermissions: o.memberPermissions } : {}),
  });
}

/** `/yin <command>` as `user` in `channelId`, the command as typed: `'start'`, `'schedule add'`. */
export function yinAs(
  h: { fake: FakeDiscord },
  user: Who,
  channelId: string,
  command: string,
  options?: Slash['options'],
) {
  const [group, subcommand] = command.includes(' ') ? command.split(' ') : [undefined, command];
  return yin(h, {
    user,
    channelId,
    subcommand: subcommand!,
    ...(group ? { group } : {}),
    ...(options ? { options } : {}),
  });
}
