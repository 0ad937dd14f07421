import { ChannelType, PermissionFlagsBits, type ChatInputCommandInteraction } from 'discord.js';
import type { BotContext } from '../src/discord/context.ts';
import { ephemeral } from '../src/discord/markup.ts';
import { missingPermissions } from '../src/discord/permissions.ts';
import { InputError } from '../src/domain/input-error.ts';
import { DEFAULT_SOUND, SOUND_MODES, type SoundMode } from '../src/domain/session.ts';
import { t } from '../src/i18n.ts';
import type { Subcommand } from './command.ts';
import { settingsDefinition } from './definitions/settings.ts';

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
  if (
    missingPermissions(channel, [
      [PermissionFlagsBits.ViewChannel, 'View Channel'],
      [PermissionFlagsBits.SendMessages, 'Send Messages'],
    ]).length
  ) {
    throw new InputError('settings.discoveriesCantPost', { channel: channel.id });
  }
  await ctx.settings.update(interaction.guildId, { discoveriesChannelId: channel.id });
  return t('settings.discoveriesSet', { channel: channel.id });
};

const sound: Setting = async (interaction, ctx) => {
  const mode = interaction.options.getString('mode') as SoundMode | null;
  if (!mode) {
    const current = (await ctx.settings.get(interaction.guildId)).sound ?? DEFAULT_SOUND;
    return t('settings.soundCurrent', { words: t(`settings.sound_${current}`), mode: current });
  }
  if (!SOUND_MODES.includes(mode)) throw new InputError('settings.soundOneOf', { modes: SOUND_MODES.join(', ') });
  await ctx.settings.update(interaction.guildId, { sound: mode });
  return t('settings.soundSet', { words: t(`settings.sound_${mode}`) });
};

const SETTINGS: Record<string, Setting> = { 'discoveries-channel': discoveriesChannel, sound };

/** Discord can't set default_member_permissions per subcommand, so Manage Server is checked here. */
export const settings: Subcommand = {
  data: settingsDefinition,

  async execute(interaction, ctx) {
    if (!interaction.inCachedGuild()) throw new InputError('settings.guildOnly');
    if (!interaction.memberPermissions.has(PermissionFlagsBits.ManageGuild))
      throw new InputError('settings.manageServer');
    const setting = SETTINGS[interaction.options.getSubcommand()];
    if (!setting) throw new InputError('settings.unknown');
    await interaction.reply(ephemeral({ content: await setting(interaction, ctx) }));
  },
};
