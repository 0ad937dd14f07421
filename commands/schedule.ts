import { languageOf } from '../src/languages.ts';
import type { AutocompleteInteraction, ChatInputCommandInteraction } from 'discord.js';
import type { BotContext } from '../src/discord/context.ts';
import { ephemeral } from '../src/discord/markup.ts';
import { wantedNote } from '../src/discord/permissions.ts';
import { explain, requireManageEvents } from '../src/discord/schedule/access.ts';
import {
  addedReply,
  alreadyReply,
  listLine,
  listReply,
  pausedReply,
  removedReply,
  resumedReply,
  scheduleChoice,
} from '../src/discord/schedule/format.ts';
import { InputError } from '../src/domain/input-error.ts';
import { scheduledTimeline } from '../src/schedule/practice.ts';
import { addSchedule, listSchedules, pauseSchedule, removeSchedule, resumeSchedule } from '../src/schedule/verbs.ts';
import { sequenceChoices, timeZoneChoices } from './choices.ts';
import type { Subcommand } from './command.ts';
import { scheduleDefinition } from './definitions/schedule.ts';
import { scheduleAttendance } from './schedule-attendance.ts';

/**
 * `/yin schedule add|list|remove|pause|resume`. Discord's default_member_permissions can only
 * be set on the whole `/yin` command (not on a group), and members need `/yin start`, so the
 * Manage Events rule for changing schedules is enforced in the handlers.
 */
export const schedule: Subcommand = {
  data: scheduleDefinition,

  async execute(interaction, ctx) {
    if (!interaction.inCachedGuild()) throw new InputError('schedule.guildOnly');
    const sub = interaction.options.getSubcommand(true);
    if (sub === 'add') return add(interaction, ctx);
    if (sub === 'list') return list(interaction, ctx);
    if (sub === 'remove') return remove(interaction, ctx);
    if (sub === 'pause' || sub === 'resume') return setPaused(interaction, ctx, sub === 'pause');
    if (sub === 'attendance') return scheduleAttendance(interaction, ctx);
    throw new InputError('common.unknownCommand');
  },

  async autocomplete(interaction, ctx) {
    const focused = interaction.options.getFocused(true);
    if (focused.name === 'timezone') return timeZoneChoices(interaction);
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
    rule: {
      timezone: o.getString('timezone', true),
      day: text('day'),
      days: text('days'),
      time: text('time'),
      cron: text('cron'),
    },
    createdBy: interaction.user.id,
    hold: hold ?? undefined,
    length: o.getInteger('length') ?? undefined,
    remindMinutes: remind || undefined,
    roleId: role?.id,
    language: o.getString('language') ? languageOf(o.getString('language')) : undefined,
    readIn: languageOf(interaction.locale),
  }).catch((err: unknown) => Promise.reject(explain(err)));
  const channel = interaction.guild.channels.cache.get(added.schedule.channelId);
  const note = channel ? wantedNote(channel, interaction.locale, { events: true }) : '';
  await interaction.reply(ephemeral({ content: addedReply(added) + note }));
}

async function list(interaction: Cached, ctx: BotContext): Promise<void> {
  const listed = await listSchedules(ctx.schedules.ports, interaction.guildId);
  const catalog = await ctx.catalogs.load(interaction.guildId);
  const lines = listed.map(({ schedule: s, next }) => listLine(s, scheduledTimeline(catalog, s), next));
  await interaction.reply(ephemeral({ content: listReply(lines) }));
}

const chosenId = (interaction: Cached): string => interaction.options.getString('schedule', true).trim();

async function remove(interaction: Cached, ctx: BotContext): Promise<void> {
  requireManageEvents(interaction);
  const removed = await removeSchedule(
    ctx.schedules.ports,
    interaction.guildId,
    chosenId(interaction),
    interaction.user.id,
  );
  await interaction.reply(ephemeral({ content: removedReply(removed) }));
}

async function setPaused(interaction: Cached, ctx: BotContext, paused: boolean): Promise<void> {
  requireManageEvents(interaction);
  const args = [ctx.schedules.ports, interaction.guildId, chosenId(interaction), interaction.user.id] as const;
  if (paused) {
    const r = await pauseSchedule(...args);
    await interaction.reply(
      ephemeral({ content: r.status === 'already' ? alreadyReply(r.schedule, true) : pausedReply(r.schedule) }),
    );
  } else {
    const r = await resumeSchedule(...args);
    await interaction.reply(
      ephemeral({
        content: r.status === 'already' ? alreadyReply(r.schedule, false) : resumedReply(r.schedule, r.next, r.eventId),
      }),
    );
  }
}

async function scheduleChoices(interaction: AutocompleteInteraction, ctx: BotContext): Promise<void> {
  if (!interaction.inCachedGuild()) return interaction.respond([]);
  const query = interaction.options.getFocused().toLowerCase();
  const choices = (await listSchedules(ctx.schedules.ports, interaction.guildId)).map(({ schedule: s }) => ({
    name: scheduleChoice(
      s,
      scheduledTimeline(ctx.catalogs.of(s.guildId), s),
      interaction.guild.channels.cache.get(s.channelId)?.name ?? s.channelId,
    ),
    value: s.id,
  }));
  await interaction.respond(choices.filter((c) => c.name.toLowerCase().includes(query)).slice(0, 25));
}
