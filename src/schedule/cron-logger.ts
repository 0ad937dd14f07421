import type { Logger as CronLogger } from 'node-cron';
import type { Logger } from '../log.ts';

/** node-cron logs to the console by default; route it into our JSON log instead. */
export function cronLogger(log: Logger): CronLogger {
  return {
    info: (m) => log.info({ component: 'node-cron' }, m),
    warn: (m) => log.warn({ component: 'node-cron' }, m),
    error: (m, err) => log.error({ component: 'node-cron', err: err ?? m }, typeof m === 'string' ? m : m.message),
    debug: (m, err) => log.debug({ component: 'node-cron', err }, typeof m === 'string' ? m : m.message),
  };
}
