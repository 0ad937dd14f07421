import {
  ApplicationCommandOptionType as T,
  ChannelType,
  MessageFlags,
  type APIApplicationCommandSubcommandGroupOption,
  type APIApplicationCommandSubcommandOption,
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
} from 'discord.js';
import type { BotContext } from '../src/discord/context.ts';
import { explain, requireManageEvents } from '../src/discord/schedule/access.ts';
import { addedReply, alreadyReply, listLine, listReply, pausedReply, removedReply, resumedReply, scheduleChoice } from '../src/discord/schedule/format.ts';
import { UserFacingError } from '../src/errors.ts';
import { scheduledTimeline } from '../src/schedule/practice.ts';
import { timezoneChoices } from '../src/schedule/rule.ts';
import { addSchedule, listSchedules, pauseSchedule, removeSchedule, resumeSchedule } from '../src/schedule/verbs.ts';
import type { Subcommand } from './command.ts';
import { sequenceChoices } from './sequence-choices.ts';

const DAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'].map((d) => ({ name: d, value: d }));
const pick = (name: string, description: string): APIApplicationCommandSubcommandOption => ({
  type: T.Subcommand,
  name,
  description,
  options: [{ type: T.String, name: 'schedule', description: 'Which schedule (start typing its sequence, channel or id)', required: true, autocomplete: true }],
});

/**
 * `/yin schedule add|list|remove|pause|resume`. Discord's default_member_permissions can only
 * be set on the whole `/yin` command (not on a group), and members need `/yin start`, so the
 * Manage Events rule for changing schedules is enforced in the handlers.
 */
const data: APIApplicationCommandSubcommandGroupOption = {
  type: T.SubcommandGroup,
  name: 'schedule',
  description: 'Weekly community practice (changing schedules needs Manage Events)',
  options: [
    {
      type: T.Subcommand,
      name: 'add',
      description: 'Schedule a recurring practice (needs Manage Events)',
      options: [
        { type: T.String, name: 'sequence', description: 'Which sequence, e.g. back', required: true, autocomplete: true },
        { type: T.Channel, name: 'channel', description: 'Where to practise: a voice channel, or a text channel', required: true, channel_types: [ChannelType.GuildVoice, ChannelType.GuildText] },
        { type: T.String, name: 'timezone', description: 'Time zone, e.g. Europe/Berlin (start typing a city)', required: true, autocomplete: true },
        { type: T.String, name: 'day', description: 'One weekday', choices: DAYS },
        { type: T.String, name: 'days', description: 'Several days, e.g. mon,wed,fri or weekdays', max_length: 100 },
        { type: T.String, name: 'time', description: 'Local start time, e.g. 19:00', max_length: 10 },
        { type: T.String, name: 'cron', description: 'Advanced, instead of day/time: 5-field cron, e.g. 0 19 * * 2', max_length: 100 },
        { type: T.Integer, name: 'hold', description: 'Minutes per pose (yin holds are 3–5)', min_value: 1, max_value: 10 },
        { type: T.Integer, name: 'remind', description: 'Post a reminder this many minutes before (0 = none)', min_value: 0, max_value: 120 },
        { type: T.Role, name: 'role', description: 'Role to ping in the reminder and at the start' },
      ],
    },
    { type: T.Subcommand, name: 'list', description: "This server's scheduled practices and their next start" },
    pick('remove', 'Delete a schedule and its upcoming event (needs Manage Events)'),
    pick('pause', 'Stop a schedule for now, keeping it (needs Manage Events)'),
    pick('resume', 'Start a paused schedule again (needs Manage Events)'),
  ],
};

export const schedule: Subcommand = {
  data,

  async execute(interaction, ctx) {
    if (!interaction.inCachedGuild()) throw new UserFacingError('Schedules belong to a server; use this in one.');
    const sub = interaction.options.getSubcommand(true);
    if (sub === 'add') return add(interaction, ctx);
    if (sub === 'list') return list(interaction, ctx);
    if (sub === 'remove') return remove(interaction, ctx);
    if (sub === 'pause' || sub === 'resume') return setPaused(interaction, ctx, sub === 'pause');
    throw new UserFacingError('I don’t know that schedule command.');
  },

  async autocomplete(interaction, ctx) {
    const focused = interaction.options.getFocused(true);
    if (focused.name === 'timezone') {
      return interaction.respond(timezoneChoices(String(focused.value)).map((z) => ({ name: z, value: z })));
    }
    if (focused.name === 'sequence') return sequenceChoices(interaction, ctx);
    if (focused.name === 'schedule') return scheduleChoices(interaction, ctx);
    await interaction.respond([]);
  },
};

/*
 * The handlers: read the options, call the use case (src/schedule/verbs.ts), render the reply.
 * An InputError from the use case reaches the router, which answers with its sentence.
 */

type Cached = ChatInputCommandInteraction<'cached'>;

const ephemeral = (content: string) => ({ content, flags: MessageFlags.Ephemeral as const, allowedMentions: { parse: [] } });

async function add(interaction: Cached, ctx: BotContext): Promise<void> {
  requireManageEvents(interaction);
  const o = interaction.options;
  // Blank strings count as absent.
  const text = (name: string) => o.getString(name) || undefined;
  const hold = o.getInteger('hold');
  const remind = o.getInteger('remind');
  const role = o.getRole('role');
  const added = await addSchedule(ctx.schedules.ports, {
    guildId: interaction.guildId,
    channelId: o.getChannel('channel', true).id,
    sequenceId: o.getString('sequence', true),
    rule: { timezone: o.getString('timezone', true), day: text('day'), days: text('days'), time: text('time'), cron: text('cron') },
    createdBy: interaction.user.id,
    ...(hold !== null ? { hold } : {}),
    ...(remind ? { remindMinutes: remind } : {}),
    ...(role ? { roleId: role.id } : {}),
  }).catch((err: unknown) => Promise.reject(explain(err)));
  await interaction.reply(ephemeral(addedReply(added)));
}

async function list(interaction: Cached, ctx: BotContext): Promise<void> {
  const listed = await listSchedules(ctx.schedules.ports, interaction.guildId);
  await interaction.reply(ephemeral(listReply(listed.map(({ schedule: s, next }) => listLine(s, scheduledTimeline(ctx.catalog, s), next)))));
}

const chosenId = (interaction: Cached): string => interaction.options.getString('schedule', true).trim();

async function remove(interaction: Cached, ctx: BotContext): Promise<void> {
  requireManageEvents(interaction);
  const removed = await removeSchedule(ctx.schedules.ports, interaction.guildId, chosenId(interaction), interaction.user.id);
  await interaction.reply(ephemeral(removedReply(removed)));
}

async function setPaused(interaction: Cached, ctx: BotContext, paused: boolean): Promise<void> {
  requireManageEvents(interaction);
  const args = [ctx.schedules.ports, interaction.guildId, chosenId(interaction), interaction.user.id] as const;
  if (paused) {
    const r = await pauseSchedule(...args);
    await interaction.reply(ephemeral(r.status === 'already' ? alreadyReply(r.schedule, true) : pausedReply(r.schedule)));
  } else {
    const r = await resumeSchedule(...args);
    await interaction.reply(ephemeral(r.status === 'already' ? alreadyReply(r.schedule, false) : resumedReply(r.schedule, r.next, r.eventId)));
  }
}

async function scheduleChoices(interaction: AutocompleteInteraction, ctx: BotContext): Promise<void> {
  if (!interaction.inCachedGuild()) return interaction.respond([]);
  const query = interaction.options.getFocused().toLowerCase();
  const choices = (await listSchedules(ctx.schedules.ports, interaction.guildId)).map(({ schedule: s }) => ({
    name: scheduleChoice(s, scheduledTimeline(ctx.catalog, s), interaction.guild.channels.cache.get(s.channelId)?.name ?? s.channelId),
    value: s.id,
  }));
  await interaction.respond(choices.filter((c) => c.name.toLowerCase().includes(query)).slice(0, 25));
}
