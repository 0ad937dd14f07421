// The fixed world every test starts from: one bot, two guilds, four people.
import type { APIChannel, APIRole, APIUser } from 'discord-api-types/v10';
import { PermissionFlagsBits as P } from 'discord-api-types/v10';

export const APP_ID = '1000000000000000001';
// Shaped like a real token (base64 app id . timestamp . hmac) so token parsers don't choke.
export const TOKEN = 'MTAwMDAwMDAwMDAwMDAwMDAwMQ.ZmFrZQ.yin-fake-discord-token-not-a-secret';

// Chosen so that with 2 shards the guilds land on different shards (0 and 1).
export const GUILD_ID = '1110000000000000000';
export const OTHER_GUILD_ID = '1120000000000000000';

export const TEXT_CHANNEL_ID = '1110000000000000101';
export const VOICE_CHANNEL_ID = '1110000000000000102';
export const ANNOUNCE_CHANNEL_ID = '1110000000000000103';
export const OTHER_TEXT_CHANNEL_ID = '1120000000000000101';

export const YIN_ROLE_ID = '1110000000000000201';
export const MOD_ROLE_ID = '1110000000000000202';
export const BOT_ROLE_ID = '1110000000000000203';
export const PEOPLE_ROLE_ID = '1110000000000000204';
export const OTHER_MOD_ROLE_ID = '1120000000000000202';
export const OTHER_PEOPLE_ROLE_ID = '1120000000000000204';
export const OTHER_BOT_ROLE_ID = '1120000000000000203';

export interface FixtureUser {
  id: string;
  username: string;
  global_name: string | null;
}

export const HOST: FixtureUser = { id: '1200000000000000001', username: 'ana', global_name: 'Ana' };
export const MEMBER: FixtureUser = { id: '1200000000000000002', username: 'ben', global_name: 'Ben' };
export const MOD: FixtureUser = { id: '1200000000000000003', username: 'cleo', global_name: 'Cleo' };
/** A member with the usual permissions only, besides MEMBER: a teacher or a class handed over to them. */
export const GUEST: FixtureUser = { id: '1200000000000000004', username: 'dee', global_name: 'Dee' };
export const USERS: readonly FixtureUser[] = [HOST, MEMBER, MOD, GUEST];

export const BOT_USER: APIUser = {
  id: APP_ID,
  username: 'yin',
  global_name: null,
  discriminator: '0',
  avatar: null,
  bot: true,
};

export function apiUser(u: FixtureUser): APIUser {
  return { id: u.id, username: u.username, global_name: u.global_name, discriminator: '0', avatar: null };
}

// @everyone grants nothing, so the bot's permissions are exactly its own role's (tests override
// them); people get the usual member permissions through a 'people' role instead.
const PEOPLE =
  P.ViewChannel |
  P.SendMessages |
  P.ReadMessageHistory |
  P.EmbedLinks |
  P.AttachFiles |
  P.AddReactions |
  P.UseApplicationCommands |
  P.CreatePublicThreads |
  P.SendMessagesInThreads |
  P.Connect |
  P.Speak |
  P.UseVAD;

/**
 * What the bot's managed role grants unless a test overrides it: what yin's invite link asks for
 * (test/permissions-install.test.ts reads the link and checks it is exactly this).
 */
export const BOT_PERMISSIONS =
  P.ViewChannel |
  P.SendMessages |
  P.EmbedLinks |
  P.AttachFiles |
  P.SetVoiceChannelStatus |
  P.CreatePublicThreads |
  P.CreatePrivateThreads |
  P.SendMessagesInThreads |
  P.Connect |
  P.Speak |
  P.CreateEvents;

export function guildRoles(guildId: string, botPermissions: bigint = BOT_PERMISSIONS): APIRole[] {
  const role = (id: string, name: string, permissions: bigint, position: number, managed = false): APIRole => ({
    id,
    name,
    permissions: permissions.toString(),
    position,
    managed,
    color: 0,
    colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
    hoist: false,
    icon: null,
    unicode_emoji: null,
    mentionable: false,
    flags: 0 as APIRole['flags'],
    ...(managed ? { tags: { bot_id: APP_ID } } : {}),
  });
  if (guildId === GUILD_ID) {
    return [
      role(GUILD_ID, '@everyone', 0n, 0),
      role(PEOPLE_ROLE_ID, 'people', PEOPLE, 1),
      role(YIN_ROLE_ID, 'yin', 0n, 2),
      role(MOD_ROLE_ID, 'moderator', P.ManageMessages | P.ManageEvents, 3),
      role(BOT_ROLE_ID, 'yin-bot', botPermissions, 4, true),
    ];
  }
  return [
    role(guildId, '@everyone', 0n, 0),
    role(OTHER_PEOPLE_ROLE_ID, 'people', PEOPLE, 1),
    role(OTHER_MOD_ROLE_ID, 'moderator', P.ManageMessages | P.ManageEvents, 2),
    role(OTHER_BOT_ROLE_ID, 'yin-bot', botPermissions, 3, true),
  ];
}

/** Role ids (besides @everyone) each member has in each guild. */
export function memberRoleIds(guildId: string, userId: string): string[] {
  const main = guildId === GUILD_ID;
  if (userId === APP_ID) return [main ? BOT_ROLE_ID : OTHER_BOT_ROLE_ID];
  const people = main ? PEOPLE_ROLE_ID : OTHER_PEOPLE_ROLE_ID;
  if (userId === MOD.id) return main ? [people, MOD_ROLE_ID, YIN_ROLE_ID] : [people, OTHER_MOD_ROLE_ID];
  if (main && userId === HOST.id) return [people, YIN_ROLE_ID];
  return [people];
}

/** Guild-level permission bitfield from roles, as Discord's decimal string (channel overwrites and the owner: `permissionsIn` in payloads.ts). */
export function memberPermissions(
  userId: string,
  guildId: string = GUILD_ID,
  botPermissions: bigint = BOT_PERMISSIONS,
): string {
  const roles = guildRoles(guildId, botPermissions);
  const have = new Set([guildId, ...memberRoleIds(guildId, userId)]);
  let bits = 0n;
  for (const r of roles) if (have.has(r.id)) bits |= BigInt(r.permissions);
  if (bits & P.Administrator) return ALL_PERMISSIONS.toString();
  return bits.toString();
}

export const ALL_PERMISSIONS = Object.values(P).reduce((a, b) => a | b, 0n);

export const GUILD_NAMES: Record<string, string> = { [GUILD_ID]: 'Yin Club', [OTHER_GUILD_ID]: 'Yang Club' };
export const GUILD_OWNER = HOST.id;

export function initialChannels(): APIChannel[] {
  const base = { permission_overwrites: [], nsfw: false, rate_limit_per_user: 0, flags: 0 };
  return [
    {
      ...base,
      id: TEXT_CHANNEL_ID,
      type: 0,
      guild_id: GUILD_ID,
      name: 'practice',
      position: 0,
      parent_id: null,
      topic: null,
      last_message_id: null,
    },
    {
      ...base,
      id: VOICE_CHANNEL_ID,
      type: 2,
      guild_id: GUILD_ID,
      name: 'yin-voice',
      position: 1,
      parent_id: null,
      bitrate: 64000,
      user_limit: 0,
      rtc_region: null,
      last_message_id: null,
    },
    {
      ...base,
      id: ANNOUNCE_CHANNEL_ID,
      type: 0,
      guild_id: GUILD_ID,
      name: 'announcements',
      position: 2,
      parent_id: null,
      topic: null,
      last_message_id: null,
    },
    {
      ...base,
      id: OTHER_TEXT_CHANNEL_ID,
      type: 0,
      guild_id: OTHER_GUILD_ID,
      name: 'general',
      position: 0,
      parent_id: null,
      topic: null,
      last_message_id: null,
    },
  ] as APIChannel[];
}
