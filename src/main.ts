import { existsSync } from 'node:fs';
import { ConfigError, loadConfig } from './config.ts';
import { CatalogError } from './domain/load-catalog.ts';
import { systemClock } from './domain/clock.ts';
import { createLogger } from './log.ts';
import { startBot } from './bot.ts';
import { startShardingManager } from './shard/manager.ts';

// `.env` is optional: variables already in the environment win over it.
if (existsSync('.env')) process.loadEnvFile('.env');

try {
  const config = loadConfig();
  const root = createLogger(config.logLevel);
  if ((config.shards !== undefined || config.shardRange !== undefined) && !config.shardChild) {
    // YIN_SHARDS: this process only supervises; every shard is a child process running this file.
    const log = root.child({ role: 'manager' });
    const running = await startShardingManager(config, log);
    let stopping = false;
    const shutdown = (signal: string) => {
      if (stopping) return;
      stopping = true;
      log.info({ event: 'shutdown', signal }, 'stopping every shard; sessions are saved and resume on the next start');
      running.stop().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    };
    process.once('SIGTERM', () => shutdown('SIGTERM'));
    process.once('SIGINT', () => shutdown('SIGINT'));
  } else {
    const log = config.shardId !== undefined ? root.child({ shard: config.shardId }) : root;
    const bot = await startBot(config, log, systemClock);
    let stopping = false;
    const shutdown = (signal: string) => {
      // Ctrl-C reaches a shard both directly and through its manager: stop once.
      if (stopping) return;
      stopping = true;
      log.info({ event: 'shutdown', signal }, 'shutting down; sessions are saved and resume on the next start');
      // Orchestrators kill after a grace period (often 10 s): finish well inside it, or say why not.
      setTimeout(() => {
        log.error({ event: 'shutdown.timeout' }, 'shutdown took longer than 4.5 s; exiting anyway');
        process.exit(1);
      }, 4500).unref();
      bot.stop().then(
        () => process.exit(0),
        (err: Error) => {
          log.error({ event: 'shutdown.failed', err: err.message }, 'shutdown failed');
          process.exit(1);
        },
      );
    };
    process.once('SIGTERM', () => shutdown('SIGTERM'));
    process.once('SIGINT', () => shutdown('SIGINT'));
    // A shard whose manager died (kill -9) has no one to report to: stop, don't linger.
    if (config.shardChild) process.once('disconnect', () => shutdown('disconnect'));
  }
} catch (err) {
  // Config and data problems are the user's to fix: one clear message, no stack trace.
  if (err instanceof ConfigError || err instanceof CatalogError) console.error(err.message);
  else console.error('yin: could not start:', err instanceof Error ? err.message : err);
  process.exit(1);
}
