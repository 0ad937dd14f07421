import type { IncomingMessage } from 'node:http';

/**
 * Fixed windows per key: at most `limit` hits per `windowMs`. Keys are forgotten once their
 * window is over, and at most `maxKeys` are kept (beyond that, every new key is refused: a flood
 * of addresses can't grow the map).
 */
export class WindowLimiter {
  readonly #hits = new Map<string, { count: number; resetAt: number }>();
  readonly limit: number;
  readonly windowMs: number;
  readonly maxKeys: number;
  readonly now: () => number;
  constructor(limit: number, windowMs: number, maxKeys = 10_000, now: () => number = Date.now) {
    this.limit = limit;
    this.windowMs = windowMs;
    this.maxKeys = maxKeys;
    this.now = now;
  }

  /** Counts a hit; returns 0 when allowed, else the ms until the key may try again. */
  take(key: string): number {
    const now = this.now();
    let w = this.#hits.get(key);
    if (!w || w.resetAt <= now) {
      if (!w && this.#hits.size >= this.maxKeys) this.#sweep(now);
      if (!w && this.#hits.size >= this.maxKeys) return this.windowMs;
      w = { count: 0, resetAt: now + this.windowMs };
      this.#hits.set(key, w);
    }
    if (w.count >= this.limit) return w.resetAt - now;
    w.count += 1;
    return 0;
  }

  #sweep(now: number): void {
    for (const [k, w] of this.#hits) if (w.resetAt <= now) this.#hits.delete(k);
  }
}

const PRIVATE = /^(127\.|10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|::1$|::ffff:127\.|fc|fd)/i;

/**
 * Whom a request comes from, for rate limits: the socket's address, or, when that is a local or
 * private address (a TLS terminator in front, as in compose), the last hop it forwarded.
 */
export function clientKey(req: IncomingMessage): string {
  const socket = req.socket.remoteAddress ?? 'unknown';
  const forwarded = req.headers['x-forwarded-for'];
  if (PRIVATE.test(socket) && typeof forwarded === 'string' && forwarded.length < 512) {
    const last = forwarded.split(',').at(-1)?.trim();
    if (last) return last;
  }
  return socket;
}
