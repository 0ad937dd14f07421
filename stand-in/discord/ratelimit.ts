// Discord-style rate limits: fixed windows per bucket (route + major parameter) and a global
// per-token limit, with the headers @discordjs/rest reads to pace itself.
import { createHash } from 'node:crypto';

export interface Limit {
  limit: number;
  windowMs: number;
}

interface Window {
  count: number;
  resetAt: number;
}

export interface Verdict {
  ok: boolean;
  headers: Record<string, string>;
  retryAfterMs: number;
}

export class RateLimiter {
  private windows = new Map<string, Window>();
  private globals = new Map<string, Window>();
  globalLimit: Limit = { limit: 50, windowMs: 1000 };

  private take(map: Map<string, Window>, key: string, limit: Limit, now: number): Window & { over: boolean } {
    let w = map.get(key);
    if (!w || w.resetAt <= now) {
      w = { count: 0, resetAt: now + limit.windowMs };
      map.set(key, w);
    }
    w.count += 1;
    return { ...w, over: w.count > limit.limit };
  }

  /** The global per-token limit. */
  global(token: string, now = Date.now()): Verdict {
    const w = this.take(this.globals, token, this.globalLimit, now);
    if (!w.over) return { ok: true, headers: {}, retryAfterMs: 0 };
    const retryAfterMs = w.resetAt - now;
    return {
      ok: false,
      retryAfterMs,
      headers: {
        'x-ratelimit-global': 'true',
        'x-ratelimit-scope': 'global',
        'retry-after': String(Math.ceil(retryAfterMs / 1000)),
      },
    };
  }

  /** A route bucket; `bucketId` names the route shape, `key` adds the major parameter. */
  bucket(bucketId: string, key: string, limit: Limit, now = Date.now()): Verdict {
    const w = this.take(this.windows, `${bucketId}:${key}`, limit, now);
    const resetAfterMs = w.resetAt - now;
    const headers: Record<string, string> = {
      'x-ratelimit-limit': String(limit.limit),
      'x-ratelimit-remaining': String(Math.max(0, limit.limit - w.count)),
      'x-ratelimit-reset': (w.resetAt / 1000).toFixed(3),
      'x-ratelimit-reset-after': (resetAfterMs / 1000).toFixed(3),
      'x-ratelimit-bucket': bucketHash(bucketId),
    };
    if (!w.over) return { ok: true, headers, retryAfterMs: 0 };
    headers['x-ratelimit-scope'] = 'user';
    headers['retry-after'] = String(Math.ceil(resetAfterMs / 1000));
    return { ok: false, headers, retryAfterMs: resetAfterMs };
  }
}

/** Opaque, stable bucket id like Discord's. */
export function bucketHash(bucketId: string): string {
  return createHash('sha1').update(bucketId).digest('hex').slice(0, 32);
}
