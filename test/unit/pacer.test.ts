// The post pacers on the manual clock: what Discord's window admits, in what order, and when a
// class's post may go a little before its time.
import { join } from 'node:path';
import Keyv from 'keyv';
import { describe, expect, test } from 'vitest';
import { ManualClock } from '../../src/domain/clock.ts';
import { loadCatalog } from '../../src/domain/load-catalog.ts';
import { dueAt, type SessionState } from '../../src/domain/session.ts';
import type { Timeline } from '../../src/domain/timeline.ts';
import { silentLogger } from '../../src/log.ts';
import { PostPacer } from '../../src/sessions/pacer.ts';
import { type Publisher, SessionRunner } from '../../src/sessions/runner.ts';
import { IN_FLIGHT_CAP_MS, LEAD_MS, type Release, SendWindow, WINDOW_MS } from '../../src/sessions/send-window.ts';
import { SessionsRepo } from '../../src/sessions/sessions-repo.ts';
import { type Ask, FALLBACK_WAIT_MS, SharedPacer } from '../../src/sessions/shared-budget.ts';

const T0 = Date.UTC(2026, 11, 7, 12, 0, 0);
const tick = () => new Promise((r) => setImmediate(r));

/** Moves the clock to `t`, firing every alarm on the way, each given time to run what it starts. */
async function runTo(clock: ManualClock, t: number): Promise<void> {
  for (;;) {
    for (let i = 0; i < 5; i++) await tick();
    const next = clock.next();
    if (next === undefined || next > t) break;
    clock.set(Math.max(next, clock.now()));
  }
  clock.set(t);
  for (let i = 0; i < 5; i++) await tick();
}

/** Takes a turn for each due time; records when each was let go, answered at once. */
function takeAll(pacer: { take(due: number, ahead?: boolean): Promise<Release> }, clock: ManualClock) {
  const granted: { name: string; due: number; at: number }[] = [];
  return {
    granted,
    take(name: string, due: number, ahead = false) {
      void pacer.take(due, ahead).then((release) => {
        granted.push({ name, due, at: clock.now() });
        release();
      });
    },
  };
}

const busiest = (times: number[], ms: number) =>
  Math.max(0, ...times.map((t) => times.filter((u) => u >= t && u < t + ms).length));

describe('the pacer admits what the window admits', () => {
  test('GIVEN 12 posts due at once and a window of 5 THEN 5 go at once, 5 a window later, 2 after that, never more than 5 in any window', async () => {
    const clock = new ManualClock(T0);
    const pacer = new PostPacer(5, clock);
    const t = takeAll(pacer, clock);
    for (let i = 0; i < 12; i++) t.take(`p${i}`, T0);
    await runTo(clock, T0 + 5_000);
    expect(t.granted.map((g) => g.at - T0)).toEqual([
      ...Array(5).fill(0),
      ...Array(5).fill(WINDOW_MS),
      ...Array(2).fill(2 * WINDOW_MS),
    ]);
    expect(
      busiest(
        t.granted.map((g) => g.at),
        WINDOW_MS,
      ),
    ).toBe(5);
    pacer.close();
  });

  test('GIVEN posts due together within the window THEN they all go at their time, none spaced out', async () => {
    const clock = new ManualClock(T0);
    const pacer = new PostPacer(47, clock);
    const t = takeAll(pacer, clock);
    for (let i = 0; i < 40; i++) t.take(`p${i}`, T0 + 2_000, true);
    await runTo(clock, T0 + 3_000);
    expect(t.granted).toHaveLength(40);
    expect(new Set(t.granted.map((g) => g.at))).toEqual(new Set([T0 + 2_000]));
    pacer.close();
  });

  test('GIVEN posts waiting with shuffled due times THEN they go oldest due first, never one after a later-due one', async () => {
    const clock = new ManualClock(T0);
    const pacer = new PostPacer(3, clock);
    const t = takeAll(pacer, clock);
    // The window is spent first, so all of these wait together.
    for (let i = 0; i < 3; i++) t.take(`first${i}`, T0);
    const dues = Array.from({ length: 30 }, (_, i) => T0 - ((i * 17) % 30) * 10);
    dues.forEach((due, i) => void t.take(`p${i}`, due));
    await runTo(clock, T0 + 20_000);
    const rest = t.granted.slice(3).map((g) => g.due);
    expect(rest).toEqual([...dues].sort((a, b) => a - b));
    pacer.close();
  });
});

describe('a request holds its place until a second after Discord answered it', () => {
  test('GIVEN a window of 2 and both requests slow to answer THEN the third goes a window after the first answer, not after it was let go', async () => {
    const clock = new ManualClock(T0);
    const pacer = new PostPacer(2, clock);
    const releases: Release[] = [];
    const at: number[] = [];
    for (let i = 0; i < 3; i++)
      void pacer.take(T0).then((release) => {
        at.push(clock.now());
        releases.push(release);
      });
    await runTo(clock, T0 + 300);
    expect(at).toEqual([T0, T0]);
    releases[0]!(); // answered 300 ms after it was let go
    await runTo(clock, T0 + 1_299);
    expect(at).toHaveLength(2);
    await runTo(clock, T0 + 1_300);
    expect(at).toEqual([T0, T0, T0 + 1_300]);
    pacer.close();
  });

  test('GIVEN requests never answered THEN their places come back after the in-flight cap and a window', async () => {
    const clock = new ManualClock(T0);
    const pacer = new PostPacer(1, clock);
    const at: number[] = [];
    for (let i = 0; i < 2; i++) void pacer.take(T0).then(() => void at.push(clock.now()));
    await runTo(clock, T0 + IN_FLIGHT_CAP_MS + WINDOW_MS + 1_000);
    expect(at).toEqual([T0, T0 + IN_FLIGHT_CAP_MS + WINDOW_MS]);
    pacer.close();
  });
});

describe('a class’s post may go a little early, only ahead of a burst', () => {
  test('GIVEN a lone post asked for ahead of its time THEN it goes at its due time, not early', async () => {
    const clock = new ManualClock(T0);
    const pacer = new PostPacer(47, clock);
    const t = takeAll(pacer, clock);
    t.take('alone', T0 + LEAD_MS, true);
    await runTo(clock, T0 + 2_000);
    expect(t.granted).toEqual([{ name: 'alone', due: T0 + LEAD_MS, at: T0 + LEAD_MS }]);
    pacer.close();
  });

  /** A window of 5 holding 3 posts let go at T0 + 200 (answered at once). */
  const threeOfFiveHeld = async () => {
    const clock = new ManualClock(T0);
    const pacer = new PostPacer(5, clock);
    const t = takeAll(pacer, clock);
    await runTo(clock, T0 + 200);
    for (let i = 0; i < 3; i++) t.take(`before${i}`, T0 + 200);
    return { clock, pacer, t };
  };

  test('GIVEN a burst the window can’t take at its time THEN some go early while there is room, never more than the lead before their time', async () => {
    const { clock, pacer, t } = await threeOfFiveHeld();
    await runTo(clock, T0 + 500);
    // 4 due at T0 + 1,000: at that time the window still holds the 3 from T0 + 200, so 2 would be late.
    const burstAt = T0 + 1_000;
    for (let i = 0; i < 4; i++) t.take(`burst${i}`, burstAt, true);
    await runTo(clock, T0 + 3_000);
    const burst = t.granted.filter((g) => g.name.startsWith('burst'));
    expect(burst).toHaveLength(4);
    for (const g of burst) expect(g.at).toBeGreaterThanOrEqual(burstAt - LEAD_MS);
    // The room there was (2 of 5) went early, at the lead; the other 2 when the 3 left the window.
    expect(burst.map((g) => g.at - burstAt)).toEqual([-LEAD_MS, -LEAD_MS, 200, 200]);
    pacer.close();
  });

  test('GIVEN the same burst of posts that may not go ahead (an answer a person waits on) THEN none goes before its time', async () => {
    const { clock, pacer, t } = await threeOfFiveHeld();
    // Within the lead of their time, as the burst's posts above were let go early.
    await runTo(clock, T0 + 600);
    const burstAt = T0 + 1_000;
    for (let i = 0; i < 4; i++) t.take(`answer${i}`, burstAt);
    await runTo(clock, T0 + 3_000);
    for (const g of t.granted.filter((x) => x.name.startsWith('answer'))) expect(g.at).toBeGreaterThanOrEqual(burstAt);
    pacer.close();
  });
});

/** Records each post: channel, step, when, and the step's planned time. */
class TimedPublisher implements Publisher {
  posts: { channel: string; step: number; at: number; due: number }[] = [];
  readonly clock: ManualClock;
  constructor(clock: ManualClock) {
    this.clock = clock;
  }
  async postStep(s: SessionState, t: Timeline, step: number): Promise<string> {
    this.posts.push({ channel: s.channelId, step, at: this.clock.now(), due: dueAt(s, t, step)! });
    return `${s.channelId}.${step}`;
  }
}

describe('the runner with the pacer: classes in a burst', () => {
  test('GIVEN 30 sped-up classes started in the same second, on a window of 20 THEN every step goes once, in order, never before the previous step of its class nor earlier than the lead', async () => {
    const catalog = loadCatalog(join(import.meta.dirname, '..', '..', 'data'));
    const clock = new ManualClock(T0);
    const publisher = new TimedPublisher(clock);
    const runner = new SessionRunner({
      catalog,
      repo: new SessionsRepo(new Keyv<SessionState>()),
      publisher,
      clock,
      log: silentLogger,
      speed: 60,
      pacer: new PostPacer(20, clock),
    });
    const channels = Array.from({ length: 30 }, (_, i) => `c${i}`);
    for (const channelId of channels)
      await runner.start({ guildId: 'g', channelId, hostId: 'h', sequenceId: 'back', holdMinutes: 3 });
    await runTo(clock, T0 + 5 * 60_000);
    expect(runner.size).toBe(0);
    const early = publisher.posts.filter((p) => p.at < p.due);
    expect(early.length).toBeGreaterThan(0); // 30 due at once on a window of 20: some went ahead
    for (const c of channels) {
      const posts = publisher.posts.filter((p) => p.channel === c);
      expect(posts.map((p) => p.step)).toEqual(posts.map((_, i) => i));
      for (const [i, p] of posts.entries()) {
        expect(p.at).toBeGreaterThanOrEqual(p.due - LEAD_MS);
        if (i > 0) expect(p.at).toBeGreaterThanOrEqual(posts[i - 1]!.at);
      }
      // The opening goes at the start, never ahead.
      expect(posts[0]!.at).toBeGreaterThanOrEqual(posts[0]!.due);
    }
    expect(
      busiest(
        publisher.posts.map((p) => p.at),
        WINDOW_MS,
      ),
    ).toBeLessThanOrEqual(20);
    runner.close();
  });
});

describe('the shared pacer', () => {
  /** A share of three in a window: three posts let go at `at`. */
  const threeAt = (at: number) => [at, at, at];

  /** What the Lua script does, in memory: one window for every process. */
  const sharedWindow = (clock: ManualClock, limit: number) => {
    const w = new SendWindow(limit, WINDOW_MS, () => clock.now());
    const held = new Map<string, { release: Release; letGo: number; answered?: number }>();
    const asks: number[] = [];
    const waiting = new Set<string>();
    // The places still in the window, scored as the script scores them.
    const places = (now: number) =>
      [...held]
        .filter(([, p]) => p.answered === undefined || p.answered > now - WINDOW_MS)
        .map(([id, p]) => ({ id, score: p.answered ?? p.letGo + IN_FLIGHT_CAP_MS }));
    return {
      asks,
      take: async ({ id, count, from, ahead }: Ask) => {
        asks.push(count);
        const now = clock.now();
        let taken = 0;
        // As the script: a post going ahead gets nothing while another process has a due post
        // waiting, and a batch shares what is free with each such process (but takes one if any is free).
        const others = [...waiting].filter((p) => p !== from).length;
        const room = w.free(now);
        const may = ahead && others > 0 ? 0 : Math.max(Math.min(room, 1), Math.floor(room / (others + 1)));
        while (taken < Math.min(count, may) && w.nextFree() <= now)
          held.set(`${id}.${++taken}`, { release: w.take(now), letGo: now });
        if (!ahead && taken < count) waiting.add(from);
        else if (!ahead) waiting.delete(from);
        const window = { now, places: places(now) };
        if (taken === count) return { taken, wait: 0, window };
        // As the script: a place held by a request in flight may free any moment (look in 20 ms).
        const free = w.nextFree() - now;
        return { taken, wait: free > WINDOW_MS ? 20 : free, window };
      },
      release: async (id: string) => {
        const p = held.get(id);
        if (!p || p.answered !== undefined) return;
        p.answered = clock.now();
        p.release();
      },
    };
  };
  /** A process on `shared`: a window of 6 for the token, a fixed share of 3. */
  const processOn = (shared: ReturnType<typeof sharedWindow>, clock: ManualClock) =>
    new SharedPacer({ take: shared.take, release: shared.release, fallbackPerSecond: 3, perSecond: 6, clock });

  test('GIVEN two processes on one window THEN together they never pass its limit, and a lone post isn’t early', async () => {
    const clock = new ManualClock(T0);
    const shared = sharedWindow(clock, 6);
    const a = processOn(shared, clock);
    const b = processOn(shared, clock);
    const ta = takeAll(a, clock);
    const tb = takeAll(b, clock);
    for (let i = 0; i < 8; i++) ta.take(`a${i}`, T0);
    for (let i = 0; i < 4; i++) tb.take(`b${i}`, T0);
    tb.take('lone', T0 + 5_000, true);
    await runTo(clock, T0 + 8_000);
    const all = [...ta.granted, ...tb.granted];
    expect(all).toHaveLength(13);
    expect(
      busiest(
        all.filter((g) => g.name !== 'lone').map((g) => g.at),
        WINDOW_MS,
      ),
    ).toBe(6);
    expect(tb.granted.find((g) => g.name === 'lone')?.at).toBe(T0 + 5_000);
    a.close();
    b.close();
  });

  test('GIVEN posts due together THEN the process asks the shared window once for all of them, and those it can’t have wait their turn', async () => {
    const clock = new ManualClock(T0);
    const shared = sharedWindow(clock, 6);
    const pacer = processOn(shared, clock);
    const t = takeAll(pacer, clock);
    for (let i = 0; i < 9; i++) t.take(`p${i}`, T0);
    await runTo(clock, T0 + 3_000);
    // One ask for as many as the window holds (six, all free); the other three ask together:
    // first while those six are in flight (none free), then when the first place frees.
    expect(shared.asks).toEqual([6, 3, 3]);
    expect(t.granted.map((g) => g.at - T0)).toEqual([0, 0, 0, 0, 0, 0, WINDOW_MS, WINDOW_MS, WINDOW_MS]);
    expect(t.granted.map((g) => g.name)).toEqual(['p0', 'p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7', 'p8']);
    pacer.close();
  });

  test('GIVEN another process’s places filling the window THEN this process sees the burst its own posts make, and one goes ahead while there is room', async () => {
    const clock = new ManualClock(T0);
    const shared = sharedWindow(clock, 6);
    const a = processOn(shared, clock);
    const b = processOn(shared, clock);
    const ta = takeAll(a, clock);
    const tb = takeAll(b, clock);
    for (let i = 0; i < 4; i++) tb.take(`b${i}`, T0);
    await runTo(clock, T0 + 50);
    ta.take('a0', T0 + 50); // its answer shows this process the window: b's four and its own
    await runTo(clock, T0 + 100);
    // Three due in 450 ms and one place free: by its own sends alone (one) no burst is coming.
    for (let i = 1; i <= 3; i++) ta.take(`a${i}`, T0 + 550, true);
    await runTo(clock, T0 + 3_000);
    const at = (name: string) => (ta.granted.find((g) => g.name === name)?.at ?? Number.NaN) - T0;
    // The free place is taken now, so it leaves the window 450 ms sooner for what comes next.
    expect(at('a1')).toBe(100);
    // Then the window is full until b's places leave it.
    expect(at('a2')).toBe(WINDOW_MS);
    expect(at('a3')).toBe(WINDOW_MS);
    expect(
      busiest(
        [...ta.granted, ...tb.granted].map((g) => g.at),
        WINDOW_MS,
      ),
    ).toBe(6);
    a.close();
    b.close();
  });

  test('GIVEN Redis back after being away THEN for a window and a quarter the process still keeps to its fixed share, since Redis never saw what it sent meanwhile', async () => {
    const clock = new ManualClock(T0);
    const shared = sharedWindow(clock, 6);
    let away = true;
    const told: boolean[] = [];
    const pacer = new SharedPacer({
      take: (ask) => (away ? Promise.reject(new Error('ECONNREFUSED')) : shared.take(ask)),
      release: shared.release,
      fallbackPerSecond: 3,
      perSecond: 6,
      clock,
      onShared: (s) => told.push(s),
    });
    const t = takeAll(pacer, clock);
    for (let i = 0; i < 3; i++) t.take(`away${i}`, T0);
    await runTo(clock, T0 + 1_300);
    away = false; // back, and empty: Redis lost the window
    for (let i = 0; i < 6; i++) t.take(`back${i}`, T0 + 1_300);
    await runTo(clock, T0 + 6_000);
    const F = FALLBACK_WAIT_MS;
    expect(t.granted.map((g) => g.at - T0)).toEqual([
      ...threeAt(F),
      // Redis is back, but the share is full until the three sent while away leave the window…
      ...threeAt(F + WINDOW_MS),
      // …and it caps for a window and a quarter after Redis answered again (at 2,250 ms).
      ...threeAt(F + 2 * WINDOW_MS),
    ]);
    // Never more than the share in any window here: without the cap, six would have gone at 1,300.
    expect(
      busiest(
        t.granted.map((g) => g.at),
        WINDOW_MS,
      ),
    ).toBe(3);
    expect(told).toEqual([false, true]);
    pacer.close();
  });

  test('GIVEN Redis away THEN the process posts in its fixed share’s window, says so once, and loses nothing', async () => {
    const clock = new ManualClock(T0);
    const told: boolean[] = [];
    const pacer = new SharedPacer({
      take: () => Promise.reject(new Error('ECONNREFUSED')),
      fallbackPerSecond: 3,
      perSecond: 6,
      clock,
      onShared: (shared) => told.push(shared),
    });
    const t = takeAll(pacer, clock);
    for (let i = 0; i < 7; i++) t.take(`p${i}`, T0);
    await runTo(clock, T0 + 5_000);
    // Nothing until the places taken in Redis have left Discord's window; then 3 a window.
    const F = FALLBACK_WAIT_MS;
    expect(t.granted.map((g) => g.at - T0)).toEqual([...threeAt(F), ...threeAt(F + WINDOW_MS), F + 2 * WINDOW_MS]);
    expect(told).toEqual([false]);
    pacer.close();
  });
});
