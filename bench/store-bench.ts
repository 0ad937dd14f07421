import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { join } from 'node:path';
import { systemClock } from '../src/domain/clock.ts';
import { NotesRepo } from '../src/members/notes-repo.ts';
import { openStore } from '../src/store/open-store.ts';
import { startRedis } from '../test/helpers/redis.ts';
import { percentile } from './stats.ts';

export interface StoreResult {
  kind: string;
  goal: number;
  writes: number;
  perSecond: number;
  /** Latency with writes arriving at the goal rate (open loop), not at saturation. */
  atGoal: {
    perSecond: number;
    p50Ms: number;
    p99Ms: number /** The bench's own event-loop stalls meanwhile (GC): latency the client, not the store, added. */;
    eldMaxMs: number;
  };
}

const NOTE = { text: 'Dragonfly felt easier today.', poseId: 'dragonfly-forward-fold', sequenceId: 'back' };

/**
 * Note writes through the real path (openStore + NotesRepo.add): first as many as `concurrency`
 * members can push (throughput), then at the goal rate, timing each write (latency).
 */
async function run(
  url: string,
  kind: string,
  seconds: number,
  concurrency: number,
  goal: number,
): Promise<StoreResult> {
  const store = openStore(url);
  const repo = new NotesRepo(store, systemClock);
  await store.ping();
  let writes = 0;
  const until = performance.now() + seconds * 1000;
  const writer = async (w: number) => {
    while (performance.now() < until) {
      await repo.add(`member${w}`, NOTE);
      writes += 1;
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, (_, w) => writer(w)));
  const perSecond = writes / ((performance.now() - t0) / 1000);

  // The saturated run's garbage is not the goal rate's: collect it first (npm run bench passes
  // --expose-gc), so a major GC it owes doesn't land in the latency figures below.
  (globalThis as { gc?: () => void }).gc?.();
  // Open loop: every millisecond, start the writes the goal rate owes by now. The first second
  // warms up (JIT, the pause right after that GC) and is not measured.
  const WARM_MS = 1000;
  const times: number[] = [];
  let inFlight = 0;
  let drained = () => {};
  const eld = monitorEventLoopDelay({ resolution: 1 });
  const t1 = performance.now();
  let started = 0;
  let measured = 0;
  while (performance.now() - t1 < WARM_MS + seconds * 1000) {
    const owed = Math.floor(((performance.now() - t1) / 1000) * goal) - started;
    const warm = performance.now() - t1 >= WARM_MS;
    if (warm) eld.enable();
    for (let i = 0; i < owed; i++, started++) {
      const w0 = performance.now();
      inFlight += 1;
      if (warm) measured += 1;
      void repo.add(`member${started % 500}`, NOTE).then(() => {
        if (warm) times.push(performance.now() - w0);
        if (--inFlight === 0) drained();
      });
    }
    await new Promise((r) => setTimeout(r, 1));
  }
  const elapsed = performance.now() - t1 - WARM_MS;
  if (inFlight) await new Promise<void>((r) => (drained = r));
  eld.disable();
  const atGoal = {
    perSecond: measured / (elapsed / 1000),
    p50Ms: percentile(times, 50),
    p99Ms: percentile(times, 99),
    eldMaxMs: eld.max / 1e6,
  };
  await store.close();
  return { kind, goal, writes, perSecond, atGoal };
}

export async function benchStores(seconds: number): Promise<StoreResult[]> {
  const out: StoreResult[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'yin-bench-store-'));
  out.push(await run(`sqlite://${join(dir, 'notes.sqlite')}`, 'SQLite file (WAL)', seconds, 16, 2_000));
  const redis = await startRedis();
  if (redis) {
    try {
      out.push(await run(redis.url, 'Redis 127.0.0.1', seconds, 64, 10_000));
    } finally {
      await redis.stop();
    }
  }
  return out;
}
