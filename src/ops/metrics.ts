import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * What yin reports to Prometheus. One Metrics per bot (its own Registry), so two bots in one
 * test process don't add into each other's counters.
 */
export interface Metrics {
  readonly registry: Registry;
  readonly postsTotal: Counter;
  readonly catchUpPosts: Counter;
  readonly postLateness: Histogram;
  readonly interactionAck: Histogram;
  readonly rest429: Counter<'scope'>;
  readonly restRetries: Counter<'reason'>;
  readonly rateLimitWaits: Counter;
  readonly storeErrors: Counter;
  /** Voice connections, kept up to date by the voice code (its Speakers). */
  readonly voiceConnections: VoiceConnectionsGauge;
  /** Gauges read when scraped: the live session count and the gateway's heartbeat ping. */
  watch(sources: { activeSessions(): number; gatewayPingMs(): number }): void;
}

/** Voice connections, for the voice code to keep up to date (`inc()` on join, `dec()` on leave, or `set(n)`). */
export interface VoiceConnectionsGauge {
  set(n: number): void;
  inc(): void;
  dec(): void;
}

export function createMetrics(defaultLabels: Record<string, string> = {}): Metrics {
  const registry = new Registry();
  registry.setDefaultLabels(defaultLabels);
  const registers = [registry];
  collectDefaultMetrics({ register: registry, prefix: 'yin_' });
  const voiceGauge = new Gauge({
    name: 'yin_voice_connections',
    help: 'Voice channels the bot is connected to.',
    registers,
  });

  let sources: { activeSessions(): number; gatewayPingMs(): number } = {
    activeSessions: () => 0,
    gatewayPingMs: () => -1,
  };
  new Gauge({
    name: 'yin_active_sessions',
    help: 'Sessions running now.',
    registers,
    collect() {
      this.set(sources.activeSessions());
    },
  });
  new Gauge({
    name: 'yin_gateway_ping_seconds',
    help: 'Gateway heartbeat round trip (NaN before the first heartbeat).',
    registers,
    collect() {
      const ms = sources.gatewayPingMs();
      this.set(ms >= 0 ? ms / 1000 : Number.NaN);
    },
  });

  return {
    registry,
    postsTotal: new Counter({ name: 'yin_posts_total', help: 'Session steps posted.', registers }),
    catchUpPosts: new Counter({
      name: 'yin_catch_up_posts_total',
      help: 'Catch-up posts: one post for steps passed over (after a restart, or a whole hold behind). Not in the lateness histogram.',
      registers,
    }),
    // Yin holds are minutes long: a few seconds late is fine, a minute late is a problem.
    postLateness: new Histogram({
      name: 'yin_post_lateness_seconds',
      help: 'Time a step was posted minus the time it was due.',
      registers,
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300],
    }),
    // Discord drops an interaction that isn't acknowledged within 3 seconds of its creation.
    interactionAck: new Histogram({
      name: 'yin_interaction_ack_seconds',
      help: "Time from an interaction's creation to its acknowledgement.",
      registers,
      buckets: [0.1, 0.25, 0.5, 0.75, 1, 1.5, 2, 2.5, 3, 5],
    }),
    rest429: new Counter({
      name: 'yin_rest_429_total',
      help: "429 responses from Discord's REST API, by scope (user, global, shared).",
      labelNames: ['scope'],
      registers,
    }),
    restRetries: new Counter({
      name: 'yin_rest_retries_total',
      help: 'REST responses discord.js retries: after a 429 or a 5xx.',
      labelNames: ['reason'],
      registers,
    }),
    rateLimitWaits: new Counter({
      name: 'yin_rest_rate_limit_waits_total',
      help: 'Requests held back by discord.js to stay inside a known rate limit.',
      registers,
    }),
    storeErrors: new Counter({
      name: 'yin_store_errors_total',
      help: 'Store failures: background connection trouble and failed health pings.',
      registers,
    }),
    voiceConnections: {
      set: (n) => voiceGauge.set(n),
      inc: () => voiceGauge.inc(),
      dec: () => voiceGauge.dec(),
    },
    watch(s) {
      sources = s;
    },
  };
}
