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
  description: 'Channel for discoveries from voice sessions',
  options: [
    {
      type: T.Channel,
      name: 'channel',
      description: 'A text channel (leave out to see it)',
      channel_types: [ChannelType.GuildText],
    },
    { type: T.Boolean, name: 'clear', description: 'Stop using a discoveries channel' },
  ],
};

export const soundDefinition: APIApplicationCommandSubcommandOption = {
  type: T.Subcommand,
  name: 'sound',
  description: 'Default sound for voice sessions (no options: see it)',
  options: soundOptions('server'),
};

export const languageDefinition: APIApplicationCommandSubcommandOption = {
  type: T.Subcommand,
  name: 'language',
  description: 'Language of practice posts and voice (no option: see it)',
  options: [languageOption('The practice language')],
};

export const teacherRoleDefinition: APIApplicationCommandSubcommandOption = {
  type: T.Subcommand,
  name: 'teacher-role',
  description: 'The role that may write this server’s sequences',
  options: [
    { type: T.Role, name: 'role', description: 'The teachers’ role (leave out to see it)' },
    { type: T.Boolean, name: 'clear', description: 'Only members with Manage Server write sequences' },
  ],
};

export const permissionsDefinition: APIApplicationCommandSubcommandOption = {
  type: T.Subcommand,
  name: 'permissions',
  description: 'Check yin’s permissions and what to grant',
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
  description: 'yin’s server settings (Manage Server)',
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
