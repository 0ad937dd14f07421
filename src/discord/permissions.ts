import { PermissionFlagsBits, type GuildBasedChannel } from 'discord.js';

/** What the bot needs in a channel to guide a session there, with the names Discord shows. */
export const POST_PERMISSIONS = [
  [PermissionFlagsBits.ViewChannel, 'View Channel'],
  [PermissionFlagsBits.SendMessages, 'Send Messages'],
  [PermissionFlagsBits.EmbedLinks, 'Embed Links'],
] as const;

export const VOICE_PERMISSIONS = [[PermissionFlagsBits.Connect, 'Connect']] as const;

type Needed = readonly (readonly [bigint, string])[];

/** The names of the permissions in `needed` that the bot lacks in `channel`. */
export function missingPermissions(channel: GuildBasedChannel, needed: Needed = POST_PERMISSIONS): string[] {
  const me = channel.guild.members.me;
  const perms = me ? channel.permissionsFor(me) : null;
  return needed.filter(([flag]) => !perms?.has(flag)).map(([, name]) => name);
}
