// npm run bench -- --simulate: the pacer alone on the manual clock (seconds, no Discord): the
// steady bench's load (back classes at YIN_SPEED=10, a start every 421 ms, 95 % of 45/s), each
// post asked for at its due time less the lead, as the runner does, and answered BENCH_ANSWER_MS
// (10) after it was let go. What docs/decisions.md quotes for the lead and the answer's cost.
// BENCH_RATE, BENCH_LEAD_MS, BENCH_ANSWER_MS and BENCH_JITTER_MS (how late the pacer's own timers
// may fire, at random) change it.
import { join } from 'node:path';
import { ManualClock, type Clock } from '../src/domain/clock.ts';
import { loadCatalog } from '../src/domain/load-catalog.ts';
import { buildTimeline } from '../src/domain/timeline.ts';
import { PostPacer } from '../src/sessions/pacer.ts';
import { LEAD_MS, WINDOW_MS } from '../src/sessions/send-window.ts';
import { fmt, percentile } from './stats.ts';

const rate = Number(process.env.BENCH_RATE ?? 0.95 * 45);
const lead = Number(process.env.BENCH_LEAD_MS ?? LEAD_MS);
const answerMs = Number(process.env.BENCH_ANSWER_MS ?? 10);
const jitter = Number(process.env.BENCH_JITTER_MS ?? 3);
const catalog = loadCatalog(join(import.meta.dirname, '..', 'data'));
const offsets = buildTimeline(catalog, catalog.sequences.get('back')!, 3, 10).steps.map((s) => s.offsetMs);
// 17 posts after the opening, and the discoveries thread.
const interval = (1000 * offsets.length) / rate;
const clock = new ManualClock(Date.UTC(2026, 11, 7, 12));
const jittery: Clock = { now: () => clock.now(), at: (t, fire) => clock.at(t + Math.random() * jitter, fire) };
const pacer = new PostPacer(47, jittery, lead);
const t0 = clock.now();
const classMs = offsets.at(-1)!;
const end = t0 + 2 * classMs + 60_000;
const late: number[] = [];
const sends: number[] = [];
for (let at = t0; at < end - classMs; at += interval) {
  const startedAt = Math.ceil(at / 1000) * 1000;
  const step = (i: number): void => {
    if (i >= offsets.length) return;
    const due = startedAt + offsets[i]!;
    clock.at(Math.max(clock.now(), due - lead), () => {
      void pacer.take(due, true).then((release) => {
        sends.push(clock.now());
        clock.at(clock.now() + answerMs, release);
        // Measured once every phase of the class runs (after one class length).
        if (due >= t0 + classMs) late.push(clock.now() - due);
        if (i === offsets.length - 1)
          void pacer.take(clock.now()).then((answered) => {
            sends.push(clock.now());
            clock.at(clock.now() + answerMs, answered);
          });
        step(i + 1);
      });
    });
  };
  step(1);
}
while (clock.next() !== undefined && clock.now() < end) {
  clock.set(clock.next()!);
  await new Promise((r) => setImmediate(r));
}
sends.sort((a, b) => a - b);
let busiest = 0;
for (let i = 0, j = 0; i < sends.length; i++) {
  while (sends[i]! - sends[j]! >= 1000) j++;
  busiest = Math.max(busiest, i - j + 1);
}
console.log(
  `rate ${fmt(rate, 2)}/s, window 47 in ${WINDOW_MS} ms, answered ${answerMs} ms after let go, lead ${lead} ms, timers up to ${jitter} ms late: ${late.length} posts; lateness p50 ${fmt(percentile(late, 50))} / p99 ${fmt(percentile(late, 99))} / max ${fmt(Math.max(...late))} ms, earliest ${fmt(Math.min(...late))} ms; busiest second ${busiest}`,
);
process.exit(0);
