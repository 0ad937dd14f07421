import {
  ApplicationCommandOptionType as T,
  ChannelType,
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandSubcommandGroupOption,
  type APIApplicationCommandSubcommandOption,
} from 'discord.js';
import { languageOption } from './language-option.ts';
import { planOptions } from './plan-options.ts';

/** The most places a class may have (`capacity:`). */
const MAX_CAPACITY = 1000;

const DAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'].map((d) => ({
  name: d,
  value: d,
}));
const pick = (
  name: string,
  description: string,
  more: APIApplicationCommandBasicOption[] = [],
): APIApplicationCommandSubcommandOption => ({
  type: T.Subcommand,
  name,
  description,
  options: [
    {
      type: T.String,
      name: 'schedule',
      description: 'Which schedule',
      required: true,
      autocomplete: true,
    },
    ...more,
  ],
});

/** Kept short: the command has 8,000 characters a locale for everything. */
const attendanceDefinition: APIApplicationCommandSubcommandOption = {
  type: T.Subcommand,
  name: 'attendance',
  description: 'A schedule’s attendance, with a CSV',
  options: [
    { type: T.String, name: 'schedule', description: 'Which schedule', required: true, autocomplete: true },
    { type: T.String, name: 'from', description: 'First day, YYYY-MM-DD', max_length: 10 },
    { type: T.String, name: 'to', description: 'Last day, YYYY-MM-DD', max_length: 10 },
  ],
};

/**
 * `/yin schedule add|list|remove|pause|resume|calendar|edit|substitute|roster|capacity|attendance`. Discord's
 * default_member_permissions can only
 * be set on the whole `/yin` command (not on a group), and members need `/yin start`, so the
 * Manage Events rule for changing schedules is enforced in the handlers.
 */
export const scheduleDefinition: APIApplicationCommandSubcommandGroupOption = {
  type: T.SubcommandGroup,
  name: 'schedule',
  description: 'Weekly classes (changes need Manage Events)',
  options: [
    {
      type: T.Subcommand,
      name: 'add',
      description: 'Schedule a recurring class (needs Manage Events)',
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
          description: 'Voice or text channel to practise in',
          required: true,
          channel_types: [ChannelType.GuildVoice, ChannelType.GuildText],
        },
        {
          type: T.String,
          name: 'timezone',
          description: 'Time zone: start typing a city',
          required: true,
          autocomplete: true,
        },
        { type: T.String, name: 'day', description: 'One weekday', choices: DAYS },
        { type: T.String, name: 'days', description: 'Several days, e.g. mon,wed,fri or weekdays', max_length: 100 },
        { type: T.String, name: 'time', description: 'Local start time, e.g. 19:00', max_length: 10 },
        {
          type: T.String,
          name: 'cron',
          description: 'Instead of day/time: cron, e.g. 0 19 * * 2',
          max_length: 100,
        },
        ...planOptions,
        {
          type: T.Integer,
          name: 'remind',
          description: 'Reminder this many minutes before (0: none)',
          min_value: 0,
          max_value: 120,
        },
        { type: T.Role, name: 'role', description: 'Role to ping in the reminder and at the start' },
        languageOption('Language of its posts and voice'),
        { type: T.User, name: 'teacher', description: 'Who teaches: named in the reminder, holds the controls' },
        {
          type: T.Integer,
          name: 'capacity',
          description: 'Places per class, then a waitlist (default: no limit)',
          min_value: 1,
          max_value: MAX_CAPACITY,
        },
      ],
    },
    { type: T.Subcommand, name: 'list', description: 'Scheduled classes and their next start' },
    pick('remove', 'Delete a schedule and its upcoming event'),
    pick('pause', 'Pause a schedule, keeping it'),
    pick('resume', 'Restart a paused schedule'),
    pick('calendar', 'Add a schedule to your own calendar (.ics file)'),
    {
      ...pick('edit', 'Change who teaches a schedule'),
      options: [
        ...(pick('edit', '').options ?? []),
        { type: T.User, name: 'teacher', description: 'Who teaches it from now on' },
        { type: T.Boolean, name: 'no-teacher', description: 'Name no teacher any more' },
      ],
    },
    pick('substitute', 'Ask the teachers’ role to cover the next class'),
    pick('roster', 'Who signed up for the next class (host and organisers)'),
    pick('capacity', 'Change the places per class', [
      {
        type: T.Integer,
        name: 'places',
        description: 'Places per class (0: no limit)',
        required: true,
        min_value: 0,
        max_value: MAX_CAPACITY,
      },
    ]),
    attendanceDefinition,
  ],
};
