// A lease per shard in Redis, so two machines never run the same shard: a machine takes each
// shard of its range (SET NX with a time to live), keeps it alive while it runs, and lets it go
// when it stops. A shard held by another machine is waited for (said once), and taken when
// that machine's lease runs out: that is how an orchestrator moves a dead machine's range.

/** What the leases need of Redis (a node-redis client fits). */
export interface LeaseRedis {
  set(key: string, value: string, options: { NX: true; PX: number }): Promise<string | null>;
  get(key: string): Promise<string | null>;
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
}

/** Renews (PEXPIRE) or releases (DEL) a lease only while it is still this machine's. */
const RENEW = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;

export const leaseKey = (shard: number): string => `yin:shard-lease:${shard}`;

export interface LeaseOptions {
  redis: LeaseRedis;
  /** This machine's name in the lease (host and pid: who holds a shard, for the other's log). */
  holder: string;
  /** How long a lease lives unrenewed (default 30 s): a dead machine's shards free up after it. */
  ttlMs?: number;
  /** How often a waiting machine tries again (default 5 s). */
  retryMs?: number;
  /** Told once per shard that another machine holds it. */
  onWaiting?: (shard: number, holder: string) => void;
  /** Told when a held lease could not be renewed (Redis away, or taken over). */
  onLost?: (shard: number, err?: Error) => void;
}

export class ShardLeases {
  readonly #o: Required<Omit<LeaseOptions, 'onWaiting' | 'onLost'>> & Pick<LeaseOptions, 'onWaiting' | 'onLost'>;
  readonly #held = new Set<number>();
  #renewal: NodeJS.Timeout | undefined;
  #stopped = false;

  constructor(o: LeaseOptions) {
    this.#o = { ttlMs: 30_000, retryMs: 5_000, ...o };
  }

  get held(): readonly number[] {
    return [...this.#held].sort((a, b) => a - b);
  }

  /** Resolves once this machine holds `shard` (at once, or when its holder lets go or dies). */
  async acquire(shard: number): Promise<void> {
    let told = false;
    while (!this.#stopped) {
      const key = leaseKey(shard);
      const ok = await this.#o.redis.set(key, this.#o.holder, { NX: true, PX: this.#o.ttlMs }).catch(() => null);
      if (ok === 'OK' || (await this.#o.redis.get(key).catch(() => null)) === this.#o.holder) {
        this.#held.add(shard);
        this.#keepAlive();
        return;
      }
      if (!told) {
        told = true;
        this.#o.onWaiting?.(shard, (await this.#o.redis.get(key).catch(() => null)) ?? 'another machine');
      }
      await new Promise((r) => setTimeout(r, this.#o.retryMs));
    }
  }

  /** Lets every lease go (a clean stop): another machine may take the shards at once. */
  async release(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#renewal);
    await Promise.all(
      [...this.#held].map((s) =>
        this.#o.redis.eval(RELEASE, { keys: [leaseKey(s)], arguments: [this.#o.holder] }).catch(() => 0),
      ),
    );
    this.#held.clear();
  }

  #keepAlive(): void {
    if (this.#renewal) return;
    this.#renewal = setInterval(() => {
      for (const shard of this.#held)
        this.#o.redis
          .eval(RENEW, { keys: [leaseKey(shard)], arguments: [this.#o.holder, String(this.#o.ttlMs)] })
          .then((kept) => {
            if (Number(kept) !== 1) this.#o.onLost?.(shard);
          })
          .catch((err: Error) => this.#o.onLost?.(shard, err));
    }, this.#o.ttlMs / 3);
    this.#renewal.unref();
  }
}
