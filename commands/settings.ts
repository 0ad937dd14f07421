import {
  ApplicationCommandOptionType, ChannelType, MessageFlags, PermissionFlagsBits,
  type APIApplicationCommandSubcommandOption, type ChatInputCommandInteraction,
} from 'discord.js';
import type { BotContext } from '../src/discord/context.ts';
import { NO_PINGS } from '../src/discord/render-session.ts';
import { UserFacingError } from '../src/errors.ts';
import { SOUND_MODES, type SoundMode } from '../src/domain/session.ts';
import type { Subcommand } from './command.ts';

/** One `/yin settings <name>`: its definition and handler. A new setting is one more entry. */
interface Setting {
  data: APIApplicationCommandSubcommandOption;
  execute(interaction: ChatInputCommandInteraction<'cached'>, ctx: BotContext): Promise<string>;
}

const discoveriesChannel: Setting = {
  data: {
    type: ApplicationCommandOptionType.Subcommand,
    name: 'discoveries-channel',
    description: 'Where discoveries go for sessions in a voice channel’s chat (Manage Server)',
    options: [
      { type: ApplicationCommandOptionType.Channel, name: 'channel', description: 'A text channel (leave out to see the current one)', channel_types: [ChannelType.GuildText] },
      { type: ApplicationCommandOptionType.Boolean, name: 'clear', description: 'Stop using a discoveries channel' },
    ],
  },
  async execute(interaction, ctx) {
    const channel = interaction.options.getChannel('channel');
    if (interaction.options.getBoolean('clear')) {
      await ctx.settings.update(interaction.guildId, { discoveriesChannelId: null });
      return 'Cleared. Sessions in a voice channel’s chat will collect discoveries right in that chat.';
    }
    if (!channel) {
      const current = (await ctx.settings.get(interaction.guildId)).discoveriesChannelId;
      return current
        ? `Discoveries from voice sessions go to <#${current}>. Change it with \`channel:\`, or stop with \`clear:True\`.`
        : 'No discoveries channel is set: voice sessions collect discoveries in their own chat. Pick one with `channel:`.';
    }
    if (channel.type !== ChannelType.GuildText) throw new UserFacingError('Pick a text channel: I open a thread there for each voice session.');
    const me = interaction.guild.members.me;
    const perms = me ? channel.permissionsFor(me) : null;
    if (!perms?.has(PermissionFlagsBits.ViewChannel) || !perms.has(PermissionFlagsBits.SendMessages)) {
      throw new UserFacingError(`I can’t post in <#${channel.id}>: I need View Channel and Send Messages there.`);
    }
    await ctx.settings.update(interaction.guildId, { discoveriesChannelId: channel.id });
    return `Done. Discoveries from sessions in a voice channel’s chat will go to <#${channel.id}>.`;
  },
};

const SOUND_WORDS: Record<SoundMode, string> = { 'bell+voice': 'a bell and spoken cues', bell: 'the bell only', off: 'no sound (text only)' };

const sound: Setting = {
  data: {
    type: ApplicationCommandOptionType.Subcommand,
    name: 'sound',
    description: 'What voice sessions play by default (Manage Server)',
    options: [{ type: ApplicationCommandOptionType.String, name: 'mode', description: 'Leave out to see the current one', choices: SOUND_MODES.map((m) => ({ name: m, value: m })) }],
  },
  async execute(interaction, ctx) {
    const mode = interaction.options.getString('mode') as SoundMode | null;
    if (!mode) {
      const current = (await ctx.settings.get(interaction.guildId)).sound ?? 'bell+voice';
      return `Voice sessions here play ${SOUND_WORDS[current]} (\`${current}\`). \`/yin start … sound:\` overrides it for one session.`;
    }
    if (!SOUND_MODES.includes(mode)) throw new UserFacingError(`Sound is one of ${SOUND_MODES.join(', ')}.`);
    await ctx.settings.update(interaction.guildId, { sound: mode });
    return `Done. Voice sessions here will play ${SOUND_WORDS[mode]}.`;
  },
};

const SETTINGS: readonly Setting[] = [discoveriesChannel, sound];

/**
 * `/yin settings …`. Discord can't set default_member_permissions per subcommand, so Manage
 * Server is checked here, for every setting.
 */
export const settings: Subcommand = {
  data: {
    type: ApplicationCommandOptionType.SubcommandGroup,
    name: 'settings',
    description: 'Server settings for yin (Manage Server)',
    options: SETTINGS.map((s) => s.data),
  },

  async execute(interaction, ctx) {
    if (!interaction.inCachedGuild()) throw new UserFacingError('Settings belong to a server: run this in one.');
    if (!interaction.memberPermissions.has(PermissionFlagsBits.ManageGuild)) throw new UserFacingError('Only members with Manage Server can change yin’s settings.');
    const setting = SETTINGS.find((s) => s.data.name === interaction.options.getSubcommand());
    if (!setting) throw new UserFacingError('I don’t know that setting.');
    const content = await setting.execute(interaction, ctx);
    await interaction.reply({ content, flags: MessageFlags.Ephemeral, allowedMentions: NO_PINGS });
  },
};
