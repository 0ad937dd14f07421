import type { REST } from 'discord.js';
import type { Clock } from '../domain/clock.ts';
import { dueAt, isCatchUp } from '../domain/session.ts';
import type { SessionHooks } from '../sessions/runner.ts';
import type { Metrics } from './metrics.ts';

/**
 * A runner listener that counts posts and how late each went out against its planned time. A
 * catch-up post is late by design (it stands in for steps passed over): it is counted apart.
 */
export function sessionMetrics(metrics: Metrics, clock: Clock): SessionHooks {
  return {
    stepPosted(s, t, step, _messageId, missed) {
      metrics.postsTotal.inc();
      if (isCatchUp(s, t, step, missed)) return void metrics.catchUpPosts.inc();
      const due = dueAt(s, t, step);
      if (due !== undefined) metrics.postLateness.observe(Math.max(0, clock.now() - due) / 1000);
    },
  };
}

const DISCORD_EPOCH = 1420070400000n;
const INTERACTION_CALLBACK = /^\/interactions\/(\d+)\/[^/]+\/callback$/;

/**
 * Watches discord.js's REST client. The ACK time runs from the interaction's creation (its
 * snowflake's timestamp, set by Discord) to the callback's response, so it includes gateway
 * delivery: the same clock Discord's 3-second limit runs on.
 */
export function watchRest(rest: REST, metrics: Metrics, clock: Clock): void {
  rest.on('response', (request, response) => {
    const status = response.status;
    if (status === 429) {
      metrics.rest429.inc({ scope: response.headers.get('x-ratelimit-scope') ?? 'unknown' });
      metrics.restRetries.inc({ reason: '429' });
    } else if (status >= 500) {
      metrics.restRetries.inc({ reason: '5xx' });
    }
    const ack = INTERACTION_CALLBACK.exec(request.path);
    if (ack?.[1] && status < 300) {
      const createdAt = Number((BigInt(ack[1]) >> 22n) + DISCORD_EPOCH);
      metrics.interactionAck.observe(Math.max(0, clock.now() - createdAt) / 1000);
    }
    // discord.js hands listeners a clone; drop its body so the copy isn't kept buffered.
    const body = (response as { body?: unknown }).body;
    if (body instanceof ReadableStream) void body.cancel().catch(() => {});
  });
  rest.on('rateLimited', () => metrics.rateLimitWaits.inc());
}
