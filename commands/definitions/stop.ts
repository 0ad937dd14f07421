import { ApplicationCommandOptionType as T, type APIApplicationCommandSubcommandOption } from 'discord.js';

export const stopDefinition: APIApplicationCommandSubcommandOption = {
  type: T.Subcommand,
  name: 'stop',
  description: 'End the session in this channel',
};
