import { ApplicationCommandOptionType as T, ChannelType, type APIApplicationCommandSubcommandOption } from 'discord.js';
import { HOLD_MINUTES, LENGTH_MINUTES } from '../../src/domain/session.ts';
import { languageOption } from './language-option.ts';
import { soundOptions } from './sound-options.ts';

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
      type: T.Integer,
      name: 'length',
      description: 'Minutes for the whole class, e.g. 30: holds and optional poses fit it',
      min_value: LENGTH_MINUTES.min,
      max_value: LENGTH_MINUTES.max,
    },
    {
      type: T.Channel,
      name: 'channel',
      description: 'Where to practise (default: here)',
      channel_types: [ChannelType.GuildText, ChannelType.GuildVoice],
    },
    ...soundOptions('session'),
    languageOption('The language of the posts and the voice (default: the server’s)'),
  ],
};
