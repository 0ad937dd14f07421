import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '../src/domain/clock.ts';
import { NotesRepo } from '../src/notes/notes-repo.ts';
import { openStore } from '../src/store/open-store.ts';
import { startRedis } from '../test/helpers/redis.ts';
import { percentile } from './stats.ts';

export interface StoreResult {
  kind: string;
  goal: number;
  writes: number;
  perSecond: number;
  /** Latency with writes arriving at the goal rate (open loop), not at saturation. */
  atGoal: { perSecond: number; p50Ms: number; p99Ms: number };
}

const NOTE = { text: 'Dragonfly felt easier today.', poseId: 'dragonfly-forward-fold', sequenceId: 'back' };

/**
 * Note writes through the real path (openStore + NotesRepo.add): first as many as `concurrency`
 * members can push (throughput), then at the goal rate, timing each write (latency).
 */
async function run(url: string, kind: string, seconds: number, concurrency: number, goal: number): Promise<StoreResult> {
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

  // Open loop: every millisecond, start the writes the goal rate owes by now.
  const times: number[] = [];
  const pending: Promise<void>[] = [];
  const t1 = performance.now();
  let started = 0;
  while (performance.now() - t1 < seconds * 1000) {
    const owed = Math.floor(((performance.now() - t1) / 1000) * goal) - started;
    for (let i = 0; i < owed; i++, started++) {
      const w0 = performance.now();
      pending.push(repo.add(`member${started % 500}`, NOTE).then(() => void times.push(performance.now() - w0)));
    }
    await new Promise((r) => setTimeout(r, 1));
  }
  await Promise.all(pending);
  const atGoal = { perSecond: started / ((performance.now() - t1) / 1000), p50Ms: percentile(times, 50), p99Ms: percentile(times, 99) };
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
