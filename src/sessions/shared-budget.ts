// One post budget for the whole bot token, shared by every shard process on every machine: a
// token bucket in Redis, taken one post at a time by a short Lua script (atomic on the server,
// timed by the server's own clock, so machines with skewed clocks still share one budget). A
// well-kept library (rate-limiter-flexible) has buckets too, but it waits in the client by
// polling; the script answers "now" or "in N ms" in one round trip, which is all the pacer needs.
import { type Cancel, type Clock, systemClock } from '../domain/clock.ts';
import { goesAhead, insertByDue, nextLook, type Pacer, type Waiter } from './pacer.ts';
import {
  type HeldPlace,
  IN_FLIGHT_CAP_MS,
  LEAD_MS,
  type Release,
  SendWindow,
  WINDOW_MS,
  windowLimit,
} from './send-window.ts';
import { redisClient } from '../store/redis-client.ts';

/**
 * The window of `send-window.ts` in Redis: KEYS[1] a sorted set of the requests holding a place,
 * scored by when they were answered (while in flight: when they were let go plus the cap);
 * KEYS[2] the processes with a due post the window turned away, scored by when they last asked.
 * ARGV[1] the limit, ARGV[2] the window (ms), ARGV[3] the in-flight cap (ms), ARGV[4] the ask's
 * id, ARGV[5] how many places it wants (posts due together ask once), ARGV[6] the asking
 * process, ARGV[7] '1' when none of its posts is due yet (going ahead of a burst).
 *
 * Takes what is free, up to that many, named `<id>.1`, `<id>.2`…, but nothing for a post going
 * ahead while another process has a due post waiting (room goes to the post that is due, on
 * whichever machine), and a batch takes only its part of what is free, shared with each such
 * process (one ask can't take all the room that frees). Returns { places taken, ms until it is worth asking again (0 when all were
 * taken), the server's time, then each place held: its name and score }.
 */
export const TAKE_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local limit = tonumber(ARGV[1])
local ms = tonumber(ARGV[2])
local want = tonumber(ARGV[5])
local me = ARGV[6]
local ahead = ARGV[7] == '1'
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - ms)
-- A process that stopped asking has no post waiting any more (or is gone).
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - 2 * ms)
local others = redis.call('ZCARD', KEYS[2])
if redis.call('ZSCORE', KEYS[2], me) then others = others - 1 end
local taken = 0
if not (ahead and others > 0) then
  -- Share what is free with each other process that has a due post waiting (at least one).
  local free = limit - redis.call('ZCARD', KEYS[1])
  taken = math.max(0, math.min(want, math.max(math.min(free, 1), math.floor(free / (others + 1)))))
end
for i = 1, taken do
  redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[4] .. '.' .. i)
end
if taken > 0 then redis.call('PEXPIRE', KEYS[1], 60000) end
if not ahead then
  if taken < want then
    redis.call('ZADD', KEYS[2], now, me)
    redis.call('PEXPIRE', KEYS[2], 60000)
  else
    redis.call('ZREM', KEYS[2], me)
  end
end
local wait = 0
if taken < want then
  wait = 20
  local first = tonumber((redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES'))[2] or now)
  -- Full, and held by requests answered (not in flight): nothing frees before the first leaves.
  if redis.call('ZCARD', KEYS[1]) >= limit and first <= now then wait = math.max(1, first + ms - now) end
end
local reply = {taken, wait, now}
local held = redis.call('ZRANGE', KEYS[1], 0, -1, 'WITHSCORES')
for i = 1, #held do reply[#reply + 1] = held[i] end
return reply
`;

/** KEYS[1] the set, ARGV[1] the request's id: answered now (server time), if it still holds a place. */
export const RELEASE_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local at = redis.call('ZSCORE', KEYS[1], ARGV[1])
if at and tonumber(at) > now then redis.call('ZADD', KEYS[1], 'XX', now, ARGV[1]) end
return 0
`;

/**
 * What the shared pacer needs of Redis: take up to `count` places for the ask `id` (the places
 * are `<id>.1`…`<id>.<taken>`; `wait`: ms until it is worth asking again, when not all were
 * taken), and give a place back when its request was answered; both reject when Redis is away.
 */
export type TakeToken = (ask: Ask) => Promise<TakeReply>;

export interface Ask {
  id: string;
  count: number;
  /** The asking process. */
  from: string;
  /** None of the posts is due yet: it goes ahead of a burst, after any post due elsewhere. */
  ahead: boolean;
}

export interface TakeReply {
  taken: number;
  wait: number;
  /** The window as the server saw it: its time, and each place held (scored as in the script). */
  window?: { now: number; places: { id: string; score: number }[] };
}

/** The keys the scripts use: the window, and the processes with a due post waiting. */
export const TAKE_KEYS = ['yin:post-window', 'yin:post-waiting'];

/** The take script's ARGV[4] onwards, for an ask. */
export function askArguments(ask: Ask): string[] {
  return [ask.id, String(ask.count), ask.from, ask.ahead ? '1' : '0'];
}

/** The script's reply: [taken, wait, server time, name, score, name, score, …]. */
export function takeReply(raw: unknown): TakeReply {
  const r = raw as (number | string)[];
  const places: { id: string; score: number }[] = [];
  for (let i = 3; i + 1 < r.length; i += 2) places.push({ id: String(r[i]), score: Number(r[i + 1]) });
  return { taken: Number(r[0]), wait: Number(r[1]), window: { now: Number(r[2]), places } };
}
export type ReleaseToken = (id: string) => Promise<unknown>;

export interface SharedPacerOptions {
  take: TakeToken;
  release?: ReleaseToken;
  /** This process's fixed share (requests in a window) while Redis is away. */
  fallbackPerSecond: number;
  /** The token's budget (requests in a window), for whether a burst is coming; default: the share. */
  perSecond?: number;
  /** How early a post may go ahead of a burst (default LEAD_MS). */
  leadMs?: number;
  /** Told once when the shared budget goes away, and once when it is back. */
  onShared?: (shared: boolean, err?: Error) => void;
  /** What the fallback share is paced by, and what a wait sleeps on (default: the system clock). */
  clock?: Clock;
  /** How long one take may take before this process falls back to its share (default 250 ms). */
  timeoutMs?: number;
}

/**
 * A Pacer over the shared window: posts wait here oldest-due first; those due together ask Redis at once.
 * A busy shard takes whatever the others leave; while Redis is away it posts at its fixed share
 * (the token's budget ÷ the shard count, in the same kind of window), so the sum still stays
 * under the budget, and nothing is dropped: the waiters just wait. Whether a burst is coming (a
 * post may go up to `leadMs` early) is judged from every process's places in the window, as Redis
 * last showed them, and this process's own queue: it can't see the other processes' queues.
 */
export class SharedPacer implements Pacer {
  readonly leadMs: number;
  readonly #o: SharedPacerOptions;
  readonly #clock: Clock;
  readonly #queue: Waiter[] = [];
  /** This process's own sends, in the token's window: for whether a burst is coming. */
  readonly #own: SendWindow;
  /** The other processes' places, as the last answer from Redis showed them (local times). */
  #others: { seen: number; places: HeldPlace[] } | undefined;
  /** The fixed share's window, while Redis is away. */
  readonly #fallback: SendWindow;
  /** When the fixed share may start after the shared window went away (see #ask). */
  #fallbackFrom = 0;
  /** Until when, Redis back, the fixed share still caps this process (see #keepsToShare). */
  #capUntil = 0;
  #seq = 0;
  #running = false;
  #closed = false;
  #shared = true;
  #cancelSleep: Cancel | undefined;
  #wake: (() => void) | undefined;
  /** Sleeping until the head's time (not for the budget): a new waiter may change that. */
  #sleepingForTurn = false;
  /** Names this process's requests in the shared window. */
  readonly #id = `${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  #asked = 0;

  constructor(o: SharedPacerOptions) {
    this.#o = o;
    this.#clock = o.clock ?? systemClock;
    this.leadMs = o.leadMs ?? LEAD_MS;
    const now = () => this.#clock.now();
    this.#own = new SendWindow(windowLimit(o.perSecond ?? o.fallbackPerSecond), WINDOW_MS, now);
    this.#fallback = new SendWindow(windowLimit(o.fallbackPerSecond), WINDOW_MS, now);
  }

  get waiting(): number {
    return this.#queue.length;
  }

  /** True while the shared budget answers. */
  get shared(): boolean {
    return this.#shared;
  }

  take(dueAt: number, ahead = false): Promise<Release> {
    return new Promise((resolve) => {
      insertByDue(this.#queue, { dueAt, seq: this.#seq++, ahead, resolve });
      if (this.#sleepingForTurn) this.#wakeUp();
      void this.#run();
    });
  }

  close(): void {
    this.#closed = true;
    this.#wakeUp();
  }

  #wakeUp(): void {
    this.#cancelSleep?.();
    this.#wake?.();
  }

  async #run(): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    try {
      while (this.#queue.length && !this.#closed) {
        // A turn of the event loop first: posts whose timers fired together ask Redis together.
        await new Promise((resolve) => setImmediate(resolve));
        const now = this.#clock.now();
        const head = this.#queue[0] as Waiter;
        if (head.dueAt > now && !(head.ahead && goesAhead(this.#queue, this.#window(now), now, this.leadMs))) {
          this.#sleepingForTurn = true;
          await this.#sleep(nextLook(this.#queue, now, this.leadMs) - now);
          this.#sleepingForTurn = false;
          continue;
        }
        // The head, and every post due by now behind it: one ask for all (posts fall due together).
        let want = 1;
        while (want < this.#queue.length && want < this.#own.limit && (this.#queue[want] as Waiter).dueAt <= now)
          want++;
        if (this.#keepsToShare(now)) {
          // What this process sent while Redis was away isn't in Redis: its fixed share still caps it.
          const free = this.#fallback.free(now);
          if (free === 0) {
            // Until a place of the share frees, or (Redis back) the cap ends.
            const until = Math.min(this.#fallback.nextFree(), this.#shared ? this.#capUntil : Number.POSITIVE_INFINITY);
            await this.#sleep(Math.min(Math.max(1, until - now), 1000));
            continue;
          }
          want = Math.min(want, free);
        }
        const turn = await this.#ask(`${this.#id}.${this.#asked++}`, want, head.dueAt > now);
        if (this.#closed) {
          for (const release of turn.places) release();
          return;
        }
        // Places go to the earliest due (a post that came in meanwhile may be one of them).
        for (const release of turn.places) {
          const own = this.#own.take(this.#clock.now());
          (this.#queue.shift() as Waiter).resolve(() => {
            own();
            release();
          });
        }
        if (turn.wait > 0) await this.#sleep(turn.wait);
      }
    } finally {
      this.#running = false;
    }
  }

  /**
   * Up to `want` places for the ask `id` (with how to give each back), and ms to wait when fewer
   * were free: from Redis, or from the fixed share while it is away. `ahead`: none is due yet.
   */
  async #ask(id: string, want: number, ahead: boolean): Promise<{ places: Release[]; wait: number }> {
    try {
      const ask = { id, count: want, from: this.#id, ahead };
      const { taken, wait, window } = await withTimeout(this.#o.take(ask), this.#o.timeoutMs ?? 250);
      if (window) this.#saw(window);
      const now = this.#clock.now();
      const capped = this.#keepsToShare(now);
      if (!this.#shared) {
        this.#shared = true;
        this.#capUntil = now + FALLBACK_WAIT_MS;
        this.#o.onShared?.(true);
      }
      const places = Array.from({ length: Math.min(taken, want) }, (_, i) => {
        const place = this.#sharedPlace(`${id}.${i + 1}`);
        if (!capped) return place;
        const share = this.#fallback.take(now, () => this.#wakeUp());
        return () => {
          place();
          share();
        };
      });
      return { places, wait: places.length < want ? Math.max(1, wait) : 0 };
    } catch (err) {
      const now = this.#clock.now();
      if (this.#shared) {
        this.#shared = false;
        this.#o.onShared?.(false, err as Error);
        // Every place taken in Redis was taken before it went away, by every process; the fixed
        // shares start once those have left Discord's window, or together they could pass 50.
        this.#fallbackFrom = now + FALLBACK_WAIT_MS;
      }
      if (now < this.#fallbackFrom) return { places: [], wait: this.#fallbackFrom - now };
      const places: Release[] = [];
      // An answer frees a place of the share: look again.
      while (places.length < want && this.#fallback.nextFree() <= now)
        places.push(this.#fallback.take(now, () => this.#wakeUp()));
      const free = this.#fallback.nextFree();
      return { places, wait: places.length < want ? Math.min(Math.max(1, free - now), 1000) : 0 };
    }
  }

  /**
   * Keeps the other processes' places from the server's answer, on this process's clock (the
   * server's time is read as now: the answer's trip makes them look a little later, which only
   * makes a burst look likelier).
   */
  #saw(window: NonNullable<TakeReply['window']>): void {
    const offset = this.#clock.now() - window.now;
    const mine = `${this.#id}.`;
    const places: HeldPlace[] = [];
    for (const p of window.places) {
      if (p.id.startsWith(mine)) continue;
      const inFlight = p.score > window.now;
      places.push({ at: (inFlight ? p.score - IN_FLIGHT_CAP_MS : p.score) + offset, inFlight });
    }
    this.#others = { seen: this.#clock.now(), places };
  }

  /**
   * The token's window as far as this process knows it, for whether a burst is coming: its own
   * places, and the others' as Redis last showed them (for a window; older, they say nothing).
   */
  #window(now: number): SendWindow {
    const others = this.#shared && this.#others && now - this.#others.seen < WINDOW_MS ? this.#others.places : [];
    if (!others.length) return this.#own;
    return SendWindow.holding(this.#own.limit, WINDOW_MS, () => this.#clock.now(), [...this.#own.held(), ...others]);
  }

  /**
   * Whether the fixed share still caps this process: while Redis is away, and for a window and a
   * quarter once it is back, until what was sent meanwhile (which Redis never saw) has left
   * Discord's window.
   */
  #keepsToShare(now: number): boolean {
    return !this.#shared || now < this.#capUntil;
  }

  /** Gives the place `id` in the shared window back (answered now); calling it again does nothing. */
  #sharedPlace(id: string): Release {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      void this.#o.release?.(id).catch(() => undefined);
    };
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.#wake = resolve;
      this.#cancelSleep = this.#clock.at(this.#clock.now() + Math.max(0, ms), resolve);
    });
  }
}

/**
 * How long after the shared window went away the fixed share starts: a window, and a quarter of a
 * second more for the answers to the last places taken in Redis to come back.
 */
export const FALLBACK_WAIT_MS = WINDOW_MS + 250;

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
  const args = [String(windowLimit(o.perSecond)), String(WINDOW_MS), String(IN_FLIGHT_CAP_MS)];
  const keys = TAKE_KEYS;
  const take = async (ask: Ask) =>
    takeReply(await redis.eval(TAKE_SCRIPT, { keys, arguments: [...args, ...askArguments(ask)] }));
  const release = (id: string) => redis.eval(RELEASE_SCRIPT, { keys, arguments: [id] });
  const pacer = new SharedPacer({
    take,
    release,
    perSecond: o.perSecond,
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
