import { ChannelType, PermissionFlagsBits, type ChatInputCommandInteraction } from 'discord.js';
import type { BotContext } from '../src/discord/context.ts';
import { missingNeeded } from '../src/discord/permissions.ts';
import { InputError } from '../src/domain/input-error.ts';
import { t } from '../src/i18n.ts';

type Cached = ChatInputCommandInteraction<'cached'>;

/** Where each scheduled class's report goes: a text channel @everyone can't see. */
export async function attendanceChannel(interaction: Cached, ctx: BotContext): Promise<string> {
  const channel = interaction.options.getChannel('channel');
  if (interaction.options.getBoolean('clear')) {
    await ctx.settings.update(interaction.guildId, { attendanceChannelId: null });
    return t('attendance.channelCleared');
  }
  if (!channel) {
    const current = (await ctx.settings.get(interaction.guildId)).attendanceChannelId;
    return current ? t('attendance.channelCurrent', { channel: current }) : t('attendance.channelNone');
  }
  if (channel.type !== ChannelType.GuildText) throw new InputError('attendance.textOnly');
  // Reports name members who said yes to organisers, not to the whole server.
  if (channel.permissionsFor(interaction.guild.roles.everyone).has(PermissionFlagsBits.ViewChannel))
    throw new InputError('attendance.channelPublic', { channel: channel.id });
  if (missingNeeded(channel)) throw new InputError('attendance.cantPost', { channel: channel.id });
  await ctx.settings.update(interaction.guildId, { attendanceChannelId: channel.id });
  return t('attendance.channelSet', { channel: channel.id });
}

/** The weekly total on (a channel) or off. */
export async function weeklyTotal(interaction: Cached, ctx: BotContext): Promise<string> {
  const channel = interaction.options.getChannel('channel');
  if (interaction.options.getBoolean('off')) {
    await ctx.settings.update(interaction.guildId, { weeklyTotalChannelId: null });
    return t('attendance.weeklyOff');
  }
  if (!channel) {
    const current = (await ctx.settings.get(interaction.guildId)).weeklyTotalChannelId;
    return current ? t('attendance.weeklyCurrent', { channel: current }) : t('attendance.weeklyNone');
  }
  if (channel.type !== ChannelType.GuildText) throw new InputError('attendance.textOnly');
  if (missingNeeded(channel)) throw new InputError('attendance.cantPost', { channel: channel.id });
  await ctx.settings.update(interaction.guildId, { weeklyTotalChannelId: channel.id });
  return t('attendance.weeklySet', { channel: channel.id });
}

/** A member's own yes or no to being named in this server's attendance reports. */
export async function myNameInReports(interaction: Cached, ctx: BotContext): Promise<string> {
  const show = interaction.options.getBoolean('show');
  const { guildId, user } = interaction;
  if (show === null) {
    const shown = await ctx.reportConsent.showsName(user.id, guildId);
    return t(shown ? 'attendance.nameShown' : 'attendance.nameHidden');
  }
  await ctx.reportConsent.set(user.id, guildId, show, ctx.clock.now());
  return t(show ? 'attendance.nameNowShown' : 'attendance.nameNowHidden');
}
