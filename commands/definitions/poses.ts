import { ApplicationCommandOptionType as T, type APIApplicationCommandSubcommandOption } from 'discord.js';

export const posesDefinition: APIApplicationCommandSubcommandOption = {
  type: T.Subcommand,
  name: 'poses',
  description: 'The pose library, with the ids for sequences',
  options: [
    {
      type: T.String,
      name: 'area',
      description: 'Body area, e.g. hips, spine, shoulders, neck',
      max_length: 40,
    },
  ],
};
