import {
  ApplicationCommandOptionType as T,
  ChannelType,
  type APIApplicationCommandSubcommandGroupOption,
  type APIApplicationCommandSubcommandOption,
} from 'discord.js';
import { languageOption } from './language-option.ts';
import { soundOptions } from './sound-options.ts';
import { attendanceSettingsDefinition, myNameDefinition } from './attendance-settings.ts';

export const discoveriesChannelDefinition: APIApplicationCommandSubcommandOption = {
  type: T.Subcommand,
  name: 'discoveries-channel',
  description: 'Where discoveries go for sessions in a voice channel’s chat (Manage Server)',
  options: [
    {
      type: T.Channel,
      name: 'channel',
      description: 'A text channel (leave out to see the current one)',
      channel_types: [ChannelType.GuildText],
    },
    { type: T.Boolean, name: 'clear', description: 'Stop using a discoveries channel' },
  ],
};

export const soundDefinition: APIApplicationCommandSubcommandOption = {
  type: T.Subcommand,
  name: 'sound',
  description: 'How voice sessions sound by default; no options shows it (Manage Server)',
  options: soundOptions('server'),
};

export const languageDefinition: APIApplicationCommandSubcommandOption = {
  type: T.Subcommand,
  name: 'language',
  description: 'The language of this server’s practice posts and voice; no option shows it (Manage Server)',
  options: [languageOption('The practice language (default: the server’s Discord language)')],
};

export const teacherRoleDefinition: APIApplicationCommandSubcommandOption = {
  type: T.Subcommand,
  name: 'teacher-role',
  description: 'Members with this role may write the server’s sequences (Manage Server)',
  options: [
    { type: T.Role, name: 'role', description: 'The teachers’ role (leave out to see the current one)' },
    { type: T.Boolean, name: 'clear', description: 'Only members with Manage Server write sequences' },
  ],
};

export const permissionsDefinition: APIApplicationCommandSubcommandOption = {
  type: T.Subcommand,
  name: 'permissions',
  description: 'What yin may do in a channel and in the server, and what to grant (Manage Server)',
  options: [
    {
      type: T.Channel,
      name: 'channel',
      description: 'A practice channel (default: this one)',
      channel_types: [ChannelType.GuildText, ChannelType.GuildVoice],
    },
  ],
};

/**
 * `/yin settings …`. Discord can't set default_member_permissions per subcommand, so the
 * handler checks Manage Server for every setting but the member's own `my-name`.
 */
export const settingsDefinition: APIApplicationCommandSubcommandGroupOption = {
  type: T.SubcommandGroup,
  name: 'settings',
  description: 'Server settings for yin (Manage Server)',
  options: [
    discoveriesChannelDefinition,
    soundDefinition,
    languageDefinition,
    teacherRoleDefinition,
    permissionsDefinition,
    attendanceSettingsDefinition,
    myNameDefinition,
  ],
};
