import type { Guild } from 'discord.js';

/**
 * Display names of these members (only ever those who said yes), for the CSV. A member who left
 * the server, or whom Discord won't return, is written as their id.
 */
export async function memberNames(guild: Guild, ids: Iterable<string>): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const id of new Set(ids)) {
    const member = guild.members.cache.get(id) ?? (await guild.members.fetch(id).catch(() => undefined));
    out.set(id, member?.displayName ?? id);
  }
  return out;
}
