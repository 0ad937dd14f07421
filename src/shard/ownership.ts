/**
 * Which process owns a guild's sessions and schedules. Discord sends a guild's events (and its
 * interactions) to shard `(guild_id >> 22) % shard_count`; yin gives that same shard the work
 * it does by itself (resuming sessions, firing schedules), so each happens in exactly one
 * process however many there are.
 */

export type OwnsGuild = (guildId: string) => boolean;

/** Discord's shard formula. */
export function shardOfGuild(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

/** Ownership for a process that runs `shardIds` out of `shardCount` shards. */
export function ownership(shardIds: readonly number[], shardCount: number): OwnsGuild {
  if (shardCount <= 1) return () => true;
  const mine = new Set(shardIds);
  return (guildId) => mine.has(shardOfGuild(guildId, shardCount));
}

// The shards of this process. A process runs one bot, and the ShardingManager gives each
// process its shards, so this is process-wide state; startBot sets it from the client's options.
let current: OwnsGuild = () => true;

/** Called once by startBot when the client knows its shards. */
export function claimShards(shardIds: readonly number[], shardCount: number): OwnsGuild {
  current = ownership(shardIds, shardCount);
  return current;
}

/**
 * True when this process should do a guild's own work (resume its sessions, fire its
 * schedules). Always true when yin runs as one process.
 */
export function ownsGuild(guildId: string): boolean {
  return current(guildId);
}
