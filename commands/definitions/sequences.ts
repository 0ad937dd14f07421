import { ApplicationCommandOptionType as T, type APIApplicationCommandSubcommandOption } from 'discord.js';

export const sequencesDefinition: APIApplicationCommandSubcommandOption = {
  type: T.Subcommand,
  name: 'sequences',
  description: 'The sequences you can practise',
};
