import { ApplicationCommandOptionType as T, ChannelType, type APIApplicationCommandSubcommandOption } from 'discord.js';

/** `/yin settings attendance`: where reports and the weekly total go (words kept short: 8,000 characters a locale). */
export const attendanceSettingsDefinition: APIApplicationCommandSubcommandOption = {
  type: T.Subcommand,
  name: 'attendance',
  description: 'Attendance reports and the weekly total',
  options: [
    {
      type: T.Channel,
      name: 'reports',
      description: 'Organisers-only channel for scheduled classes’ reports',
      channel_types: [ChannelType.GuildText],
    },
    {
      type: T.Channel,
      name: 'weekly',
      description: 'Channel for the weekly total (no names)',
      channel_types: [ChannelType.GuildText],
    },
    {
      type: T.String,
      name: 'off',
      description: 'Turn one off',
      choices: [
        { name: 'reports', value: 'reports' },
        { name: 'weekly total', value: 'weekly' },
      ],
    },
  ],
};

/** The one setting of a member's own, not the server's: any member may use it. */
export const myNameDefinition: APIApplicationCommandSubcommandOption = {
  type: T.Subcommand,
  name: 'my-name',
  description: 'Yours to choose: may attendance reports name you?',
  options: [{ type: T.Boolean, name: 'show', description: 'Yes or no (leave out to see)' }],
};
