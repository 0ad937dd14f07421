import { createHistogram } from 'node:perf_hooks';
import { writeHeapSnapshot } from 'node:v8';
import type { Logger } from '../log.ts';

const SAMPLE_MS = 10;

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
 * heap figure without garbage in it (needs node --expose-gc); that line also carries the
 * event-loop delay p99 since `{ stats: 'reset' }`. `{ stats: 'snapshot', path }` writes a heap
 * snapshot there (`npm run bench -- --heap`) and logs `process.snapshot` when it is written.
 */
export function reportProcessStats(log: Logger, source: StatsSource, everyMs: number): () => void {
  // Event-loop delay: how late a 10 ms timer fires (perf_hooks' monitor counts the 10 ms in).
  const eld = createHistogram();
  const eldSince = createHistogram();
  let last = performance.now();
  const sampler = setInterval(() => {
    const now = performance.now();
    const lateUs = Math.max(1, Math.round((now - last - SAMPLE_MS) * 1000));
    eld.record(lateUs);
    eldSince.record(lateUs);
    last = now;
  }, SAMPLE_MS);
  sampler.unref();
  let cpu = process.cpuUsage();
  let at = performance.now();
  const line = (gc: boolean) => {
    const now = performance.now();
    const used = process.cpuUsage(cpu);
    const mem = process.memoryUsage();
    log.info(
      {
        event: 'process.stats',
        gc,
        sessions: source.sessions(),
        waiting: source.waiting(),
        heapUsed: mem.heapUsed,
        rss: mem.rss,
        eldP99Ms: eld.percentile(99) / 1000,
        eldMaxMs: eld.max / 1000,
        eldSinceP99Ms: gc ? eldSince.percentile(99) / 1000 : undefined,
        eldSinceMaxMs: gc ? eldSince.max / 1000 : undefined,
        cpuPct: ((used.user + used.system) / 1000 / (now - at)) * 100,
      },
      'process stats',
    );
    eld.reset();
    cpu = process.cpuUsage();
    at = now;
  };
  const timer = setInterval(() => line(false), everyMs);
  timer.unref();
  const onMessage = (m: unknown) => {
    const ask = (m as { stats?: string } | null)?.stats;
    if (ask === 'reset') eldSince.reset();
    if (ask === 'snapshot') {
      const path = writeHeapSnapshot(String((m as { path?: string }).path));
      log.info({ event: 'process.snapshot', path }, 'heap snapshot written');
      return;
    }
    if (ask !== 'gc') return;
    (globalThis as { gc?: () => void }).gc?.();
    line(true);
  };
  process.on('message', onMessage);
  return () => {
    clearInterval(timer);
    clearInterval(sampler);
    process.off('message', onMessage);
  };
}
