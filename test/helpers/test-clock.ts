import type { ManualClock } from '../../src/domain/clock.ts';
import type { FakeDiscord } from '../../stand-in/discord/fake.ts';

/** What the bot may still be doing after an alarm fired: its ticks in progress. */
export interface Busy {
  idle(): Promise<void>;
}

/**
 * Drives a bot on a test clock: waits until what the last alarm started is done (the runner's
 * ticks, the stand-in's requests, nothing due, and `quietMs` of real time with no alarm armed or
 * fired and no request received), then jumps the clock to the next alarm; until `done()` holds.
 * The stand-in runs on the same clock, so it sees each request at the test time it was sent.
 * Throws if `done()` still fails after `maxRealMs` of real time, or when nothing is left to wait
 * for (no alarm) and `done()` fails: a session that stalls fails the test instead of hanging it.
 */
export async function runUntil(
  clock: ManualClock,
  fake: FakeDiscord,
  busy: Busy,
  done: () => boolean,
  o: { maxRealMs?: number; quietMs?: number; maxTestMs?: number } = {},
): Promise<void> {
  const quietMs = o.quietMs ?? 10;
  const giveUp = Date.now() + (o.maxRealMs ?? 10_000);
  const stopAt = clock.now() + (o.maxTestMs ?? 24 * 60 * 60_000);
  let changes = 0;
  const stopListening = clock.onChange(() => void changes++);
  try {
    for (;;) {
      await settle();
      if (done()) return;
      const next = clock.next();
      if (next === undefined) {
        // Nothing armed: give what is on its way (a post being rendered) a last chance.
        await sleep(50);
        if (clock.next() === undefined && fake.inFlight === 0 && !done())
          throw new Error('the test clock has no alarm left and the condition still fails');
        continue;
      }
      if (next > stopAt) throw new Error(`the condition still fails ${o.maxTestMs} ms of test time later`);
      if (Date.now() > giveUp)
        throw new Error(`the condition still fails after ${o.maxRealMs ?? 10_000} ms of real time`);
      if (next > clock.now()) clock.set(next);
    }
  } finally {
    stopListening();
  }

  async function settle(): Promise<void> {
    for (;;) {
      const before = changes;
      const requests = fake.requests.length;
      await busy.idle();
      await sleep(quietMs);
      if (clock.due === 0 && fake.inFlight === 0 && changes === before && fake.requests.length === requests) return;
      if (Date.now() > giveUp) return;
    }
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
