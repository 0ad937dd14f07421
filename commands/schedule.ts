import { languageOf } from '../src/languages.ts';
import { PermissionFlagsBits, type AutocompleteInteraction, type ChatInputCommandInteraction } from 'discord.js';
import type { BotContext } from '../src/discord/context.ts';
import { ephemeral } from '../src/discord/markup.ts';
import { wantedNote } from '../src/discord/permissions.ts';
import { explain, requireManageEvents } from '../src/discord/schedule/access.ts';
import { calendarReply } from '../src/discord/schedule/calendar.ts';
import {
  addedReply,
  alreadyReply,
  listLine,
  listReply,
  pausedReply,
  removedReply,
  resumedReply,
  scheduleChoice,
  ts,
} from '../src/discord/schedule/format.ts';
import { postSubstituteRequest, substituteRequest } from '../src/discord/schedule/substitute-post.ts';
import { t } from '../src/i18n.ts';
import type { Schedule } from '../src/schedule/schedule.ts';
import { askSubstitute, setTeacher } from '../src/schedule/substitutes.ts';
import { InputError } from '../src/domain/input-error.ts';
import { calendarFor } from '../src/schedule/calendar-file.ts';
import { announceClass, scheduledTimeline } from '../src/schedule/around-starts.ts';
import { changeCapacity, readRoster } from '../src/schedule/signup-verbs.ts';
import { capacityReply, rosterReply } from '../src/discord/schedule/signup-format.ts';
import { addSchedule, listSchedules, pauseSchedule, removeSchedule, resumeSchedule } from '../src/schedule/verbs.ts';
import { sequenceChoices, timeZoneChoices } from './choices.ts';
import type { Subcommand } from './command.ts';
import { scheduleDefinition } from './definitions/schedule.ts';
import { scheduleAttendance } from './schedule-attendance.ts';

/**
 * `/yin schedule add|list|remove|pause|resume|calendar`. Discord's default_member_permissions can only
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
    if (sub === 'calendar') return calendar(interaction, ctx);
    if (sub === 'edit') return edit(interaction, ctx);
    if (sub === 'substitute') return substitute(interaction, ctx);
    if (sub === 'roster') return roster(interaction, ctx);
    if (sub === 'capacity') return capacity(interaction, ctx);
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
  const teacherId = chosenTeacher(interaction);
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
    teacherId,
    language: o.getString('language') ? languageOf(o.getString('language')) : undefined,
    capacity: o.getInteger('capacity') ?? undefined,
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

/** Open to everyone, like `list`: the file a member adds to their own calendar. */
async function calendar(interaction: Cached, ctx: BotContext): Promise<void> {
  const answer = await calendarFor(ctx.schedules.ports, interaction.guildId, chosenId(interaction));
  await interaction.reply(ephemeral(calendarReply(answer)));
}

/**
 * The `teacher:` option: a person who is a member of the server (Discord resolves the member only
 * for someone in it), else a clear refusal before anything is saved.
 */
function chosenTeacher(interaction: Cached): string | undefined {
  const user = interaction.options.getUser('teacher');
  if (!user) return undefined;
  if (user.bot) throw new InputError('teacher.teacherBot');
  if (!interaction.options.getMember('teacher')) throw new InputError('teacher.notMember', { teacher: user.id });
  return user.id;
}

async function edit(interaction: Cached, ctx: BotContext): Promise<void> {
  requireManageEvents(interaction);
  const teacherId = chosenTeacher(interaction);
  const none = interaction.options.getBoolean('no-teacher') === true;
  if (teacherId === undefined && !none) throw new InputError('teacher.editNothing');
  const id = chosenId(interaction);
  const s = await setTeacher(ctx.schedules.ports, interaction.guildId, id, teacherId, interaction.user.id);
  const content = s.teacherId
    ? t('teacher.edited', { id: s.id, teacher: s.teacherId })
    : t('teacher.editedNoTeacher', { id: s.id });
  await interaction.reply(ephemeral({ content }));
}

/** `/yin schedule substitute`: the schedule's teacher or an organiser asks the teachers' role. */
async function substitute(interaction: Cached, ctx: BotContext): Promise<void> {
  const role = (await ctx.settings.get(interaction.guildId)).teacherRoleId;
  if (!role) throw new InputError('teacher.subNoRole');
  const d = ctx.schedules.ports;
  const id = chosenId(interaction);
  const mayAsk = (s: Schedule) =>
    s.teacherId === interaction.user.id || interaction.memberPermissions.has(PermissionFlagsBits.ManageEvents);
  const asked = await askSubstitute(
    d,
    interaction.guildId,
    id,
    interaction.user.id,
    async ({ schedule: s, occurrenceMs }) => {
      if (!mayAsk(s)) throw new InputError('teacher.subNotYours');
      const lang = s.language ?? (await ctx.languageOf(s.guildId));
      const name = scheduledTimeline(ctx.catalogs.of(s.guildId, lang), s)?.sequence.name ?? s.sequenceId;
      return postSubstituteRequest(interaction.client.rest, substituteRequest(s, occurrenceMs, role, name, lang), s);
    },
  );
  const params = { role, channel: asked.schedule.channelId, when: ts(asked.occurrenceMs, 'F') };
  await interaction.reply(ephemeral({ content: t('teacher.subAsked', params) }));
}

/** `/yin schedule roster`: the next class's sign-ups, for its host and organisers. */
async function roster(interaction: Cached, ctx: BotContext): Promise<void> {
  const s = await ctx.schedules.repo.get(interaction.guildId, chosenId(interaction));
  if (!s) throw new InputError('schedule.unknown', { id: chosenId(interaction) });
  const next = ctx.schedules.scheduler.nextRun(s);
  if (next === undefined) throw new InputError('signup.rosterNoStart', { id: s.id });
  const ref = { guildId: s.guildId, scheduleId: s.id, occurrenceMs: next };
  const organiser = interaction.memberPermissions.has(PermissionFlagsBits.ManageEvents);
  const r = await readRoster(ctx.schedules.signups, ref, interaction.user.id, organiser);
  const name = scheduledTimeline(ctx.catalogs.of(s.guildId), s)?.sequence.name ?? s.sequenceId;
  await interaction.reply(ephemeral({ content: rosterReply(name, next, r.roster, r.counts) }));
}

/** `/yin schedule capacity`: places per class (0: no limit); more places move the waitlist up. */
async function capacity(interaction: Cached, ctx: BotContext): Promise<void> {
  requireManageEvents(interaction);
  const places = interaction.options.getInteger('places', true);
  const r = await changeCapacity(ctx.schedules.signups, interaction.guildId, chosenId(interaction), places);
  // A schedule that now has places posts its sign-up for the next class (once per class).
  if (r.next !== undefined) await announceClass(ctx.schedules.ports, r.schedule, r.next);
  await interaction.reply(ephemeral({ content: capacityReply(r.schedule, r.promoted.length) }));
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
