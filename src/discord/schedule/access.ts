import {
  ChannelType,
  DiscordAPIError,
  PermissionFlagsBits as P,
  RESTJSONErrorCodes,
  type ChatInputCommandInteraction,
  type Client,
  type GuildBasedChannel,
} from 'discord.js';
import { UserFacingError } from '../../errors.ts';
import type { ChannelsPort } from '../../schedule/ports.ts';

/** Checked in the handler: default_member_permissions can't be set on a subcommand group. */
export function requireManageEvents(interaction: ChatInputCommandInteraction<'cached'>): void {
  if (!interaction.memberPermissions.has(P.ManageEvents)) {
    throw new UserFacingError('Only members with **Manage Events** can add, pause, resume or remove schedules. `/yin schedule list` is open to everyone.');
  }
}

const NEEDED = [
  [P.ViewChannel, 'View Channel'],
  [P.SendMessages, 'Send Messages'],
  [P.EmbedLinks, 'Embed Links'],
] as const;

/** The bot must be able to run a session there, and to announce it as an event. */
export function checkPracticeChannel(channel: GuildBasedChannel): 'voice' | 'text' {
  if (channel.type !== ChannelType.GuildText && channel.type !== ChannelType.GuildVoice) {
    throw new UserFacingError('Scheduled practice runs in a text channel or a voice channel.');
  }
  const me = channel.guild.members.me;
  const perms = me ? channel.permissionsFor(me) : null;
  const needed = channel.type === ChannelType.GuildVoice ? [...NEEDED, [P.Connect, 'Connect'] as const] : NEEDED;
  const missing = needed.filter(([flag]) => !perms?.has(flag)).map(([, name]) => name);
  if (missing.length) throw new UserFacingError(`I can't guide practice in <#${channel.id}>: I need ${missing.join(', ')} there. Ask a server admin to allow it.`);
  if (!me?.permissions.has(P.ManageEvents)) throw new UserFacingError('I need the **Manage Events** permission to announce scheduled practice as a server event.');
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
      if (!channel) throw new UserFacingError(`I can't see <#${channelId}>. Give me View Channel there first.`);
      checkPracticeChannel(channel);
    },
  };
}

/** Discord's refusals to create an event become sentences for the organiser. */
export function explain(err: unknown): unknown {
  if (err instanceof DiscordAPIError && (err.status === 403 || Number(err.code) === RESTJSONErrorCodes.MissingPermissions)) {
    return new UserFacingError('Discord refused to create the event: I need **Manage Events** (and access to that channel).');
  }
  if (err instanceof DiscordAPIError && err.status === 400) {
    return new UserFacingError(`Discord refused the event: ${err.message}`);
  }
  return err;
}
