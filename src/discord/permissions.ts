import { ChannelType, PermissionFlagsBits as P, type Client, type Guild, type GuildBasedChannel } from 'discord.js';
import { t } from '../i18n.ts';

/*
 * The one permission table: which of the bot's permissions each feature uses, and whether yin
 * needs it (it refuses to start there without it) or wants it (it runs with less and says so).
 * The invite link, every check before yin acts, `/yin settings permissions` and the README's
 * list (test/permissions-table.test.ts) all derive from it.
 */

export type Feature = 'posts' | 'pictures' | 'calendar' | 'discoveries' | 'replay' | 'voice' | 'voiceStatus' | 'events';

/** Where the permission is checked: any practice channel, text or voice ones only, or the server. */
export type Scope = 'channel' | 'text' | 'voice' | 'server';

export interface FeatureNeeds {
  feature: Feature;
  need: 'needed' | 'wanted';
  scope: Scope;
  flags: readonly bigint[];
}

export const PERMISSION_TABLE: readonly FeatureNeeds[] = [
  { feature: 'posts', need: 'needed', scope: 'channel', flags: [P.ViewChannel, P.SendMessages, P.EmbedLinks] },
  { feature: 'pictures', need: 'wanted', scope: 'channel', flags: [P.AttachFiles] },
  // A schedule's reminder carries its calendar file (.ics); without it, the reminder goes alone.
  { feature: 'calendar', need: 'wanted', scope: 'channel', flags: [P.AttachFiles] },
  { feature: 'discoveries', need: 'wanted', scope: 'text', flags: [P.CreatePublicThreads, P.SendMessagesInThreads] },
  // A member's private replay: a private thread (POST /channels/{id}/threads, type 12) and adding
  // the member to it (PUT /channels/{id}/thread-members/{user}: Send Messages in Threads).
  { feature: 'replay', need: 'wanted', scope: 'text', flags: [P.CreatePrivateThreads, P.SendMessagesInThreads] },
  { feature: 'voice', need: 'wanted', scope: 'voice', flags: [P.ViewChannel, P.Connect, P.Speak] },
  { feature: 'voiceStatus', need: 'wanted', scope: 'voice', flags: [P.SetVoiceChannelStatus] },
  // Since 2026-02-23 Discord wants Create Events to create an event; with it the bot may also
  // edit and delete the events it created (Manage Events is only for others' events).
  { feature: 'events', need: 'wanted', scope: 'server', flags: [P.CreateEvents] },
];

const row = (feature: Feature): FeatureNeeds => PERMISSION_TABLE.find((r) => r.feature === feature)!;

/** Every permission the table names: what the invite link asks for. */
export const INVITE_PERMISSIONS: bigint = PERMISSION_TABLE.reduce((all, r) => r.flags.reduce((a, f) => a | f, all), 0n);

/** discord.js's name for a flag ("SendMessagesInThreads"): the key of its localised name. */
export function flagName(flag: bigint): string {
  const name = Object.entries(P).find(([, v]) => v === flag)?.[0];
  if (!name) throw new Error(`unknown permission flag ${flag}`);
  return name;
}

/** The name Discord shows for a permission, in `locale`. */
export const permissionLabel = (flag: bigint, locale?: string | null): string =>
  t(`permissions.${flagName(flag)}`, {}, locale);

const isVoice = (c: GuildBasedChannel) => c.type === ChannelType.GuildVoice;

/** The table's rows that apply in `channel` (server-wide rows are never channel rows). */
function rowsIn(channel: GuildBasedChannel): FeatureNeeds[] {
  return PERMISSION_TABLE.filter(
    (r) => r.scope === 'channel' || (r.scope === 'voice' ? isVoice(channel) : r.scope === 'text' && !isVoice(channel)),
  );
}

function missingFlags(channel: GuildBasedChannel, flags: readonly bigint[]): bigint[] {
  const me = channel.guild.members.me;
  const perms = me ? channel.permissionsFor(me) : null;
  return flags.filter((f) => !perms?.has(f));
}

/** True if the bot has every permission `feature` uses in `channel`. */
export function canIn(channel: GuildBasedChannel, feature: Feature): boolean {
  return missingFlags(channel, row(feature).flags).length === 0;
}

/** True if the bot has every server-wide permission `feature` uses. */
export function canInServer(guild: Guild, feature: Feature): boolean {
  const perms = guild.members.me?.permissions;
  return row(feature).flags.every((f) => perms?.has(f));
}

const names = (flags: readonly bigint[], locale?: string | null) =>
  [...new Set(flags)].map((f) => permissionLabel(f, locale)).join(', ');

/** The needed permissions the bot lacks in `channel`, named as Discord shows them; '' when none. */
export function missingNeeded(channel: GuildBasedChannel, locale?: string | null): string {
  return names(
    rowsIn(channel)
      .filter((r) => r.need === 'needed')
      .flatMap((r) => missingFlags(channel, r.flags)),
    locale,
  );
}

/** One line per wanted feature the bot can't use: "**Attach Files**: posts come without pictures". */
function lackingLine(feature: Feature, missing: readonly bigint[], locale?: string | null): string {
  return t(
    'permissions.lacking',
    { names: names(missing, locale), without: t(`permissions.without.${feature}`, {}, locale) },
    locale,
  );
}

/**
 * What yin would also like, for a start's or a schedule's reply: the wanted permissions it
 * lacks in `channel` (and, with `events`, for a schedule: Create Events in the server and the
 * reminders' calendar file), each with what is lost,
 * and how to grant them; '' when it has them all.
 */
export function wantedNote(channel: GuildBasedChannel, locale?: string | null, o: { events?: boolean } = {}): string {
  const lines = rowsIn(channel)
    // Reminders (and their calendar file) belong to schedules: a start's reply leaves them out.
    .filter((r) => r.need === 'wanted' && (r.feature !== 'calendar' || o.events))
    .map((r) => [r.feature, missingFlags(channel, r.flags)] as const)
    .filter(([, missing]) => missing.length)
    .map(([feature, missing]) => lackingLine(feature, missing, locale));
  if (o.events && !canInServer(channel.guild, 'events')) lines.push(lackingLine('events', row('events').flags, locale));
  if (!lines.length) return '';
  const list = lines.map((l) => `- ${l}`).join('\n');
  return `\n${t('permissions.alsoGive', { channel: channel.id }, locale)}\n${list}\n${t('permissions.howToGrant', {}, locale)}`;
}

/** `/yin settings permissions`: every feature in `channel` and in the server, ✅ or what is missing. */
export function permissionReport(channel: GuildBasedChannel, locale?: string | null): string {
  const line = (r: FeatureNeeds, missing: bigint[]) =>
    missing.length
      ? `❌ ${t(`permissions.feature.${r.feature}`, {}, locale)}: ${t('permissions.missing', { names: names(missing, locale) }, locale)} ${t(`permissions.without.${r.feature}`, {}, locale)}`
      : `✅ ${t(`permissions.feature.${r.feature}`, {}, locale)}`;
  const here = rowsIn(channel).map((r) => line(r, missingFlags(channel, r.flags)));
  const perms = channel.guild.members.me?.permissions;
  const server = PERMISSION_TABLE.filter((r) => r.scope === 'server').map((r) =>
    line(
      r,
      r.flags.filter((f) => !perms?.has(f)),
    ),
  );
  return [
    t('permissions.reportChannel', { channel: channel.id }, locale),
    ...here,
    t('permissions.reportServer', {}, locale),
    ...server,
    t('permissions.howToGrant', {}, locale),
  ].join('\n');
}

/** Whether a closing posted in a channel can open its discoveries thread there. */
export function canThreadIn(client: Client, channelId: string): boolean {
  const channel = client.channels.cache.get(channelId);
  if (!channel || !('guild' in channel)) return false;
  if (channel.type !== ChannelType.GuildText && channel.type !== ChannelType.GuildAnnouncement) return false;
  return canIn(channel, 'discoveries');
}

/** Whether the bot may attach files in a channel; true when the channel isn't known (Discord will say). */
export function canAttachIn(client: Client, channelId: string): boolean {
  const channel = client.channels.cache.get(channelId);
  if (!channel || !('guild' in channel)) return true;
  return canIn(channel, 'pictures');
}

/**
 * Whether the bot may create a scheduled event for a practice in `channel`: Create Events in
 * the server, and for a voice channel's event also View Channel and Connect there (Discord's
 * rule for voice events).
 */
export function canCreateEventFor(channel: GuildBasedChannel): boolean {
  if (!canInServer(channel.guild, 'events')) return false;
  return !isVoice(channel) || missingFlags(channel, [P.ViewChannel, P.Connect]).length === 0;
}

/** The README's permission list, made from the table (English). */
export function permissionsMarkdown(): string {
  const scope = {
    channel: 'each practice channel',
    text: 'text channels',
    voice: 'voice channels',
    server: 'the server',
  };
  const say = (key: string) => t(key, {}, 'en');
  return [
    '| Permission | Where | | Used for | Without it |',
    '|---|---|---|---|---|',
    ...PERMISSION_TABLE.flatMap((r) =>
      r.flags.map(
        (f) =>
          `| ${permissionLabel(f, 'en')} | ${scope[r.scope]} | ${r.need} | ${say(`permissions.feature.${r.feature}`)} | ${r.need === 'needed' ? 'yin refuses to start there' : say(`permissions.without.${r.feature}`)} |`,
      ),
    ),
  ].join('\n');
}
