// Real Discord snowflakes: ms since the Discord epoch in the top bits, then worker/process/increment.
// Generated monotonically so ids sort by creation time, like Discord's.
const DISCORD_EPOCH = 1420070400000n;

let lastMs = 0n;
let increment = 0n;

export function snowflake(now = Date.now()): string {
  let ms = BigInt(now) - DISCORD_EPOCH;
  if (ms <= lastMs) {
    // Same (or earlier) millisecond: bump the increment; borrow the next ms when it overflows.
    ms = lastMs;
    increment += 1n;
    if (increment > 0xfffn) {
      ms += 1n;
      increment = 0n;
    }
  } else {
    increment = 0n;
  }
  lastMs = ms;
  return ((ms << 22n) | (1n << 17n) | (1n << 12n) | increment).toString();
}

export function snowflakeTime(id: string): number {
  return Number((BigInt(id) >> 22n) + DISCORD_EPOCH);
}

/** Which shard a guild belongs to, Discord's formula. */
export function shardOf(guildId: string, shardCount: number): number {
  return Number(BigInt(guildId) >> 22n) % shardCount;
}
