import { join } from 'node:path';
import type { Client } from 'discord.js';
import type { Config } from '../config.ts';
import type { Catalog } from '../domain/catalog-schema.ts';
import type { Clock } from '../domain/clock.ts';
import type { Language } from '../languages.ts';
import type { Logger } from '../log.ts';
import type { Pictures } from '../pictures/index.ts';
import type { SessionHooks } from '../sessions/runner.ts';
import { activityDiscord } from './discord-api.ts';
import { startActivityServer, type ActivityServer } from './server.ts';
import { answerClassViews } from './shard-views.ts';
import { localViews, type ClassViews, type LiveSessions } from './views.ts';

/** Where `npm run build:activity` puts the class view's page. */
export const ACTIVITY_CLIENT_DIR = join(import.meta.dirname, '..', '..', 'activity', 'dist');

/** The class view's listener for `views`: its own port, Discord through DISCORD_API_URL. */
export function listenForClassView(
  config: Config,
  o: { views: ClassViews; clock: Clock; log: Logger; ready?: Promise<void> | undefined },
): Promise<ActivityServer> {
  return startActivityServer({
    port: config.activityPort ?? 0,
    discord: activityDiscord({
      apiUrl: config.apiUrl,
      clientId: config.clientId,
      clientSecret: config.clientSecret ?? '',
      botToken: config.token,
    }),
    views: o.views,
    clock: o.clock,
    log: o.log,
    clientDir: ACTIVITY_CLIENT_DIR,
    clientId: config.clientId,
    ready: o.ready,
  });
}

/**
 * The class view in a bot process when YIN_ACTIVITY_PORT is set: its sessions' views, and either
 * the listener itself (one process) or answers to the sharding manager, which listens for all
 * shards. `hooks` are the session listeners that keep viewers up to date.
 */
export async function startClassView(
  config: Config,
  o: {
    client: Client;
    sessions: LiveSessions;
    catalog: Catalog;
    pictures: Pictures;
    clock: Clock;
    log: Logger;
    languageOf(guildId: string): Promise<Language>;
    ready: Promise<void>;
  },
): Promise<{ hooks: SessionHooks; server: ActivityServer | undefined; close(): Promise<void> } | undefined> {
  if (config.activityPort === undefined || config.clientSecret === undefined) return undefined;
  const { client } = o;
  const views = localViews({
    sessions: o.sessions,
    catalog: o.catalog,
    pictures: o.pictures,
    clock: o.clock,
    log: o.log,
    languageOf: async (guildId) => (guildId ? o.languageOf(guildId).catch(() => 'en' as const) : 'en'),
    async permissionsOf(guildId, channelId, userId) {
      const guild = client.guilds.cache.get(guildId);
      const channel = guild?.channels.cache.get(channelId);
      if (!guild || !channel) return null;
      const member = await guild.members.fetch(userId).catch(() => null);
      return member ? channel.permissionsFor(member) : null;
    },
  });
  if (config.shardChild) {
    const stop = answerClassViews(views);
    return { hooks: views.hooks, server: undefined, close: async () => stop() };
  }
  const server = await listenForClassView(config, { views, clock: o.clock, log: o.log, ready: o.ready });
  return { hooks: views.hooks, server, close: () => server.close() };
}
