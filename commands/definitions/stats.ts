import { ApplicationCommandOptionType as T, type APIApplicationCommandSubcommandOption } from 'discord.js';

export const statsDefinition: APIApplicationCommandSubcommandOption = {
  type: T.Subcommand,
  name: 'stats',
  description: 'Your sessions, minutes and weekly streak (private)',
  options: [
    {
      type: T.String,
      name: 'timezone',
      description: 'Time zone to count weeks in (default: UTC)',
      autocomplete: true,
    },
  ],
};
