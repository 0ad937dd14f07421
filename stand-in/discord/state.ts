// Everything the fake Discord remembers. Plain maps; the REST routes and test helpers mutate them.
import type { APIApplicationCommand, APIChannel, APIGuildScheduledEvent, APIMessage } from 'discord-api-types/v10';
import {
  APP_ID,
  BOT_PERMISSIONS,
  GUILD_ID,
  GUILD_NAMES,
  GUILD_OWNER,
  OTHER_GUILD_ID,
  USERS,
  initialChannels,
} from './fixtures.ts';

export interface StoredAttachment {
  id: string;
  filename: string;
  size: number;
  url: string;
  proxy_url: string;
  content_type?: string;
  /** Alt text, from the request's `attachments[n].description`. */
  description?: string;
  /** The uploaded bytes; non-enumerable so JSON responses don't carry them. */
  content: Buffer;
}

/** A message as stored: APIMessage with the uploaded bytes on its attachments and the
 * allowed_mentions the bot sent (kept so tests can check them). */
export type StoredMessage = Omit<APIMessage, 'attachments'> & {
  attachments: StoredAttachment[];
  guild_id?: string;
  allowed_mentions?: unknown;
};

export interface InteractionRecord {
  id: string;
  token: string;
  type: number;
  guildId: string | undefined;
  channelId: string;
  userId: string;
  createdAt: number;
  /** The callback body, once answered. */
  callback: { type: number; data?: unknown } | undefined;
  resolveResponse: (r: { type: number; data?: unknown }) => void;
  original: StoredMessage | undefined;
  followups: StoredMessage[];
  /** For component interactions: the message the button was on. */
  message: StoredMessage | undefined;
}

export interface VoiceState {
  channelId: string;
  sessionId: string;
  selfMute: boolean;
  selfDeaf: boolean;
}

export class State {
  botPermissions: bigint = BOT_PERMISSIONS;
  guildIds: string[] = [GUILD_ID, OTHER_GUILD_ID];
  guildNames: Record<string, string> = { ...GUILD_NAMES };
  ownerId = GUILD_OWNER;
  memberIds: string[] = [...USERS.map((u) => u.id), APP_ID];
  channels = new Map<string, APIChannel>(initialChannels().map((c) => [c.id, c]));
  /** Per channel, oldest first. Ephemeral interaction messages are never here. */
  messages = new Map<string, StoredMessage[]>();
  interactions = new Map<string, InteractionRecord>();
  interactionsByToken = new Map<string, InteractionRecord>();
  events = new Map<string, APIGuildScheduledEvent>();
  interested = new Map<string, Set<string>>();
  /** Key: 'global' or a guild id. */
  commands = new Map<string, APIApplicationCommand[]>();
  /** guildId -> userId -> voice state. */
  voice = new Map<string, Map<string, VoiceState>>();
  /** Files members attached to commands (FakeDiscord.hostFile), by attachment id. */
  attachments = new Map<string, Record<string, unknown>>();
  /** User id -> the id of the bot's DM channel with them (POST /users/@me/channels). */
  dmChannels = new Map<string, string>();
  /** Users whose DMs are closed to the bot: a message to them gets 403 50007. */
  closedDms = new Set<string>();
  /** Voice channel id -> its status (PUT /channels/{id}/voice-status); none when unset. */
  voiceStatus = new Map<string, string>();
  /** Thread id -> the users in it (the bot joins the threads it creates). */
  threadMembersById = new Map<string, Set<string>>();

  threadMembers(threadId: string): Set<string> {
    let m = this.threadMembersById.get(threadId);
    if (!m) {
      m = new Set();
      this.threadMembersById.set(threadId, m);
    }
    return m;
  }

  channelMessages(channelId: string): StoredMessage[] {
    let list = this.messages.get(channelId);
    if (!list) {
      list = [];
      this.messages.set(channelId, list);
    }
    return list;
  }

  findMessage(channelId: string, messageId: string): StoredMessage | undefined {
    return this.messages.get(channelId)?.find((m) => m.id === messageId);
  }

  removeMessage(channelId: string, messageId: string): boolean {
    const list = this.messages.get(channelId);
    const i = list?.findIndex((m) => m.id === messageId) ?? -1;
    if (!list || i < 0) return false;
    list.splice(i, 1);
    return true;
  }

  guildChannels(guildId: string): APIChannel[] {
    return [...this.channels.values()].filter((c) => 'guild_id' in c && c.guild_id === guildId);
  }

  voiceStates(guildId: string): Map<string, VoiceState> {
    let m = this.voice.get(guildId);
    if (!m) {
      m = new Map();
      this.voice.set(guildId, m);
    }
    return m;
  }

  guildEvents(guildId: string): APIGuildScheduledEvent[] {
    return [...this.events.values()].filter((e) => e.guild_id === guildId);
  }
}
