// The container's HEALTHCHECK: exits 0 when this bot's /healthz says 200, 1 otherwise.
// Reads the port through loadConfig, like the bot, so both agree on YIN_HTTP_PORT.
import { existsSync } from 'node:fs';
import { loadConfig } from '../config.ts';

if (existsSync('.env')) process.loadEnvFile('.env');

try {
  const { httpPort } = loadConfig();
  if (httpPort === undefined || httpPort === 0) {
    console.error('healthcheck: YIN_HTTP_PORT is not set, so there is no /healthz to ask');
    process.exit(1);
  }
  const res = await fetch(`http://127.0.0.1:${httpPort}/healthz`, { signal: AbortSignal.timeout(4000) });
  console.log(`healthcheck: ${res.status} ${(await res.text()).trim()}`);
  process.exit(res.status === 200 ? 0 : 1);
} catch (err) {
  console.error(`healthcheck: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
