import { ApplicationCommandOptionType as T, ChannelType, type APIApplicationCommandSubcommandOption } from 'discord.js';

export const attendanceChannelDefinition: APIApplicationCommandSubcommandOption = {
  type: T.Subcommand,
  name: 'attendance-channel',
  description: 'Where the attendance report goes after each scheduled class: organisers only (Manage Server)',
  options: [
    {
      type: T.Channel,
      name: 'channel',
      description: 'A text channel only organisers see (leave out to see the current one)',
      channel_types: [ChannelType.GuildText],
    },
    { type: T.Boolean, name: 'clear', description: 'Stop posting attendance reports' },
  ],
};

export const weeklyTotalDefinition: APIApplicationCommandSubcommandOption = {
  type: T.Subcommand,
  name: 'weekly-total',
  description: 'Each Sunday, the minutes this server practised together that week: no names (Manage Server)',
  options: [
    {
      type: T.Channel,
      name: 'channel',
      description: 'Where to post it (leave out to see the current one)',
      channel_types: [ChannelType.GuildText],
    },
    { type: T.Boolean, name: 'off', description: 'Stop posting the weekly total' },
  ],
};

/** The one setting of a member's own, not the server's: any member may use it. */
export const myNameDefinition: APIApplicationCommandSubcommandOption = {
  type: T.Subcommand,
  name: 'my-name-in-reports',
  description: 'Yours, not the server’s: may organisers’ attendance reports show your name?',
  options: [
    { type: T.Boolean, name: 'show', description: 'Yes to show your name, no to be counted only (leave out to see)' },
  ],
};
