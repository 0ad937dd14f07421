import { ApplicationCommandOptionType as T, type APIApplicationCommandSubcommandOption } from 'discord.js';

export const handoverDefinition: APIApplicationCommandSubcommandOption = {
  type: T.Subcommand,
  name: 'handover',
  description: 'Pass this class’s controls to another member',
  options: [{ type: T.User, name: 'member', description: 'Who leads the class from now on', required: true }],
};
