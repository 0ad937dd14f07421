import { ApplicationCommandOptionType as T, type APIApplicationCommandSubcommandOption } from 'discord.js';

export const viewDefinition: APIApplicationCommandSubcommandOption = {
  type: T.Subcommand,
  name: 'view',
  description: 'Open the class view: pose, countdown and what’s next',
};
