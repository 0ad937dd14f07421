import { z } from 'zod';

const snowflake = z.string({ error: 'is required: the application id from the Discord developer portal' }).regex(/^\d{17,20}$/, 'must be a Discord id (17–20 digits)');

const schema = z.object({
  DISCORD_TOKEN: z.string({ error: 'is required: the bot token from the Discord developer portal' }).min(1),
  DISCORD_CLIENT_ID: snowflake,
  DISCORD_GUILD_ID: snowflake.optional(),
  DISCORD_API_URL: z.url().default('https://discord.com/api'),
  YIN_STORE_URL: z.string().optional(),
  YIN_SPEED: z.coerce.number().positive().max(3600).default(1),
  YIN_DATA_DIR: z.string().default('data'),
  YIN_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface Config {
  readonly token: string;
  readonly clientId: string;
  readonly guildId: string | undefined;
  readonly apiUrl: string;
  readonly storeUrl: string | undefined;
  readonly speed: number;
  readonly dataDir: string;
  readonly logLevel: string;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * The one place that reads the environment. Empty strings count as unset, so a `.env` copied
 * from `.env.example` with blanks behaves like a missing variable.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.')} ${i.message}`);
    throw new ConfigError(`yin: configuration problem: ${problems.join('; ')}`);
  }
  const e = result.data;
  return Object.freeze({
    token: e.DISCORD_TOKEN,
    clientId: e.DISCORD_CLIENT_ID,
    guildId: e.DISCORD_GUILD_ID,
    apiUrl: e.DISCORD_API_URL.replace(/\/+$/, ''),
    storeUrl: e.YIN_STORE_URL,
    speed: e.YIN_SPEED,
    dataDir: e.YIN_DATA_DIR,
    logLevel: e.YIN_LOG_LEVEL,
  });
}
