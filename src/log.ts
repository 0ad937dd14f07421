import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * One JSON line per event. The token can only reach a log through an object we log, so the
 * usual places it could hide are redacted as a second line of defence.
 */
export function createLogger(level = 'info'): Logger {
  return pino({
    level,
    base: { app: 'yin' },
    redact: {
      paths: [
        'token',
        '*.token',
        '*.reply.token',
        '*.*.reply.token',
        'config.token',
        'headers.authorization',
        '*.headers.authorization',
      ],
      censor: '[redacted]',
    },
  });
}

/** A logger that drops everything, for unit tests. */
export const silentLogger: Logger = pino({ level: 'silent' });
