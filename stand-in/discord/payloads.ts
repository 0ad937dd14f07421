// Builders for the JSON shapes Discord sends: users, members, guilds (REST and GUILD_CREATE).
import { PermissionFlagsBits as P, type APIGuildMember, type APIUser } from 'discord-api-types/v10';
import {
  ALL_PERMISSIONS,
  APP_ID,
  BOT_USER,
  USERS,
  apiUser,
  guildRoles,
  memberRoleIds,
  memberPermissions,
} from './fixtures.ts';
import type { State } from './state.ts';

const JOINED_AT = '2024-01-01T00:00:00.000Z';

export function userById(id: string): APIUser | undefined {
  if (id === APP_ID) return BOT_USER;
  const u = USERS.find((x) => x.id === id);
  return u ? apiUser(u) : undefined;
}

export function memberObject(state: State, guildId: string, userId: string): APIGuildMember | undefined {
  const user = userById(userId);
  if (!user || !state.guildIds.includes(guildId) || !state.memberIds.includes(userId)) return undefined;
  return {
    user,
    nick: null,
    avatar: null,
    banner: null,
    roles: memberRoleIds(guildId, userId),
    joined_at: JOINED_AT,
    premium_since: null,
    deaf: false,
    mute: false,
    flags: 0 as APIGuildMember['flags'],
    pending: false,
    communication_disabled_until: null,
  };
}

/** Guild-level permissions: the member's roles; the guild's owner has them all. */
export function permissionsOf(state: State, guildId: string, userId: string): bigint {
  if (userId === state.ownerId) return ALL_PERMISSIONS;
  return BigInt(memberPermissions(userId, guildId, state.botPermissions));
}

const THREADS = new Set([10, 11, 12]);

/**
 * Permissions in a channel, as Discord computes them: the guild's, then the channel's overwrites
 * for @everyone, for the member's roles together, then for the member (a thread uses its
 * parent's). Administrator overrides them all.
 */
export function permissionsIn(state: State, channelId: string, userId: string): bigint {
  let c = state.channels.get(channelId);
  if (c && THREADS.has(c.type) && 'parent_id' in c && c.parent_id) c = state.channels.get(c.parent_id) ?? c;
  const guildId = c && 'guild_id' in c ? c.guild_id : undefined;
  if (!c || !guildId) return 0n;
  const base = permissionsOf(state, guildId, userId);
  if (base & P.Administrator || userId === state.ownerId) return base;
  const overwrites = ('permission_overwrites' in c ? c.permission_overwrites : undefined) ?? [];
  const apply = (bits: bigint, ids: readonly string[]): bigint => {
    const hits = overwrites.filter((o) => ids.includes(o.id));
    const deny = hits.reduce((a, o) => a | BigInt(o.deny), 0n);
    const allow = hits.reduce((a, o) => a | BigInt(o.allow), 0n);
    return (bits & ~deny) | allow;
  };
  return apply(apply(apply(base, [guildId]), memberRoleIds(guildId, userId)), [userId]);
}

export function guildObject(state: State, guildId: string): Record<string, unknown> {
  return {
    id: guildId,
    name: state.guildNames[guildId] ?? 'guild',
    icon: null,
    splash: null,
    discovery_splash: null,
    owner_id: state.ownerId,
    afk_channel_id: null,
    afk_timeout: 300,
    widget_enabled: false,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    roles: guildRoles(guildId, state.botPermissions),
    emojis: [],
    stickers: [],
    features: [],
    mfa_level: 0,
    application_id: null,
    system_channel_id: null,
    system_channel_flags: 0,
    rules_channel_id: null,
    vanity_url_code: null,
    description: null,
    banner: null,
    premium_tier: 0,
    premium_subscription_count: 0,
    preferred_locale: 'en-US',
    public_updates_channel_id: null,
    max_video_channel_users: 25,
    nsfw_level: 0,
    premium_progress_bar_enabled: false,
    safety_alerts_channel_id: null,
    hub_type: null,
    incidents_data: null,
  };
}

export function voiceStatePayload(
  state: State,
  guildId: string,
  userId: string,
  withGuild: boolean,
): Record<string, unknown> {
  const v = state.voiceStates(guildId).get(userId);
  return {
    ...(withGuild ? { guild_id: guildId, member: memberObject(state, guildId, userId) } : {}),
    channel_id: v?.channelId ?? null,
    user_id: userId,
    session_id: v?.sessionId ?? '',
    deaf: false,
    mute: false,
    self_deaf: v?.selfDeaf ?? false,
    self_mute: v?.selfMute ?? false,
    self_video: false,
    suppress: false,
    request_to_speak_timestamp: null,
  };
}

/** The GUILD_CREATE payload: the guild plus everything the gateway adds. */
export function gatewayGuild(state: State, guildId: string): Record<string, unknown> {
  const channels = state.guildChannels(guildId);
  const isThread = (t: number): boolean => t === 10 || t === 11 || t === 12;
  return {
    ...guildObject(state, guildId),
    joined_at: '2024-01-01T00:00:00.000Z',
    large: false,
    unavailable: false,
    member_count: state.memberIds.length,
    members: state.memberIds.map((id) => memberObject(state, guildId, id)).filter(Boolean),
    // Discord adds a voice channel's status here (not in the spec's channel object).
    channels: channels
      .filter((c) => !isThread(c.type))
      .map((c) => withoutGuildId(state.voiceStatus.has(c.id) ? { ...c, status: state.voiceStatus.get(c.id) } : c)),
    threads: channels.filter((c) => isThread(c.type)),
    voice_states: [...state.voiceStates(guildId).keys()].map((id) => voiceStatePayload(state, guildId, id, false)),
    presences: [],
    stage_instances: [],
    soundboard_sounds: [],
    guild_scheduled_events: state.guildEvents(guildId),
  };
}

function withoutGuildId(c: object): object {
  const { guild_id: _omit, ...rest } = c as { guild_id?: string };
  return rest;
}
