import { ChannelType, PermissionFlagsBits, type Client, type GuildBasedChannel } from 'discord.js';
import { t } from '../i18n.ts';

/** What the bot needs in a channel to guide a session there, with the names Discord shows. */
export const POST_PERMISSIONS = [
  [PermissionFlagsBits.ViewChannel, 'View Channel'],
  [PermissionFlagsBits.SendMessages, 'Send Messages'],
  [PermissionFlagsBits.EmbedLinks, 'Embed Links'],
] as const;

export const VOICE_PERMISSIONS = [[PermissionFlagsBits.Connect, 'Connect']] as const;

/**
 * Wanted, not needed: without Attach Files posts go without pictures; without Set Voice Channel
 * Status the channel's status stays as it is. /yin start and schedules say which are missing.
 */
export const PICTURE_PERMISSIONS = [[PermissionFlagsBits.AttachFiles, 'Attach Files']] as const;
export const STATUS_PERMISSIONS = [[PermissionFlagsBits.SetVoiceChannelStatus, 'Set Voice Channel Status']] as const;

/**
 * "Without Attach Files, posts come without pictures…": one line for a start or schedule reply
 * naming the wanted permissions the bot lacks in `channel`, or '' when it has them all.
 */
export function wantedNote(channel: GuildBasedChannel, locale?: string): string {
  const missing = missingPermissions(channel, [
    ...PICTURE_PERMISSIONS,
    ...(channel.type === ChannelType.GuildVoice ? STATUS_PERMISSIONS : []),
  ]);
  return missing.length
    ? `\n${t('session.wantedPermissions', { channel: channel.id, missing: missing.join(', ') }, locale)}`
    : '';
}

/** What the discoveries thread on a closing needs. */
export const THREAD_PERMISSIONS = [
  [PermissionFlagsBits.CreatePublicThreads, 'Create Public Threads'],
  [PermissionFlagsBits.SendMessagesInThreads, 'Send Messages in Threads'],
] as const;

/** Whether a closing posted in a channel can open its discoveries thread there. */
export function canThreadIn(client: Client, channelId: string): boolean {
  const channel = client.channels.cache.get(channelId);
  if (!channel || !('guild' in channel)) return false;
  if (channel.type !== ChannelType.GuildText && channel.type !== ChannelType.GuildAnnouncement) return false;
  return missingPermissions(channel, THREAD_PERMISSIONS).length === 0;
}

/** Whether the bot may attach files in a channel; true when the channel isn't known (Discord will say). */
export function canAttachIn(client: Client, channelId: string): boolean {
  const channel = client.channels.cache.get(channelId);
  if (!channel || !('guild' in channel)) return true;
  return missingPermissions(channel, PICTURE_PERMISSIONS).length === 0;
}

type Needed = readonly (readonly [bigint, string])[];

/**
 * The names of the permissions in `needed` that the bot lacks in `channel`, as Discord shows them
 * in the language of the member being answered ("Dateien anhängen").
 */
export function missingPermissions(channel: GuildBasedChannel, needed: Needed = POST_PERMISSIONS): string[] {
  const me = channel.guild.members.me;
  const perms = me ? channel.permissionsFor(me) : null;
  return needed.filter(([flag]) => !perms?.has(flag)).map(([, name]) => t(`permissions.${name.replace(/ /g, '')}`));
}
