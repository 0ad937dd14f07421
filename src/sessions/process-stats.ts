import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Logger } from '../log.ts';

export interface StatsSource {
  /** Sessions running now. */
  sessions(): number;
  /** Posts waiting for the pacer now. */
  waiting(): number;
}

/**
 * Logs one `process.stats` line every `everyMs` (YIN_STATS_MS): heap, RSS, event-loop delay p99
 * over the interval and CPU % — what the benchmark reads, and what an operator would graph.
 * A parent process that talks IPC can ask for a line after a full GC (`{ stats: 'gc' }`), for a
 * heap figure without garbage in it; that needs node --expose-gc.
 */
export function reportProcessStats(log: Logger, source: StatsSource, everyMs: number): () => void {
  const eld = monitorEventLoopDelay({ resolution: 10 });
  eld.enable();
  let cpu = process.cpuUsage();
  let at = performance.now();
  const line = (gc: boolean) => {
    const now = performance.now();
    const used = process.cpuUsage(cpu);
    const mem = process.memoryUsage();
    log.info({
      event: 'process.stats',
      gc,
      sessions: source.sessions(),
      waiting: source.waiting(),
      heapUsed: mem.heapUsed,
      rss: mem.rss,
      eldP99Ms: eld.percentile(99) / 1e6,
      eldMaxMs: eld.max / 1e6,
      cpuPct: ((used.user + used.system) / 1000 / (now - at)) * 100,
    }, 'process stats');
    eld.reset();
    cpu = process.cpuUsage();
    at = now;
  };
  const timer = setInterval(() => line(false), everyMs);
  timer.unref();
  const onMessage = (m: unknown) => {
    if ((m as { stats?: string } | null)?.stats !== 'gc') return;
    (globalThis as { gc?: () => void }).gc?.();
    line(true);
  };
  process.on('message', onMessage);
  return () => {
    clearInterval(timer);
    eld.disable();
    process.off('message', onMessage);
  };
}
