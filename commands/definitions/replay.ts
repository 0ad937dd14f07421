import { ApplicationCommandOptionType as T, type APIApplicationCommandSubcommandOption } from 'discord.js';

export const replayDefinition: APIApplicationCommandSubcommandOption = {
  type: T.Subcommand,
  name: 'replay',
  description: 'Practise a class again, privately, on your own',
  options: [
    {
      type: T.String,
      name: 'sequence',
      description: 'Another sequence (default: your last class here)',
      autocomplete: true,
    },
  ],
};
