import { z } from 'zod';

const snowflake = z
  .string({ error: 'is required: the application id from the Discord developer portal' })
  .regex(/^\d{17,20}$/, 'must be a Discord id (17–20 digits)');

const schema = z.object({
  DISCORD_TOKEN: z.string({ error: 'is required: the bot token from the Discord developer portal' }).min(1),
  DISCORD_CLIENT_ID: snowflake,
  DISCORD_GUILD_ID: snowflake.optional(),
  DISCORD_API_URL: z.url().default('https://discord.com/api'),
  YIN_STORE_URL: z.string().optional(),
  YIN_SPEED: z.coerce.number().positive().max(3600).default(1),
  YIN_DATA_DIR: z.string().default('data'),
  YIN_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // How long a REST call may take before discord.js gives up (its default is 15 s).
  YIN_REST_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(15_000),
  // Session posts a second, below Discord's 50/s global limit: discord.js counts interaction
  // answers against the same 50 (Discord doesn't), so they and other calls need some room.
  // A shard process's default share is 45 ÷ SHARD_COUNT, the token's budget split evenly.
  YIN_POST_RATE: z.coerce.number().positive().max(50).optional(),
  // When set, the bot logs process stats (heap, RSS, event-loop delay, CPU) this often.
  YIN_STATS_MS: z.coerce.number().int().min(100).optional(),
  YIN_HTTP_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  // The class view (a Discord Activity): its own public listener, off unless set.
  YIN_ACTIVITY_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  // The OAuth2 client secret: the class view swaps sign-in codes with it. Never logged.
  DISCORD_CLIENT_SECRET: z.string().min(1).optional(),
  YIN_SHARDS: z
    .union([z.literal('auto'), z.coerce.number().int().min(1).max(1000)], {
      error: 'must be "auto" or a number of shards (1 or more)',
    })
    .optional(),
  // Several machines: the whole bot's shard count, and this machine's shards of it ("0-7", "0,3", "5").
  YIN_SHARD_COUNT: z.coerce.number().int().min(1).max(10_000).optional(),
  YIN_SHARD_IDS: z
    .string()
    .regex(/^\s*\d+(\s*-\s*\d+)?(\s*,\s*\d+(\s*-\s*\d+)?)*\s*$/, 'must be a range (0-7), a list (0,3) or one id (5)')
    .optional(),
  // How long a machine's shard lease lives unrenewed: a dead machine's shards are free after it.
  YIN_SHARD_LEASE_MS: z.coerce.number().int().min(1000).max(600_000).default(30_000),
  // Set by discord.js's ShardingManager in the processes it spawns (never by people).
  SHARDING_MANAGER: z.string().optional(),
  SHARDS: z.string().regex(/^\d+$/).optional(),
  SHARD_COUNT: z.coerce.number().int().min(1).optional(),
});

/** Every environment variable yin reads, as the schema names them (docs/operating.md lists each). */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(schema.shape);

/**
 * Requests yin paces in any second for the whole bot token (its window: src/sessions/send-window.ts):
 * Discord's 50, less 3 for the requests it doesn't pace.
 */
const POST_RATE = 47;

export interface Config {
  readonly token: string;
  readonly clientId: string;
  readonly guildId: string | undefined;
  readonly apiUrl: string;
  readonly storeUrl: string | undefined;
  readonly speed: number;
  readonly dataDir: string;
  readonly logLevel: string;
  readonly restTimeoutMs: number;
  readonly postRate: number;
  readonly statsMs: number | undefined;
  /** YIN_HTTP_PORT: /healthz and /metrics; undefined = no HTTP server. 0 = any free port. */
  readonly httpPort: number | undefined;
  /** YIN_ACTIVITY_PORT: the class view's listener (page, token exchange, live channel); undefined = off. */
  readonly activityPort: number | undefined;
  /** DISCORD_CLIENT_SECRET: set whenever `activityPort` is. A secret: never logged. */
  readonly clientSecret: string | undefined;
  /** YIN_SHARDS: run a ShardingManager with this many shard processes; undefined = one process. */
  readonly shards: 'auto' | number | undefined;
  /** True in a process the ShardingManager spawned: it runs one shard of the bot. */
  readonly shardChild: boolean;
  /** In a shard process: its shard id (for logs). */
  readonly shardId: number | undefined;
  /**
   * YIN_SHARD_COUNT and YIN_SHARD_IDS: this machine runs these shards (one process each) of
   * `count`; other machines run the rest against the same Redis. Undefined: one machine.
   */
  readonly shardRange: { count: number; ids: readonly number[] } | undefined;
  /** YIN_SHARD_LEASE_MS: a shard lease's time to live. */
  readonly shardLeaseMs: number;
  /** Session posts a second for the whole token, shared through Redis by every shard process. */
  readonly tokenPostRate: number;
}

/** "0-7", "0,3", "5" → sorted distinct ids; each below `count`. */
export function parseShardIds(text: string, count: number): number[] {
  const ids = new Set<number>();
  for (const part of text.split(',')) {
    const [a, b] = part.split('-').map((x) => Number(x.trim()));
    if (a === undefined || Number.isNaN(a)) continue;
    const to = b ?? a;
    if (to < a) throw new ConfigError(`yin: configuration problem: YIN_SHARD_IDS "${part.trim()}" runs backwards`);
    for (let i = a; i <= to; i++) ids.add(i);
  }
  const out = [...ids].sort((x, y) => x - y);
  const over = out.filter((i) => i >= count);
  if (over.length)
    throw new ConfigError(
      `yin: configuration problem: YIN_SHARD_IDS names shard ${over.join(', ')}, but YIN_SHARD_COUNT=${count} has shards 0–${count - 1}`,
    );
  return out;
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
  if (e.YIN_SHARD_IDS !== undefined && e.YIN_SHARD_COUNT === undefined)
    throw new ConfigError(
      'yin: configuration problem: YIN_SHARD_IDS needs YIN_SHARD_COUNT (the whole bot’s shard count)',
    );
  if (e.YIN_SHARD_COUNT !== undefined && e.YIN_SHARDS !== undefined)
    throw new ConfigError(
      `yin: configuration problem: YIN_SHARDS=${e.YIN_SHARDS} and a shard range (YIN_SHARD_COUNT) can't be used together: with several machines each one names its shards, and "auto" can't be split between them`,
    );
  const shardRange =
    e.YIN_SHARD_COUNT !== undefined && e.SHARDING_MANAGER !== 'true'
      ? {
          count: e.YIN_SHARD_COUNT,
          ids: parseShardIds(e.YIN_SHARD_IDS ?? `0-${e.YIN_SHARD_COUNT - 1}`, e.YIN_SHARD_COUNT),
        }
      : undefined;
  // Shard processes share one store; SQLite is a file on one machine with one writer in mind.
  if (
    (e.YIN_SHARDS !== undefined || e.YIN_SHARD_COUNT !== undefined) &&
    !/^rediss?:\/\//i.test(e.YIN_STORE_URL ?? '')
  ) {
    throw new ConfigError(
      'yin: configuration problem: YIN_SHARDS needs YIN_STORE_URL=redis://host:port (shard processes share their state through Redis; SQLite is for one process)',
    );
  }
  if (e.YIN_ACTIVITY_PORT !== undefined && e.DISCORD_CLIENT_SECRET === undefined)
    throw new ConfigError(
      'yin: configuration problem: YIN_ACTIVITY_PORT needs DISCORD_CLIENT_SECRET (the OAuth2 client secret from the developer portal: the class view signs members in with it)',
    );
  if (e.YIN_ACTIVITY_PORT !== undefined && e.YIN_SHARD_COUNT !== undefined)
    throw new ConfigError(
      'yin: configuration problem: the class view (YIN_ACTIVITY_PORT) serves one machine (one process, or YIN_SHARDS): unset YIN_ACTIVITY_PORT or YIN_SHARD_COUNT',
    );
  return Object.freeze({
    token: e.DISCORD_TOKEN,
    clientId: e.DISCORD_CLIENT_ID,
    guildId: e.DISCORD_GUILD_ID,
    apiUrl: e.DISCORD_API_URL.replace(/\/+$/, ''),
    storeUrl: e.YIN_STORE_URL,
    speed: e.YIN_SPEED,
    dataDir: e.YIN_DATA_DIR,
    logLevel: e.YIN_LOG_LEVEL,
    restTimeoutMs: e.YIN_REST_TIMEOUT_MS,
    postRate: e.YIN_POST_RATE ?? (e.SHARDING_MANAGER === 'true' ? POST_RATE / (e.SHARD_COUNT ?? 1) : POST_RATE),
    statsMs: e.YIN_STATS_MS,
    httpPort: e.YIN_HTTP_PORT,
    activityPort: e.YIN_ACTIVITY_PORT,
    clientSecret: e.DISCORD_CLIENT_SECRET,
    shards: e.YIN_SHARDS,
    shardChild: e.SHARDING_MANAGER === 'true',
    shardId: e.SHARDING_MANAGER === 'true' && e.SHARDS !== undefined ? Number(e.SHARDS) : undefined,
    shardRange,
    shardLeaseMs: e.YIN_SHARD_LEASE_MS,
    tokenPostRate: POST_RATE,
  });
}
