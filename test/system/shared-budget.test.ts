// The token's one post budget, shared through Redis by processes on several machines, and the
// shard leases that keep two machines off one shard. Against a real redis-server.
import { createClient } from '@keyv/redis';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ShardLeases } from '../../src/shard/lease.ts';
import {
  type Ask,
  askArguments,
  FALLBACK_WAIT_MS,
  RELEASE_SCRIPT,
  SharedPacer,
  TAKE_SCRIPT,
  takeReply,
} from '../../src/sessions/shared-budget.ts';
import { IN_FLIGHT_CAP_MS, WINDOW_MS } from '../../src/sessions/send-window.ts';
import { needsRedis, sharedRedis, type TestRedis } from '../helpers/redis.ts';

let redis: TestRedis | undefined;
let clients: { close(): Promise<unknown> }[] = [];
beforeAll(async () => {
  redis = await sharedRedis();
});
afterAll(async () => {
  for (const c of clients) await c.close().catch(() => {});
  clients = [];
  await redis?.stop();
});

async function client() {
  const c = createClient({ url: redis!.url, disableOfflineQueue: true });
  c.on('error', () => {});
  await c.connect();
  clients.push(c);
  return c;
}

const takeFrom =
  (c: Awaited<ReturnType<typeof client>>, key: string, limit: number, windowMs = WINDOW_MS) =>
  async (ask: Ask) =>
    takeReply(
      await c.eval(TAKE_SCRIPT, {
        keys: [key, `${key}:waiting`],
        arguments: [String(limit), String(windowMs), String(IN_FLIGHT_CAP_MS), ...askArguments(ask)],
      }),
    );
/** An ask from process `from` for `count` places, due now unless `ahead`. */
const ask = (id: string, count: number, from = 'p1', ahead = false): Ask => ({ id, count, from, ahead });
const releaseFrom = (c: Awaited<ReturnType<typeof client>>, key: string) => (id: string) =>
  c.eval(RELEASE_SCRIPT, { keys: [key], arguments: [id] });

/** A window of `limit` places and 100 ms on a key of its own, so places come back quickly. */
async function quickWindow(limit: number) {
  const c = await client();
  const key = `budget:${Math.random()}`;
  return { take: takeFrom(c, key, limit, 100), release: releaseFrom(c, key) };
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** When each of `n` posts taken from `pacer` went out (ms since `from`), each answered at once. */
function drain(pacer: SharedPacer, n: number, from: number): Promise<number[]> {
  return Promise.all(
    Array.from({ length: n }, () =>
      pacer.take(from).then((answered) => {
        answered();
        return Date.now() - from;
      }),
    ),
  );
}

describe('one post budget for the token', needsRedis, () => {
  test('GIVEN two processes, one with four times the posts THEN together they stay at the budget, and the busy one takes what the quiet one leaves', async () => {
    const key = `budget:${Math.random()}`;
    const rate = 40;
    const [one, two] = [await client(), await client()];
    const busy = new SharedPacer({
      take: takeFrom(one, key, rate),
      release: releaseFrom(one, key),
      fallbackPerSecond: rate / 2,
    });
    const quiet = new SharedPacer({
      take: takeFrom(two, key, rate),
      release: releaseFrom(two, key),
      fallbackPerSecond: rate / 2,
    });
    const start = Date.now();
    const [a, b] = await Promise.all([drain(busy, 80, start), drain(quiet, 20, start)]);
    const all = [...a, ...b].sort((x, y) => x - y);
    // 100 posts, 40 in any window (a second): 40 at once, 40 a window later, the last 20 a window
    // after that; never more than 40 in any window (times are the client's: a little slack).
    expect(all.at(-1)!).toBeGreaterThanOrEqual(2 * WINDOW_MS - 20);
    for (const t of all) expect(all.filter((u) => u >= t && u < t + WINDOW_MS - 20).length).toBeLessThanOrEqual(rate);
    // The busy process's own share would be 20 a window (80 posts in four windows); it finished well before.
    expect(Math.max(...a)).toBeLessThan(3 * WINDOW_MS);
    busy.close();
    quiet.close();
  });

  test('GIVEN an ask for more places than are free THEN the script takes what is free, names each, says when the next frees and shows the window', async () => {
    const c = await client();
    const key = `budget:${Math.random()}`;
    const take = takeFrom(c, key, 5);
    const release = releaseFrom(c, key);
    const first = await take(ask('a', 3));
    expect([first.taken, first.wait]).toEqual([3, 0]);
    // Two were free; every place is held by a request in flight, whose answer may come any moment.
    const second = await take(ask('b', 4));
    expect([second.taken, second.wait]).toEqual([2, 20]);
    const { now, places } = second.window!;
    expect(places.map((p) => p.id).sort()).toEqual(['a.1', 'a.2', 'a.3', 'b.1', 'b.2']);
    // In flight: scored when let go plus the cap, on the server's clock.
    for (const p of places) expect(p.score - IN_FLIGHT_CAP_MS).toBeLessThanOrEqual(now);
    for (const p of places) expect(p.score - IN_FLIGHT_CAP_MS).toBeGreaterThan(now - 1_000);
    for (const id of ['a.1', 'a.2', 'a.3', 'b.1', 'b.2']) await release(id);
    // All answered: the first place frees a window after its answer.
    const next = await take(ask('c', 1));
    expect(next.taken).toBe(0);
    expect(next.wait).toBeGreaterThan(WINDOW_MS - 100);
    expect(next.wait).toBeLessThanOrEqual(WINDOW_MS);
    expect(next.window!.places.every((p) => p.score <= next.window!.now)).toBe(true);
  });

  test('GIVEN a process with a due post turned away THEN another’s post going ahead gets no place until it had one, or stopped asking', async () => {
    const { take, release } = await quickWindow(2);
    expect((await take(ask('a', 2, 'p2'))).taken).toBe(2);
    expect((await take(ask('b', 1, 'p2'))).taken).toBe(0); // p2 now has a due post waiting
    await release('a.1');
    await sleep(150); // a.1 has left the window: one place is free
    expect((await take(ask('c', 1, 'p1', true))).taken).toBe(0);
    expect((await take(ask('d', 1, 'p2'))).taken).toBe(1); // p2's due post has it; p2 waits no more
    await release('a.2');
    await release('d.1');
    await sleep(150);
    expect((await take(ask('e', 1, 'p1', true))).taken).toBe(1);
    // Turned away again, p2 then stops asking (gone, or its post was dropped): after two windows it
    // no longer holds anyone back.
    expect((await take(ask('f', 2, 'p2'))).taken).toBe(1);
    await release('e.1');
    await release('f.1');
    await sleep(150);
    expect((await take(ask('g', 1, 'p1', true))).taken).toBe(0);
    await sleep(100);
    expect((await take(ask('h', 1, 'p1', true))).taken).toBe(1);
  });

  test('GIVEN a process with a due post turned away THEN another’s batch shares what is free with it', async () => {
    const { take, release } = await quickWindow(4);
    expect((await take(ask('a', 4, 'p2'))).taken).toBe(4);
    expect((await take(ask('b', 1, 'p2'))).taken).toBe(0); // p2 waits
    for (const id of ['a.1', 'a.2', 'a.3', 'a.4']) await release(id);
    await sleep(150); // four places free
    expect((await take(ask('c', 4, 'p1'))).taken).toBe(2); // half: p2 waits too
    expect((await take(ask('d', 1, 'p2'))).taken).toBe(1); // all p2 wanted: it waits no more
    for (const id of ['c.1', 'c.2', 'd.1']) await release(id);
    await sleep(150); // nobody waits now: a batch takes all that is free
    expect((await take(ask('e', 4, 'p1'))).taken).toBe(4);
  });

  test('GIVEN Redis away THEN each process posts at its fixed share, says so once, and nothing is lost', async () => {
    const told: boolean[] = [];
    let away = true;
    const c = await client();
    const key = `budget:${Math.random()}`;
    const pacer = new SharedPacer({
      take: async (a) => (away ? Promise.reject(new Error('ECONNREFUSED')) : takeFrom(c, key, 40)(a)),
      release: releaseFrom(c, key),
      fallbackPerSecond: 10,
      onShared: (shared) => told.push(shared),
    });
    const start = Date.now();
    const first = await drain(pacer, 12, start);
    // Nothing until what was taken in Redis has left Discord's window; then 10 in a window: the
    // first ten at once, the last two a window later — not before.
    expect(Math.min(...first)).toBeGreaterThanOrEqual(FALLBACK_WAIT_MS);
    expect(first.at(-1)!).toBeGreaterThanOrEqual(FALLBACK_WAIT_MS + WINDOW_MS);
    expect(first.filter((t) => t < FALLBACK_WAIT_MS + 100)).toHaveLength(10);
    expect(told).toEqual([false]);
    away = false;
    const back = Date.now();
    const second = await drain(pacer, 12, back);
    // Back, the fixed share still caps for a window and a quarter: Redis never saw what was sent
    // while it was away (two of the share's ten places are still held).
    expect(second.filter((t) => t < WINDOW_MS - 100).length).toBe(8);
    expect(told).toEqual([false, true]);
    await new Promise((r) => setTimeout(r, FALLBACK_WAIT_MS));
    const third = await drain(pacer, 30, Date.now());
    expect(third.at(-1)!).toBeLessThan(600); // the shared 40 a second again
    pacer.close();
  });
});

describe('shard leases', needsRedis, () => {
  test('GIVEN two machines asking for one shard THEN the second waits, says so once, and takes it when the first lets go', async () => {
    const waiting: [number, string][] = [];
    const a = new ShardLeases({ redis: await client(), holder: 'machine-a', ttlMs: 3_000, retryMs: 100 });
    const b = new ShardLeases({
      redis: await client(),
      holder: 'machine-b',
      ttlMs: 3_000,
      retryMs: 100,
      onWaiting: (shard, holder) => waiting.push([shard, holder]),
    });
    await a.acquire(7);
    let bHas = false;
    const bTakes = b.acquire(7).then(() => {
      bHas = true;
    });
    await new Promise((r) => setTimeout(r, 400));
    expect(bHas).toBe(false);
    expect(waiting).toEqual([[7, 'machine-a']]);
    await a.release();
    await bTakes;
    expect(b.held).toEqual([7]);
    await b.release();
  });

  test('GIVEN a machine that died THEN its shard is free once its lease runs out', async () => {
    const dead = new ShardLeases({ redis: await client(), holder: 'dead', ttlMs: 600, retryMs: 100 });
    await dead.acquire(3);
    await dead.release().catch(() => {});
    // A crash: the lease is set again by hand and never renewed.
    const c = await client();
    await c.set('yin:shard-lease:3', 'crashed', { NX: true, PX: 600 });
    const heir = new ShardLeases({ redis: c, holder: 'heir', ttlMs: 3_000, retryMs: 100 });
    const began = Date.now();
    await heir.acquire(3);
    expect(Date.now() - began).toBeGreaterThan(300);
    expect(heir.held).toEqual([3]);
    await heir.release();
  });
});
