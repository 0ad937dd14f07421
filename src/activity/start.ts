import { join } from 'node:path';
import type { Client } from 'discord.js';
import type { Config } from '../config.ts';
import type { Catalog } from '../domain/catalog-schema.ts';
import type { Clock } from '../domain/clock.ts';
import type { Language } from '../languages.ts';
import type { Logger } from '../log.ts';
import { activityDiscord } from './discord-api.ts';
import { startActivityServer, type ActivityServer, type LiveSessions } from './server.ts';

/** Where `npm run build:activity` puts the class view's page. */
export const ACTIVITY_CLIENT_DIR = join(import.meta.dirname, '..', '..', 'activity', 'dist');

/** The class view's listener when YIN_ACTIVITY_PORT is set; undefined when it is off. */
export async function startClassView(
  config: Config,
  o: {
    client: Client;
    sessions: LiveSessions;
    catalog: Catalog;
    clock: Clock;
    log: Logger;
    languageOf(guildId: string): Promise<Language>;
    ready: Promise<void>;
    clientDir?: string;
  },
): Promise<ActivityServer | undefined> {
  if (config.activityPort === undefined || config.clientSecret === undefined) return undefined;
  const { client } = o;
  return startActivityServer({
    port: config.activityPort,
    discord: activityDiscord({
      apiUrl: config.apiUrl,
      clientId: config.clientId,
      clientSecret: config.clientSecret,
      botToken: config.token,
    }),
    sessions: o.sessions,
    catalog: o.catalog,
    clock: o.clock,
    log: o.log,
    clientDir: o.clientDir ?? ACTIVITY_CLIENT_DIR,
    clientId: config.clientId,
    ready: o.ready,
    languageOf: async (guildId) => (guildId ? o.languageOf(guildId).catch(() => 'en' as const) : 'en'),
    async permissionsOf(guildId, channelId, userId) {
      const guild = client.guilds.cache.get(guildId);
      const channel = guild?.channels.cache.get(channelId);
      if (!guild || !channel) return null;
      const member = await guild.members.fetch(userId).catch(() => null);
      return member ? channel.permissionsFor(member) : null;
    },
  });
}
