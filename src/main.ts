import { existsSync } from 'node:fs';
import { ConfigError, loadConfig } from './config.ts';
import { CatalogError } from './domain/load-catalog.ts';
import { systemClock } from './domain/clock.ts';
import { createLogger } from './log.ts';
import { startBot } from './bot.ts';

// `.env` is optional: variables already in the environment win over it.
if (existsSync('.env')) process.loadEnvFile('.env');

try {
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  const bot = await startBot(config, log, systemClock);
  const shutdown = (signal: string) => {
    log.info({ event: 'shutdown', signal }, 'shutting down; sessions are saved and resume on the next start');
    // Orchestrators kill after a grace period (often 10 s): finish well inside it, or say why not.
    setTimeout(() => {
      log.error({ event: 'shutdown.timeout' }, 'shutdown took longer than 4.5 s; exiting anyway');
      process.exit(1);
    }, 4500).unref();
    bot.stop().then(() => process.exit(0), (err: Error) => {
      log.error({ event: 'shutdown.failed', err: err.message }, 'shutdown failed');
      process.exit(1);
    });
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
} catch (err) {
  // Config and data problems are the user's to fix: one clear message, no stack trace.
  if (err instanceof ConfigError || err instanceof CatalogError) console.error(err.message);
  else console.error('yin: could not start:', err instanceof Error ? err.message : err);
  process.exit(1);
}
