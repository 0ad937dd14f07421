// One post budget for the whole bot token, shared by every shard process on every machine: a
// token bucket in Redis, taken one post at a time by a short Lua script (atomic on the server,
// timed by the server's own clock, so machines with skewed clocks still share one budget). A
// well-kept library (rate-limiter-flexible) has buckets too, but it waits in the client by
// polling; the script answers "now" or "in N ms" in one round trip, which is all the pacer needs.
import { type Cancel, type Clock, systemClock } from '../domain/clock.ts';
import { insertByDue, type Pacer, type Waiter } from './pacer.ts';
import { redisClient } from '../store/redis-client.ts';

/**
 * KEYS[1] the bucket; ARGV[1] tokens a second, ARGV[2] the burst. Returns 0 when a token was
 * taken, else the milliseconds until one will be there.
 */
export const TAKE_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local b = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(b[1]) or burst
local at = tonumber(b[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - at) * rate / 1000)
local wait = 0
if tokens >= 1 then tokens = tokens - 1 else wait = math.ceil((1 - tokens) * 1000 / rate) end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], 60000)
return wait
`;

/** What the shared pacer needs of Redis: run the script (rejects when Redis is away). */
export type TakeToken = () => Promise<number>;

export interface SharedPacerOptions {
  take: TakeToken;
  /** This process's fixed share (posts a second) while Redis is away. */
  fallbackPerSecond: number;
  /** Told once when the shared budget goes away, and once when it is back. */
  onShared?: (shared: boolean, err?: Error) => void;
  /** What the fallback share is paced by, and what a wait sleeps on (default: the system clock). */
  clock?: Clock;
  /** How long one take may take before this process falls back to its share (default 250 ms). */
  timeoutMs?: number;
}

/**
 * A Pacer over the shared bucket: posts wait here oldest-due first, one asks Redis at a time.
 * A busy shard takes whatever the others leave; while Redis is away it posts at its fixed share
 * (the token's budget ÷ the shard count), so the sum still stays under the budget, and nothing
 * is dropped: the waiters just wait.
 */
export class SharedPacer implements Pacer {
  readonly #o: SharedPacerOptions;
  readonly #clock: Clock;
  readonly #queue: Waiter[] = [];
  #seq = 0;
  #running = false;
  #closed = false;
  #shared = true;
  /** Fallback pacing: when the next post may go at the fixed share. */
  #next = 0;
  #cancelSleep: Cancel | undefined;
  #wake: (() => void) | undefined;

  constructor(o: SharedPacerOptions) {
    this.#o = o;
    this.#clock = o.clock ?? systemClock;
  }

  get waiting(): number {
    return this.#queue.length;
  }

  /** True while the shared budget answers. */
  get shared(): boolean {
    return this.#shared;
  }

  take(dueAt: number): Promise<void> {
    return new Promise((resolve) => {
      const w: Waiter = { dueAt, seq: this.#seq++, resolve };
      insertByDue(this.#queue, w);
      void this.#run();
    });
  }

  close(): void {
    this.#closed = true;
    this.#cancelSleep?.();
    this.#wake?.();
  }

  async #run(): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    try {
      while (this.#queue.length && !this.#closed) {
        const wait = await this.#ask();
        if (this.#closed) return;
        if (wait > 0) {
          await this.#sleep(wait);
          continue;
        }
        (this.#queue.shift() as Waiter).resolve();
      }
    } finally {
      this.#running = false;
    }
  }

  /** 0 to post now, else ms to wait: from Redis, or from the fixed share while it is away. */
  async #ask(): Promise<number> {
    try {
      const wait = await withTimeout(this.#o.take(), this.#o.timeoutMs ?? 250);
      if (!this.#shared) {
        this.#shared = true;
        this.#o.onShared?.(true);
      }
      return wait;
    } catch (err) {
      if (this.#shared) {
        this.#shared = false;
        this.#o.onShared?.(false, err as Error);
      }
      const now = this.#clock.now();
      if (now < this.#next) return Math.min(this.#next - now, 1000);
      // A late wake-up makes up for at most one interval: never a burst.
      const interval = 1000 / this.#o.fallbackPerSecond;
      this.#next = Math.max(this.#next, now - interval) + interval;
      return 0;
    }
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.#wake = resolve;
      this.#cancelSleep = this.#clock.at(this.#clock.now() + ms, resolve);
    });
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    p.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(err);
      },
    );
  });
}

/**
 * The shared pacer over its own Redis connection (no offline queue: while Redis is away a take
 * fails at once and the fixed share applies). `close` ends the connection.
 */
export async function openSharedPacer(o: {
  url: string;
  perSecond: number;
  fallbackPerSecond: number;
  onShared?: SharedPacerOptions['onShared'];
  clock?: Clock;
}): Promise<{ pacer: SharedPacer; close(): Promise<void> }> {
  // Its errors are the fallback's business (onShared says when the budget is away).
  const redis = redisClient(o.url, { offlineQueue: false });
  // Not awaited: until it connects, takes fail and the fixed share applies.
  redis.connect().catch(() => undefined);
  const burst = Math.max(1, Math.round(o.perSecond / 15));
  const take = async () =>
    Number(
      await redis.eval(TAKE_SCRIPT, { keys: ['yin:post-budget'], arguments: [String(o.perSecond), String(burst)] }),
    );
  const pacer = new SharedPacer({
    take,
    fallbackPerSecond: o.fallbackPerSecond,
    ...(o.onShared ? { onShared: o.onShared } : {}),
    ...(o.clock ? { clock: o.clock } : {}),
  });
  return {
    pacer,
    close: async () => {
      pacer.close();
      await redis.close().catch(() => undefined);
    },
  };
}
