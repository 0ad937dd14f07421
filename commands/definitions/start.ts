import { ApplicationCommandOptionType as T, ChannelType, type APIApplicationCommandSubcommandOption } from 'discord.js';
import { planOptions } from './plan-options.ts';
import { languageOption } from './language-option.ts';
import { soundOptions } from './sound-options.ts';

export const startDefinition: APIApplicationCommandSubcommandOption = {
  type: T.Subcommand,
  name: 'start',
  description: 'Start a guided session here or in another channel',
  options: [
    { type: T.String, name: 'sequence', description: 'Which sequence, e.g. back', required: true, autocomplete: true },
    ...planOptions,
    {
      type: T.Channel,
      name: 'channel',
      description: 'Where to practise (default: here)',
      channel_types: [ChannelType.GuildText, ChannelType.GuildVoice],
    },
    ...soundOptions('session'),
    languageOption('Language of the posts and voice'),
  ],
};
