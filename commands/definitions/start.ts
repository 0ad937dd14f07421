import { ApplicationCommandOptionType as T, ChannelType, type APIApplicationCommandSubcommandOption } from 'discord.js';
import { HOLD_MINUTES, SOUND_MODES } from '../../src/domain/session.ts';

export const startDefinition: APIApplicationCommandSubcommandOption = {
  type: T.Subcommand,
  name: 'start',
  description: 'Start a guided yin session in this channel (or another one)',
  options: [
    { type: T.String, name: 'sequence', description: 'Which sequence, e.g. back', required: true, autocomplete: true },
    {
      type: T.Integer,
      name: 'hold',
      description: 'Minutes per pose (yin holds are 3–5)',
      min_value: HOLD_MINUTES.min,
      max_value: HOLD_MINUTES.max,
    },
    {
      type: T.Channel,
      name: 'channel',
      description: 'Where to practise (default: here)',
      channel_types: [ChannelType.GuildText, ChannelType.GuildVoice],
    },
    {
      type: T.String,
      name: 'sound',
      description: 'In a voice channel: bell and voice, bell only, or off (default: the server’s)',
      choices: SOUND_MODES.map((m) => ({ name: m, value: m })),
    },
  ],
};
