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
