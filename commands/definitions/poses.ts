import { ApplicationCommandOptionType as T, type APIApplicationCommandSubcommandOption } from 'discord.js';

export const posesDefinition: APIApplicationCommandSubcommandOption = {
  type: T.Subcommand,
  name: 'poses',
  description: 'The pose library: the ids to write a sequence with',
  options: [
    {
      type: T.String,
      name: 'area',
      description: 'Only poses that work on this, e.g. hips, spine, shoulders, neck',
      max_length: 40,
    },
  ],
};
