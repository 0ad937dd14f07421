import { ApplicationCommandOptionType as T, type APIApplicationCommandSubcommandOption } from 'discord.js';

export const statsDefinition: APIApplicationCommandSubcommandOption = {
  type: T.Subcommand,
  name: 'stats',
  description: 'Your practice: sessions, minutes, weekly streak (only you see it)',
  options: [
    {
      type: T.String,
      name: 'timezone',
      description: 'Count weeks in your time zone, e.g. America/New_York (default UTC)',
      autocomplete: true,
    },
  ],
};
