import {
  ChannelType,
  PermissionFlagsBits as P,
  type ChatInputCommandInteraction,
  type Guild,
  type GuildBasedChannel,
} from 'discord.js';
import type { BotContext } from '../src/discord/context.ts';
import { missingNeeded } from '../src/discord/permissions.ts';
import { InputError } from '../src/domain/input-error.ts';
import { t } from '../src/i18n.ts';

type Cached = ChatInputCommandInteraction<'cached'>;

/**
 * `/yin settings attendance reports: weekly: off:`: where each scheduled class's report goes (a
 * text channel @everyone can't see) and where the weekly total goes; no option: both as they are.
 * Everything is checked before anything is saved.
 */
export async function attendanceSettings(interaction: Cached, ctx: BotContext): Promise<string> {
  const o = interaction.options;
  const reports = o.getChannel('reports');
  const weekly = o.getChannel('weekly');
  const off = o.getString('off');
  if (reports) {
    checkChannel(reports);
    // Reports name members who said yes to organisers, not to the whole server.
    if (seenByMembers(reports, interaction.guild))
      throw new InputError('attendance.channelPublic', { channel: reports.id });
  }
  if (weekly) checkChannel(weekly);
  if (off && ((off === 'reports' && reports) || (off === 'weekly' && weekly)))
    throw new InputError('attendance.offAndOn');
  const saved = await ctx.settings.update(interaction.guildId, {
    attendanceChannelId: off === 'reports' ? null : reports?.id,
    weeklyTotalChannelId: off === 'weekly' ? null : weekly?.id,
  });
  const changed = !!(reports || weekly || off);
  const lines = [
    saved.attendanceChannelId
      ? t('attendance.reportsTo', { channel: saved.attendanceChannelId })
      : t('attendance.reportsOff'),
    saved.weeklyTotalChannelId
      ? t('attendance.weeklyTo', { channel: saved.weeklyTotalChannelId })
      : t('attendance.weeklyOff'),
  ];
  return (changed ? `${t('attendance.saved')}\n` : '') + lines.join('\n');
}

const ORGANISER = P.ManageEvents | P.ManageGuild | P.Administrator;

/** Some role that doesn't organise (@everyone included; bots' roles aside) can view the channel. */
function seenByMembers(channel: GuildBasedChannel, guild: Guild): boolean {
  if (!('permissionsFor' in channel)) return true;
  return guild.roles.cache.some(
    (role) =>
      !role.managed &&
      (role.permissions.bitfield & ORGANISER) === 0n &&
      channel.permissionsFor(role).has(P.ViewChannel),
  );
}

function checkChannel(channel: GuildBasedChannel): void {
  if (channel.type !== ChannelType.GuildText) throw new InputError('attendance.textOnly');
  if (missingNeeded(channel)) throw new InputError('attendance.cantPost', { channel: channel.id });
}

/** A member's own yes or no to being named in this server's attendance reports. */
export async function myName(interaction: Cached, ctx: BotContext): Promise<string> {
  const show = interaction.options.getBoolean('show');
  const { guildId, user } = interaction;
  if (show === null) {
    const shown = await ctx.reportConsent.showsName(user.id, guildId);
    return t(shown ? 'attendance.nameShown' : 'attendance.nameHidden');
  }
  await ctx.reportConsent.set(user.id, guildId, show, ctx.clock.now());
  return t(show ? 'attendance.nameNowShown' : 'attendance.nameNowHidden');
}
