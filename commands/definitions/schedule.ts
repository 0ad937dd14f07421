import {
  ApplicationCommandOptionType as T,
  ChannelType,
  type APIApplicationCommandSubcommandGroupOption,
  type APIApplicationCommandSubcommandOption,
} from 'discord.js';
import { languageOption } from './language-option.ts';
import { HOLD_MINUTES, LENGTH_MINUTES } from '../../src/domain/session.ts';

const DAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'].map((d) => ({
  name: d,
  value: d,
}));
const pick = (name: string, description: string): APIApplicationCommandSubcommandOption => ({
  type: T.Subcommand,
  name,
  description,
  options: [
    {
      type: T.String,
      name: 'schedule',
      description: 'Which schedule (start typing its sequence, channel or id)',
      required: true,
      autocomplete: true,
    },
  ],
});

/** Kept short: the command has 8,000 characters a locale for everything. */
const attendanceDefinition: APIApplicationCommandSubcommandOption = {
  type: T.Subcommand,
  name: 'attendance',
  description: 'A schedule’s attendance, with a CSV (Manage Events)',
  options: [
    { type: T.String, name: 'schedule', description: 'Which schedule', required: true, autocomplete: true },
    { type: T.String, name: 'from', description: 'First day, YYYY-MM-DD', max_length: 10 },
    { type: T.String, name: 'to', description: 'Last day, YYYY-MM-DD', max_length: 10 },
  ],
};

/**
 * `/yin schedule add|list|remove|pause|resume|attendance`. Discord's default_member_permissions can only
 * be set on the whole `/yin` command (not on a group), and members need `/yin start`, so the
 * Manage Events rule for changing schedules is enforced in the handlers.
 */
export const scheduleDefinition: APIApplicationCommandSubcommandGroupOption = {
  type: T.SubcommandGroup,
  name: 'schedule',
  description: 'Weekly community practice (changing schedules needs Manage Events)',
  options: [
    {
      type: T.Subcommand,
      name: 'add',
      description: 'Schedule a recurring practice (needs Manage Events)',
      options: [
        {
          type: T.String,
          name: 'sequence',
          description: 'Which sequence, e.g. back',
          required: true,
          autocomplete: true,
        },
        {
          type: T.Channel,
          name: 'channel',
          description: 'Where to practise: a voice channel, or a text channel',
          required: true,
          channel_types: [ChannelType.GuildVoice, ChannelType.GuildText],
        },
        {
          type: T.String,
          name: 'timezone',
          description: 'Time zone, e.g. Europe/Berlin (start typing a city)',
          required: true,
          autocomplete: true,
        },
        { type: T.String, name: 'day', description: 'One weekday', choices: DAYS },
        { type: T.String, name: 'days', description: 'Several days, e.g. mon,wed,fri or weekdays', max_length: 100 },
        { type: T.String, name: 'time', description: 'Local start time, e.g. 19:00', max_length: 10 },
        {
          type: T.String,
          name: 'cron',
          description: 'Advanced, instead of day/time: 5-field cron, e.g. 0 19 * * 2',
          max_length: 100,
        },
        {
          type: T.Integer,
          name: 'hold',
          description: 'Minutes per pose (yin holds are 3–5)',
          min_value: HOLD_MINUTES.min,
          max_value: HOLD_MINUTES.max,
        },
        {
          type: T.Integer,
          name: 'length',
          description: 'Minutes for the whole class, e.g. 30: holds and optional poses fit it',
          min_value: LENGTH_MINUTES.min,
          max_value: LENGTH_MINUTES.max,
        },
        {
          type: T.Integer,
          name: 'remind',
          description: 'Post a reminder this many minutes before (0 = none)',
          min_value: 0,
          max_value: 120,
        },
        { type: T.Role, name: 'role', description: 'Role to ping in the reminder and at the start' },
        languageOption('The language of its posts and voice (default: the server’s)'),
      ],
    },
    { type: T.Subcommand, name: 'list', description: "This server's scheduled practices and their next start" },
    pick('remove', 'Delete a schedule and its upcoming event (needs Manage Events)'),
    pick('pause', 'Stop a schedule for now, keeping it (needs Manage Events)'),
    pick('resume', 'Start a paused schedule again (needs Manage Events)'),
    attendanceDefinition,
  ],
};
