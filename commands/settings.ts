import { PRACTICE_LANGUAGES } from './definitions/language-option.ts';
import { languageOf } from '../src/languages.ts';
import { voiceFor } from '../src/voice/voices.ts';
import { ChannelType, PermissionFlagsBits, type ChatInputCommandInteraction } from 'discord.js';
import type { BotContext } from '../src/discord/context.ts';
import { ephemeral } from '../src/discord/markup.ts';
import { missingNeeded, permissionReport } from '../src/discord/permissions.ts';
import { InputError } from '../src/domain/input-error.ts';
import { resolveSound } from '../src/domain/sound.ts';
import { soundPrefsFrom } from '../src/domain/sound-input.ts';
import { soundPrefsOf } from '../src/guilds/settings-repo.ts';
import { soundSummary } from '../src/discord/session/text.ts';
import { t } from '../src/i18n.ts';
import type { Subcommand } from './command.ts';
import { settingsDefinition } from './definitions/settings.ts';
import { attendanceSettings, myName } from './attendance-settings.ts';

type Setting = (interaction: ChatInputCommandInteraction<'cached'>, ctx: BotContext) => Promise<string>;

const discoveriesChannel: Setting = async (interaction, ctx) => {
  const channel = interaction.options.getChannel('channel');
  if (interaction.options.getBoolean('clear')) {
    await ctx.settings.update(interaction.guildId, { discoveriesChannelId: null });
    return t('settings.discoveriesCleared');
  }
  if (!channel) {
    const current = (await ctx.settings.get(interaction.guildId)).discoveriesChannelId;
    return current ? t('settings.discoveriesCurrent', { channel: current }) : t('settings.discoveriesNone');
  }
  if (channel.type !== ChannelType.GuildText) throw new InputError('settings.discoveriesTextOnly');
  if (missingNeeded(channel)) throw new InputError('settings.discoveriesCantPost', { channel: channel.id });
  await ctx.settings.update(interaction.guildId, { discoveriesChannelId: channel.id });
  return t('settings.discoveriesSet', { channel: channel.id });
};

/** With no options: the server's sound in words. With some: those parts set, the rest kept. */
const sound: Setting = async (interaction, ctx) => {
  const o = interaction.options;
  const chosen = soundPrefsFrom({
    mode: o.getString('mode'),
    bell: o.getString('bell'),
    volume: o.getString('volume'),
    interval: o.getBoolean('interval'),
  });
  const { mode, bell, volume, interval } = chosen;
  if (mode === undefined && bell === undefined && volume === undefined && interval === undefined) {
    const current = resolveSound(soundPrefsOf(await ctx.settings.get(interaction.guildId)));
    return t('settings.soundCurrent', { summary: soundSummary(current, interaction.locale) }, interaction.locale);
  }
  const saved = await ctx.settings.update(interaction.guildId, { sound: chosen });
  return t(
    'settings.soundSet',
    { summary: soundSummary(resolveSound(soundPrefsOf(saved)), interaction.locale) },
    interaction.locale,
  );
};

/** The practice language of the server's posts and voice; no option: what it is now. */
const language: Setting = async (interaction, ctx) => {
  const chosen = interaction.options.getString('language');
  const name = (lang: string) => PRACTICE_LANGUAGES.find(([code]) => languageOf(code) === lang)?.[1] ?? lang;
  if (!chosen) {
    const set = (await ctx.settings.get(interaction.guildId)).language;
    const lang = await ctx.languageOf(interaction.guildId);
    return t(set ? 'settings.languageCurrent' : 'settings.languageDefault', { language: name(lang) });
  }
  const lang = languageOf(chosen);
  await ctx.settings.update(interaction.guildId, { language: lang });
  const voice = voiceFor(lang) ? '' : `\n${t('settings.languageNoVoice')}`;
  return t('settings.languageSet', { language: name(lang) }) + voice;
};

/** Who besides Manage Server may write the server's sequences. */
const teacherRole: Setting = async (interaction, ctx) => {
  const role = interaction.options.getRole('role');
  const locale = interaction.locale;
  if (interaction.options.getBoolean('clear')) {
    await ctx.settings.update(interaction.guildId, { teacherRoleId: null });
    return t('settings.teacherCleared', {}, locale);
  }
  if (!role) {
    const current = (await ctx.settings.get(interaction.guildId)).teacherRoleId;
    return current ? t('settings.teacherCurrent', { role: current }, locale) : t('settings.teacherNone', {}, locale);
  }
  if (role.id === interaction.guildId) throw new InputError('settings.teacherEveryone');
  await ctx.settings.update(interaction.guildId, { teacherRoleId: role.id });
  return t('settings.teacherSet', { role: role.id }, locale);
};

/** What yin can and can't do in a channel (this one by default) and in the server, and how to grant the rest. */
const permissions: Setting = async (interaction) => {
  const chosen = interaction.options.getChannel('channel');
  const channel = chosen ? interaction.guild.channels.cache.get(chosen.id) : interaction.channel;
  if (!channel || (channel.type !== ChannelType.GuildText && channel.type !== ChannelType.GuildVoice))
    throw new InputError('session.wrongChannel');
  return permissionReport(channel, interaction.locale);
};

const SETTINGS: Record<string, Setting> = {
  permissions,
  'discoveries-channel': discoveriesChannel,
  sound,
  language,
  'teacher-role': teacherRole,
  attendance: attendanceSettings,
};

/**
 * Discord can't set default_member_permissions per subcommand, so Manage Server is checked here,
 * for every setting but a member's own (`my-name`).
 */
export const settings: Subcommand = {
  data: settingsDefinition,

  async execute(interaction, ctx) {
    if (!interaction.inCachedGuild()) throw new InputError('settings.guildOnly');
    // The member's own setting: anyone may choose it.
    if (interaction.options.getSubcommand() === 'my-name') {
      await interaction.reply(ephemeral({ content: await myName(interaction, ctx) }));
      return;
    }
    if (!interaction.memberPermissions.has(PermissionFlagsBits.ManageGuild))
      throw new InputError('settings.manageServer');
    const setting = SETTINGS[interaction.options.getSubcommand()];
    if (!setting) throw new InputError('settings.unknown');
    await interaction.reply(ephemeral({ content: await setting(interaction, ctx) }));
  },
};
