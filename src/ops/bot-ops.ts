import type { Client } from 'discord.js';
import type { Config } from '../config.ts';
import type { Clock } from '../domain/clock.ts';
import type { Logger } from '../log.ts';
import type { SessionHooks } from '../sessions/runner.ts';
import { answerManager } from '../shard/ipc.ts';
import type { Store } from '../store/store.ts';
import { checkHealth } from './health.ts';
import { startOpsServer, type OpsServer } from './http.ts';
import { createMetrics, type Metrics } from './metrics.ts';
import { sessionMetrics, watchRest } from './observe.ts';

/** A bot's health and metrics: made first (the store's error callback counts into it), started once the client exists. */
export interface BotOps {
  readonly metrics: Metrics;
  /** For the runner's hooks array. */
  readonly hooks: SessionHooks;
  /** The HTTP port, once listening (undefined when YIN_HTTP_PORT is unset or in a shard process). */
  readonly port: number | undefined;
  storeError(): void;
  start(o: { client: Client; store: Store; sessions(): number; log: Logger }): Promise<void>;
  close(): Promise<void>;
}

export function createBotOps(config: Config, clock: Clock): BotOps {
  const metrics = createMetrics();
  let server: OpsServer | undefined;
  let stopAnswering: (() => void) | undefined;
  return {
    metrics,
    hooks: sessionMetrics(metrics, clock),
    get port() {
      return server?.port;
    },
    storeError: () => metrics.storeErrors.inc(),
    async start({ client, store, sessions, log }) {
      metrics.watch({ activeSessions: sessions, gatewayPingMs: () => client.ws.ping });
      watchRest(client.rest, metrics, clock);
      const health = () => checkHealth({ client, store, sessions, onStoreDown: () => metrics.storeErrors.inc() });
      if (config.shardChild) {
        // The manager serves HTTP for every shard and asks each process over IPC.
        const ids = client.options.shards;
        metrics.registry.setDefaultLabels({ shard: Array.isArray(ids) ? ids.join(',') : '0' });
        stopAnswering = answerManager({ health, metrics: () => metrics.registry.getMetricsAsJSON() });
        return;
      }
      if (config.httpPort === undefined) return;
      server = await startOpsServer(config.httpPort, {
        health,
        metrics: async () => ({ contentType: metrics.registry.contentType, body: await metrics.registry.metrics() }),
      });
      log.info(
        { event: 'ops.listening', port: server.port },
        `health and metrics on :${server.port}/healthz and /metrics`,
      );
    },
    async close() {
      stopAnswering?.();
      await server?.close();
    },
  };
}
