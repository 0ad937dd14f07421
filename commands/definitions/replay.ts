import { ApplicationCommandOptionType as T, type APIApplicationCommandSubcommandOption } from 'discord.js';

export const replayDefinition: APIApplicationCommandSubcommandOption = {
  type: T.Subcommand,
  name: 'replay',
  description: 'Practise a class again on your own, privately: your last one here, or another',
  options: [
    {
      type: T.String,
      name: 'sequence',
      description: 'Another sequence (default: the last class you practised here)',
      autocomplete: true,
    },
  ],
};
