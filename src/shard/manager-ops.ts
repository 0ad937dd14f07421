import type { ShardingManager } from 'discord.js';
import {
  AggregatorRegistry,
  Counter,
  Gauge,
  Registry,
  type MetricObjectWithValues,
  type MetricValue,
} from 'prom-client';
import { askShard } from './ipc.ts';

type MetricsJson = MetricObjectWithValues<MetricValue<string>>[];

/** The manager's own metrics, plus /healthz and /metrics answered for all its shards. */
export interface ManagerOps {
  readonly restarts: Counter<'shard'>;
  health(): Promise<{ ok: boolean; shards: unknown[] }>;
  metrics(): Promise<{ contentType: string; body: string }>;
}

export function createManagerOps(manager: ShardingManager, expectedShards: () => number): ManagerOps {
  const registry = new Registry();
  const restarts = new Counter({
    name: 'yin_shard_restarts_total',
    help: 'Shard processes respawned after dying.',
    labelNames: ['shard'],
    registers: [registry],
  });
  new Gauge({
    name: 'yin_shards_ready',
    help: 'Shard processes whose gateway session is ready.',
    registers: [registry],
    collect() {
      this.set([...manager.shards.values()].filter((s) => s.ready).length);
    },
  });
  const shards = () => [...manager.shards.values()];
  return {
    restarts,
    async health() {
      const reports = await Promise.all(
        shards().map(async (s) => {
          try {
            return { shard: s.id, ...((await askShard(s, 'health')) as { ok: boolean }) };
          } catch (err) {
            return { shard: s.id, ok: false, error: (err as Error).message };
          }
        }),
      );
      // A shard not spawned yet, or dead and waiting to respawn, makes the whole bot unhealthy.
      return { ok: reports.length === expectedShards() && reports.every((r) => r.ok), shards: reports };
    },
    async metrics() {
      // Each shard's series carry its `shard` label, so summing leaves them side by side.
      const answers = await Promise.allSettled(shards().map((s) => askShard(s, 'metrics')));
      const arrays = [(await registry.getMetricsAsJSON()) as MetricsJson];
      for (const a of answers) if (a.status === 'fulfilled') arrays.push(a.value as MetricsJson);
      const merged = AggregatorRegistry.aggregate(arrays);
      return { contentType: merged.contentType, body: await merged.metrics() };
    },
  };
}
