import { ApplicationCommandOptionType, ChannelType, MessageFlags, PermissionFlagsBits, type GuildBasedChannel } from 'discord.js';
import { SOUND_MODES, type SoundMode } from '../src/domain/session.ts';
import { UserFacingError } from '../src/errors.ts';
import { sessionLength } from '../src/discord/render-session.ts';
import type { Subcommand } from './command.ts';
import { sequenceChoices } from './sequence-choices.ts';

const NEEDED = [
  [PermissionFlagsBits.ViewChannel, 'View Channel'],
  [PermissionFlagsBits.SendMessages, 'Send Messages'],
  [PermissionFlagsBits.EmbedLinks, 'Embed Links'],
] as const;

function checkCanPost(channel: GuildBasedChannel): void {
  const me = channel.guild.members.me;
  const perms = me ? channel.permissionsFor(me) : null;
  const missing = NEEDED.filter(([flag]) => !perms?.has(flag)).map(([, name]) => name);
  if (missing.length) throw new UserFacingError(`I can't guide a session in <#${channel.id}>: I need ${missing.join(', ')} there. Ask a server admin to allow it.`);
}

export const start: Subcommand = {
  data: {
    type: ApplicationCommandOptionType.Subcommand,
    name: 'start',
    description: 'Start a guided yin session in this channel (or another one)',
    options: [
      { type: ApplicationCommandOptionType.String, name: 'sequence', description: 'Which sequence, e.g. back', required: true, autocomplete: true },
      { type: ApplicationCommandOptionType.Integer, name: 'hold', description: 'Minutes per pose (yin holds are 3–5)', min_value: 1, max_value: 10 },
      { type: ApplicationCommandOptionType.Channel, name: 'channel', description: 'Where to practise (default: here)', channel_types: [ChannelType.GuildText, ChannelType.GuildVoice] },
      { type: ApplicationCommandOptionType.String, name: 'sound', description: 'In a voice channel: bell and voice, bell only, or off (default: the server’s)', choices: SOUND_MODES.map((m) => ({ name: m, value: m })) },
    ],
  },

  async execute(interaction, ctx) {
    if (!interaction.inCachedGuild()) throw new UserFacingError('Sessions run in a server channel, not in DMs.');
    const target = interaction.options.getChannel('channel') ?? interaction.channel;
    if (!target || !('guild' in target)) throw new UserFacingError('Run this in a text channel or a voice channel’s chat.');
    if (target.type !== ChannelType.GuildText && target.type !== ChannelType.GuildVoice) throw new UserFacingError('Sessions run in a text channel or a voice channel’s chat.');
    checkCanPost(target);
    const sound = interaction.options.getString('sound') as SoundMode | null;
    const { timeline } = await ctx.runner.start({
      guildId: interaction.guildId,
      channelId: target.id,
      hostId: interaction.user.id,
      sequenceId: interaction.options.getString('sequence', true).trim().toLowerCase(),
      ...(interaction.options.getInteger('hold') !== null ? { holdMinutes: interaction.options.getInteger('hold', true) } : {}),
      ...(sound ? { sound } : {}),
    });
    await interaction.reply({
      content: `Starting **${timeline.sequence.name}** in <#${target.id}> — ${sessionLength(timeline)}. You're the host: the buttons under each post pause, skip, add a minute or end it.`,
      flags: MessageFlags.Ephemeral,
    });
  },

  autocomplete: sequenceChoices,
};
