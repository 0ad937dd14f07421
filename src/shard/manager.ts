import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { hostname } from 'node:os';
import { fileURLToPath } from 'node:url';
import { ShardLeases } from './lease.ts';
import { redisClient } from '../store/redis-client.ts';
import { REST, Routes, ShardingManager, type Shard } from 'discord.js';
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import { startOpsServer, type OpsServer } from '../ops/http.ts';
import { createManagerOps } from './manager-ops.ts';
import { listenForClassView } from '../activity/start.ts';
import { managerViews } from '../activity/shard-views.ts';
import { createPictures } from '../pictures/index.ts';
import { systemClock } from '../domain/clock.ts';

export interface RunningManager {
  manager: ShardingManager;
  /** The health/metrics port, when YIN_HTTP_PORT is set. */
  port: number | undefined;
  /** SIGTERM to every shard (each saves and stops), then the HTTP server. */
  stop(): Promise<void>;
}

// A crash loop must not hammer Discord's identify limit; a shard that ran a while restarts fast.
const RESPAWN_MS = [1_000, 5_000, 15_000, 30_000, 60_000];
const STABLE_MS = 60_000;
const STOP_GRACE_MS = 10_000;
/** Discord's identify window: shards in one concurrency bucket identify ≥ 5 s apart. */
const IDENTIFY_SPACING_MS = 5_500;

/** What Discord recommends (/gateway/bot), asked at config.apiUrl so a proxy or the stand-in answers. */
export async function gatewayInfo(config: Config): Promise<{ shards: number; maxConcurrency: number }> {
  const rest = new REST({ api: config.apiUrl }).setToken(config.token);
  const g = (await rest.get(Routes.gatewayBot())) as {
    shards: number;
    session_start_limit?: { max_concurrency?: number };
  };
  return { shards: Math.max(1, g.shards), maxConcurrency: Math.max(1, g.session_start_limit?.max_concurrency ?? 1) };
}

/**
 * YIN_SHARDS: discord.js's ShardingManager forks one process per shard running src/main.ts
 * (which sees SHARDING_MANAGER and runs the bot for its shard). Children are forked with this
 * process's own Node (process.execPath: Node 24 under `npm start`).
 */
export async function startShardingManager(
  config: Config,
  log: Logger,
  entry = fileURLToPath(new URL('../main.ts', import.meta.url)),
): Promise<RunningManager> {
  const gateway = await gatewayInfo(config);
  const range = config.shardRange;
  const total = range ? range.count : config.shards === 'auto' ? gateway.shards : (config.shards ?? 1);
  const manager = new ShardingManager(entry, {
    token: config.token,
    totalShards: total,
    // A shard range (several machines): only this machine's shards, each once its lease is held.
    ...(range ? { shardList: [...range.ids] } : {}),
    mode: 'process',
    // Respawning is ours (below): discord.js would restart a crashing shard in a tight loop.
    respawn: false,
    execArgv: process.execArgv,
  });
  const ops = createManagerOps(manager, () => total);
  let stopping = false;
  manager.on('shardCreate', (shard) => superviseShard(shard, log, ops.restarts, () => stopping));

  // The class view: one public port for every shard, each asked for its own sessions.
  const classView =
    config.activityPort !== undefined
      ? await listenForClassView(config, {
          views: managerViews(manager, () => total, log, createPictures()),
          clock: systemClock,
          log,
        })
      : undefined;
  let server: OpsServer | undefined;
  if (config.httpPort !== undefined) {
    server = await startOpsServer(config.httpPort, ops);
    log.info({ event: 'ops.listening', port: server.port }, `health and metrics for all shards on :${server.port}`);
  }
  log.info(
    { event: 'shard.manager_start', shards: total, recommended: gateway.shards },
    `starting ${total} shard process(es)`,
  );
  // No wait for each shard's READY (timeout -1): a slow shard must not fail the others' start-up.
  const delay = total <= gateway.maxConcurrency ? 0 : IDENTIFY_SPACING_MS;
  const leases = range ? await shardLeases(config, log) : undefined;
  if (range && leases) void spawnLeased(manager, range.ids, leases.leases, delay, () => stopping, log);
  else await manager.spawn({ amount: total, delay, timeout: -1 });

  return {
    manager,
    port: server?.port,
    async stop() {
      stopping = true;
      await Promise.all([...manager.shards.values()].map((s) => stopShard(s)));
      await leases?.leases.release();
      await leases?.close();
      await server?.close();
      await classView?.close();
    },
  };
}

/** The leases of this machine's shards, over their own Redis connection. */
async function shardLeases(config: Config, log: Logger): Promise<{ leases: ShardLeases; close(): Promise<void> }> {
  // Lease commands wait for Redis to come back (the lease's own timing decides when to give up).
  const redis = redisClient(config.storeUrl ?? '', { offlineQueue: true });
  await redis.connect();
  const leases = new ShardLeases({
    redis,
    holder: `${hostname()}:${process.pid}`,
    ttlMs: config.shardLeaseMs,
    retryMs: Math.min(5_000, config.shardLeaseMs / 3),
    onWaiting: (shard, holder) =>
      log.warn(
        { event: 'shard.lease_waiting', shard, holder },
        `shard ${shard} is running on ${holder}; waiting for it to stop or its lease to run out`,
      ),
    onLost: (shard, err) =>
      log.error({ event: 'shard.lease_lost', shard, err: err?.message }, `could not renew the lease of shard ${shard}`),
  });
  return { leases, close: () => redis.close().catch(() => undefined) };
}

/** Each shard of the range as soon as its lease is held; a shard held elsewhere waits alone. */
async function spawnLeased(
  manager: ShardingManager,
  ids: readonly number[],
  leases: ShardLeases,
  delay: number,
  stopping: () => boolean,
  log: Logger,
): Promise<void> {
  await Promise.all(
    ids.map(async (id, i) => {
      await leases.acquire(id);
      if (stopping()) return;
      // Identify spacing: shards that got their leases together still start apart.
      if (delay) await new Promise((r) => setTimeout(r, delay * i));
      await manager
        .createShard(id)
        .spawn(-1)
        .catch((err: unknown) =>
          log.error({ event: 'shard.spawn_failed', shard: id, err: String(err) }, 'could not start shard'),
        );
    }),
  );
}

function superviseShard(
  shard: Shard,
  log: Logger,
  restarts: { inc(l: { shard: string }): void },
  stopping: () => boolean,
): void {
  let failures = 0;
  let readyAt = 0;
  // Process mode: the child is always a ChildProcess.
  shard.on('spawn', (child) =>
    log.info({ event: 'shard.spawn', shard: shard.id, pid: (child as ChildProcess).pid }, `shard ${shard.id} started`),
  );
  shard.on('ready', () => {
    readyAt = Date.now();
    log.info({ event: 'shard.ready', shard: shard.id }, `shard ${shard.id} connected`);
  });
  shard.on('death', (dead) => {
    const child = dead as ChildProcess;
    if (stopping()) return;
    if (readyAt && Date.now() - readyAt > STABLE_MS) failures = 0;
    readyAt = 0;
    const delay = RESPAWN_MS[Math.min(failures++, RESPAWN_MS.length - 1)] ?? 60_000;
    restarts.inc({ shard: String(shard.id) });
    log.error(
      {
        event: 'shard.death',
        shard: shard.id,
        pid: child.pid,
        exitCode: child.exitCode,
        signal: child.signalCode,
        respawnInMs: delay,
      },
      `shard ${shard.id} died; respawning`,
    );
    setTimeout(() => {
      if (!stopping())
        shard
          .spawn(-1)
          .catch((err: unknown) =>
            log.error({ event: 'shard.spawn_failed', shard: shard.id, err: String(err) }, 'could not respawn shard'),
          );
    }, delay).unref();
  });
}

async function stopShard(shard: Shard): Promise<void> {
  const child = shard.process;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
  await exited;
  clearTimeout(timer);
}
