import type { StoreResult } from './store-bench.ts';
import { fmt, percentile } from './stats.ts';

export interface LoadResult {
  mode: string;
  sessionsStarted: number;
  sessionsActive: number;
  plannedRate: number;
  /** The most requests planned in any one second of the hold (the pacer spreads any over 45). */
  plannedPeakSecond: number;
  postsAccepted: number;
  postsInHold: number;
  lateAll: number[];
  lateHold: number[];
  rateLimited: number;
  globalRateLimited: number;
  invalidRequests: number;
  restRateLimited: number;
  postFailures: number;
  duplicates: number;
  catchUps: number;
  lost: number;
  pending: number;
  ackP50: number;
  ackP99: number;
  acks: number;
  heapPerSessionKb: number;
  heapMb: number;
  rssMb: number;
  eldP99: number;
  eldMax: number;
  eldWorstWindowP99: number;
  heapBaselineMb: number;
  cpuPct: number;
  worstSessionLateMs: number[];
}

type Row = [string, string, string, boolean | undefined];

const mark = (ok: boolean | undefined) => (ok === undefined ? ' ' : ok ? '✓' : '✗');

function table(title: string, rows: Row[]): void {
  const w0 = Math.max(...rows.map((r) => r[0].length));
  const w1 = Math.max(...rows.map((r) => r[1].length));
  console.log(`\n${title}`);
  console.log(`| ${'measure'.padEnd(w0)} | ${'measured'.padEnd(w1)} | target | |`);
  console.log(`|${'-'.repeat(w0 + 2)}|${'-'.repeat(w1 + 2)}|--------|---|`);
  for (const [name, value, target, ok] of rows)
    console.log(`| ${name.padEnd(w0)} | ${value.padEnd(w1)} | ${target} | ${mark(ok)} |`);
}

export function printReport(r: LoadResult, stores: StoreResult[]): void {
  const overload = r.mode === 'overload';
  const p = (xs: number[], q: number) => percentile(xs, q);
  const maxOf = (xs: number[]) => xs.reduce((a, b) => Math.max(a, b), Number.NEGATIVE_INFINITY);
  const rows: Row[] = [
    ['sessions started / running at the end', `${r.sessionsStarted} / ${r.sessionsActive}`, '', undefined],
    [
      'planned request rate in the hold (busiest second)',
      `${fmt(r.plannedRate, 1)} /s (${r.plannedPeakSecond})`,
      overload ? '60 (120%)' : '45 (90%)',
      r.plannedRate >= (overload ? 59 : 44.5),
    ],
    ['posts accepted (in the hold)', `${r.postsAccepted} (${r.postsInHold})`, '', undefined],
    [
      '429s received (global)',
      `${r.rateLimited} (${r.globalRateLimited})`,
      '0',
      overload ? undefined : r.rateLimited === 0,
    ],
    ['invalid requests (401/403/429)', String(r.invalidRequests), '< 10,000/10 min', r.invalidRequests < 10_000],
    ['posts lost / doubled', `${r.lost} / ${r.duplicates}`, '0 / 0', r.lost === 0 && r.duplicates === 0],
    [
      'steps due > 5 s ago, still queued at the end',
      String(r.pending),
      overload ? '' : '0',
      overload ? undefined : r.pending === 0,
    ],
    ['catch-up posts', String(r.catchUps), overload ? '' : '0', overload ? undefined : r.catchUps === 0],
    ['lateness p50 (hold)', `${fmt(p(r.lateHold, 50))} ms`, '', undefined],
    [
      'lateness p99 (hold)',
      `${fmt(p(r.lateHold, 99))} ms`,
      '≤ 250 ms',
      overload ? undefined : p(r.lateHold, 99) <= 250,
    ],
    [
      'lateness max (hold)',
      `${fmt(maxOf(r.lateHold))} ms`,
      '≤ 1000 ms',
      overload ? undefined : maxOf(r.lateHold) <= 1000,
    ],
    ['lateness p99 / max (whole run)', `${fmt(p(r.lateAll, 99))} / ${fmt(maxOf(r.lateAll))} ms`, '', undefined],
    [
      'interaction ACK p50 / p99 (hold)',
      `${fmt(r.ackP50)} / ${fmt(r.ackP99)} ms (${r.acks})`,
      'p99 ≤ 150 ms',
      r.acks ? r.ackP99 <= 150 : undefined,
    ],
    ['heap per active session', `${fmt(r.heapPerSessionKb, 1)} KB`, '≤ 32 KB', r.heapPerSessionKb <= 32],
    [
      'heap before sessions → at the end (after GC) / RSS',
      `${fmt(r.heapBaselineMb, 1)} → ${fmt(r.heapMb, 1)} / ${fmt(r.rssMb)} MB`,
      '',
      undefined,
    ],
    ['event-loop delay p99 (hold)', `${fmt(r.eldP99, 1)} ms`, '≤ 20 ms', r.eldP99 <= 20],
    ['event-loop delay max / worst 1-s p99', `${fmt(r.eldMax, 1)} / ${fmt(r.eldWorstWindowP99, 1)} ms`, '', undefined],
    ['bot CPU (hold, one core = 100%)', `${fmt(r.cpuPct)} %`, '', undefined],
    ['post failures retried / 429s seen by discord.js', `${r.postFailures} / ${r.restRateLimited}`, '', undefined],
  ];
  if (overload) {
    const worst = r.worstSessionLateMs;
    rows.push([
      "fairness: sessions' worst lateness p10 / p50 / p90",
      `${fmt(p(worst, 10) / 1000, 1)} / ${fmt(p(worst, 50) / 1000, 1)} / ${fmt(p(worst, 90) / 1000, 1)} s`,
      'close together',
      undefined,
    ]);
  }
  table(`Load (${r.mode})`, rows);
  if (stores.length) {
    const storeRows: Row[] = stores.flatMap(
      (s) =>
        [
          [
            `${s.kind}: note writes/s (saturated)`,
            `${fmt(s.perSecond)} (${s.writes} writes)`,
            `≥ ${s.goal.toLocaleString('en')}`,
            s.perSecond >= s.goal,
          ],
          [
            `${s.kind}: p50 / p99 at ${s.goal.toLocaleString('en')}/s`,
            `${fmt(s.atGoal.p50Ms, 2)} / ${fmt(s.atGoal.p99Ms, 2)} ms (${fmt(s.atGoal.perSecond)}/s; bench's own stalls ≤ ${fmt(s.atGoal.eldMaxMs, 1)} ms)`,
            'p99 ≤ 10 ms',
            s.atGoal.p99Ms <= 10,
          ],
        ] as Row[],
    );
    table('Notes store (openStore + NotesRepo.add)', storeRows);
  }
}
