import {
  ChannelType,
  DiscordAPIError,
  PermissionFlagsBits as P,
  RESTJSONErrorCodes,
  type ChatInputCommandInteraction,
  type Client,
  type GuildBasedChannel,
} from 'discord.js';
import { InputError } from '../../domain/input-error.ts';
import { canCreateEventFor, missingNeeded } from '../permissions.ts';
import type { ChannelsPort } from '../../schedule/ports.ts';

/** Checked in the handler: default_member_permissions can't be set on a subcommand group. */
export function requireManageEvents(interaction: ChatInputCommandInteraction<'cached'>): void {
  if (!interaction.memberPermissions.has(P.ManageEvents)) {
    throw new InputError('schedule.manageEvents');
  }
}

/**
 * The bot must be able to run a session there (what `/yin start` needs, from the permission
 * table). Announcing it as an event is wanted, not needed: see `canCreateEvent`.
 */
export function checkPracticeChannel(channel: GuildBasedChannel): 'voice' | 'text' {
  if (channel.type !== ChannelType.GuildText && channel.type !== ChannelType.GuildVoice) {
    throw new InputError('schedule.wrongChannel');
  }
  const missing = missingNeeded(channel);
  if (missing) throw new InputError('schedule.missingPermissions', { channel: channel.id, missing });
  return channel.type === ChannelType.GuildVoice ? 'voice' : 'text';
}

/** The channels port, from the client's cache. */
export function cachedChannels(client: Client): ChannelsPort {
  return {
    info(_guildId, channelId) {
      const c = client.channels.cache.get(channelId);
      if (!c || !('name' in c) || typeof c.name !== 'string') return undefined;
      return { name: c.name, kind: c.type === ChannelType.GuildVoice ? 'voice' : 'text' };
    },
    checkPractice(guildId, channelId) {
      const channel = client.guilds.cache.get(guildId)?.channels.cache.get(channelId);
      if (!channel) throw new InputError('schedule.cantSee', { channel: channelId });
      checkPracticeChannel(channel);
    },
    canCreateEvent(guildId, channelId) {
      const channel = client.guilds.cache.get(guildId)?.channels.cache.get(channelId);
      return channel ? canCreateEventFor(channel) : false;
    },
  };
}

/** Discord's refusals to create an event become sentences for the organiser. */
export function explain(err: unknown): unknown {
  if (
    err instanceof DiscordAPIError &&
    (err.status === 403 || Number(err.code) === RESTJSONErrorCodes.MissingPermissions)
  ) {
    return new InputError('schedule.eventRefusedPermissions');
  }
  if (err instanceof DiscordAPIError && err.status === 400) {
    return new InputError('schedule.eventRefused', { reason: err.message });
  }
  return err;
}
