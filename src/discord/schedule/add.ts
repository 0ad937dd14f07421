import { MessageFlags, type ChatInputCommandInteraction } from 'discord.js';
import { UserFacingError } from '../../errors.ts';
import { nextOccurrences } from '../../schedule/next.ts';
import { describeRule, parseRule } from '../../schedule/rule.ts';
import { MAX_SCHEDULES_PER_GUILD } from '../../schedule/schedule.ts';
import type { BotContext } from '../context.ts';
import { checkPracticeChannel, explain, requireManageEvents } from './access.ts';
import { joinLink, ts } from './format.ts';

/**
 * `/yin schedule add`: everything is checked first, then the event is created, then the
 * schedule saved with it — and if saving fails the event is deleted again, so there is never
 * an event without a schedule nor a schedule without its event.
 */
export async function addSchedule(interaction: ChatInputCommandInteraction<'cached'>, ctx: BotContext): Promise<void> {
  requireManageEvents(interaction);
  const { catalog, clock, schedules } = ctx;
  const o = interaction.options;
  const guildId = interaction.guildId;
  const sequenceId = o.getString('sequence', true).trim().toLowerCase();
  if (!catalog.sequences.has(sequenceId)) {
    throw new UserFacingError(`I don't know a sequence called “${sequenceId}”. Try one of: ${[...catalog.sequences.keys()].join(', ')}.`);
  }
  const picked = o.getChannel('channel', true);
  const channel = interaction.guild.channels.cache.get(picked.id);
  if (!channel) throw new UserFacingError(`I can't see <#${picked.id}>. Give me View Channel there first.`);
  checkPracticeChannel(channel);
  const role = o.getRole('role');
  if (role && role.id === guildId) throw new UserFacingError('I never ping @everyone. Pick a role made for practice, like @yin.');
  let rule;
  try {
    rule = parseRule({
      timezone: o.getString('timezone', true),
      ...(o.getString('day') ? { day: o.getString('day', true) } : {}),
      ...(o.getString('days') ? { days: o.getString('days', true) } : {}),
      ...(o.getString('time') ? { time: o.getString('time', true) } : {}),
      ...(o.getString('cron') ? { cron: o.getString('cron', true) } : {}),
    });
  } catch (err) {
    throw explain(err);
  }
  const next = nextOccurrences(rule, clock.now(), 1)[0];
  if (next === undefined) throw new UserFacingError(`“${rule.cron}” never runs in the coming years. Check the day and month fields.`);
  if ((await schedules.repo.list(guildId)).length >= MAX_SCHEDULES_PER_GUILD) {
    throw new UserFacingError(`This server already has ${MAX_SCHEDULES_PER_GUILD} schedules, the most I keep. Remove one first.`);
  }
  const hold = o.getInteger('hold');
  const remind = o.getInteger('remind');
  const draft = {
    guildId,
    channelId: channel.id,
    sequenceId,
    createdBy: interaction.user.id,
    rule,
    ...(hold !== null ? { hold } : {}),
    ...(remind ? { remindMinutes: remind } : {}),
    ...(role ? { roleId: role.id } : {}),
  };
  const spec = schedules.practice.eventSpec({ ...draft, id: 'new' }, next);
  if (!spec) throw new UserFacingError('I could not describe that channel for the event; try again in a moment.');
  const event = await schedules.events.create(spec).catch((err: unknown) => Promise.reject(explain(err)));
  let saved;
  try {
    saved = await schedules.repo.add({ ...draft, eventId: event.id, eventFor: next });
  } catch (err) {
    await schedules.events.remove(guildId, event.id).catch((e: unknown) => ctx.log.error({ eventId: event.id, err: e }, 'could not delete the event of a schedule that was not saved'));
    throw explain(err);
  }
  schedules.scheduler.arm(saved);
  ctx.log.info({ event: 'schedule.added', scheduleId: saved.id, guildId, by: interaction.user.id }, 'schedule added');
  const reminder = saved.remindMinutes ? ` I'll post a reminder ${saved.remindMinutes} min before${role ? `, pinging <@&${role.id}> and everyone marked Interested` : ', pinging everyone marked Interested'}.` : '';
  await interaction.reply({
    content:
      `Scheduled **${spec.title}** in <#${channel.id}>: ${describeRule(rule)}. Next start ${ts(next, 'F')} (${ts(next, 'R')}).${reminder}\n` +
      `Event: ${joinLink(guildId, channel.id, event.id)} · id \`${saved.id}\` (for \`/yin schedule pause|resume|remove\`).`,
    flags: MessageFlags.Ephemeral,
    allowedMentions: { parse: [] },
  });
}
