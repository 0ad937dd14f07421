import type { ManualClock } from '../../src/domain/clock.ts';
import type { FakeDiscord } from '../../stand-in/discord/fake.ts';

/** What the bot may still be doing after an alarm fired: its ticks in progress. */
export interface Busy {
  idle(): Promise<void>;
}

/**
 * Drives a bot on a test clock until `done()` finds something, and returns it: waits until what
 * the last alarm started is done (the runner's ticks, the stand-in's requests, nothing due, and
 * `quietMs` of real time with no alarm armed or fired and no request received), then jumps the
 * clock to the next alarm.
 * The stand-in runs on the same clock, so it sees each request at the test time it was sent.
 * Throws if `done()` still fails after `maxRealMs` of real time, or when nothing is left to wait
 * for (no alarm) and `done()` fails: a session that stalls fails the test instead of hanging it.
 */
export async function runUntil<T>(
  clock: ManualClock,
  fake: FakeDiscord,
  busy: Busy,
  done: () => T | undefined | null | false,
  o: { maxRealMs?: number; quietMs?: number; maxTestMs?: number } = {},
): Promise<T> {
  const quietMs = o.quietMs ?? 10;
  const giveUp = Date.now() + (o.maxRealMs ?? 10_000);
  const stopAt = clock.now() + (o.maxTestMs ?? 24 * 60 * 60_000);
  let changes = 0;
  let idleSince: number | undefined;
  const stopListening = clock.onChange(() => void changes++);
  try {
    for (;;) {
      await settle();
      const found = done();
      if (found) return found;
      const next = clock.next();
      if (next === undefined || next > stopAt) {
        // Nothing armed (or only beyond the limit): what is on its way (an answer being worked
        // out, a picture being drawn, a store write) may still arm something nearer. Two seconds
        // of that with the condition false: stalled.
        idleSince ??= Date.now();
        if (Date.now() - idleSince > 2_000)
          throw new Error(
            next === undefined
              ? 'the test clock has no alarm left and the condition still fails'
              : `the condition still fails ${o.maxTestMs ?? 24 * 60 * 60_000} ms of test time later`,
          );
        await sleep(20);
        continue;
      }
      idleSince = undefined;
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

/**
 * On a test clock time stands still between jumps, for everything on it: the runner's next step,
 * and also the post pacer's next turn (posts 1000/45 ms apart). So wait for posts with this
 * driver, not `fake.waitFor`: a second post at the same instant waits for the clock to move.
 *
 * `waitFor` on the test clock for one harness: `until(() => …)` jumps the clock from alarm to
 * alarm until the function returns something (which it returns), as `fake.waitFor` waits.
 */
export function clockDriver(
  clock: ManualClock,
  h: { fake: FakeDiscord; bot: { ctx: { runner: Busy } } },
): <T>(found: () => T | undefined | null | false, o?: { maxRealMs?: number; maxTestMs?: number }) => Promise<T> {
  return (found, o) => runUntil(clock, h.fake, h.bot.ctx.runner, found, o);
}
