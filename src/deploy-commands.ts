import { existsSync } from 'node:fs';
import { REST, Routes } from 'discord.js';
import { commandsToDeploy } from '../commands/definitions/index.ts';
import { ConfigError, loadConfig } from './config.ts';
import { inviteUrl } from './discord/invite.ts';

// Registration is a separate step (a bulk PUT), never done at start-up.
if (existsSync('.env')) process.loadEnvFile('.env');

try {
  const config = loadConfig();
  const rest = new REST({ api: config.apiUrl }).setToken(config.token);
  const route = config.guildId
    ? Routes.applicationGuildCommands(config.clientId, config.guildId)
    : Routes.applicationCommands(config.clientId);
  const body = commandsToDeploy({ guild: !!config.guildId, classView: config.activityPort !== undefined });
  const result = (await rest.put(route, { body })) as unknown[];
  console.log(
    `Registered ${result.length} command(s) ${config.guildId ? `in guild ${config.guildId}` : 'globally (may take up to an hour to appear)'}.`,
  );
  console.log(`Invite yin with: ${inviteUrl(config.clientId)}`);
} catch (err) {
  console.error(
    err instanceof ConfigError
      ? err.message
      : `yin: could not register commands: ${err instanceof Error ? err.message : String(err)}`,
  );
  process.exit(1);
}
