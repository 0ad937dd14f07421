import { MessageFlags, type AutocompleteInteraction, type ChatInputCommandInteraction } from 'discord.js';
import { UserFacingError } from '../../errors.ts';
import { describeRule } from '../../schedule/rule.ts';
import type { Schedule } from '../../schedule/schedule.ts';
import type { BotContext } from '../context.ts';
import { requireManageEvents } from './access.ts';
import { listLine, scheduledTimeline, ts } from './format.ts';

const ephemeral = (content: string) => ({ content, flags: MessageFlags.Ephemeral as const, allowedMentions: { parse: [] } });

async function chosen(interaction: ChatInputCommandInteraction<'cached'>, ctx: BotContext): Promise<Schedule> {
  const id = interaction.options.getString('schedule', true).trim();
  const s = await ctx.schedules.repo.get(interaction.guildId, id);
  if (!s) throw new UserFacingError(`There is no schedule \`${id}\` in this server. \`/yin schedule list\` shows them.`);
  return s;
}

export async function listSchedules(interaction: ChatInputCommandInteraction<'cached'>, ctx: BotContext): Promise<void> {
  const all = await ctx.schedules.repo.list(interaction.guildId);
  if (all.length === 0) {
    await interaction.reply(ephemeral('No practice is scheduled here yet. Members with Manage Events can add one with `/yin schedule add`.'));
    return;
  }
  const lines = all.map((s) => listLine(s, scheduledTimeline(ctx.catalog, s), ctx.schedules.scheduler.nextRun(s)));
  let content = '';
  for (const line of lines) if (content.length + line.length + 1 <= 1990) content += `${content ? '\n' : ''}${line}`;
  await interaction.reply(ephemeral(content));
}

export async function removeSchedule(interaction: ChatInputCommandInteraction<'cached'>, ctx: BotContext): Promise<void> {
  requireManageEvents(interaction);
  const s = await chosen(interaction, ctx);
  const { repo, scheduler, practice } = ctx.schedules;
  await repo.remove(s.guildId, s.id);
  scheduler.disarm(s.id);
  const dropped = await practice.dropEvent(s).then(() => true, (err: unknown) => (ctx.log.warn({ scheduleId: s.id, err }, 'could not delete the event of a removed schedule'), false));
  ctx.log.info({ event: 'schedule.removed', scheduleId: s.id, by: interaction.user.id }, 'schedule removed');
  await interaction.reply(ephemeral(`Removed \`${s.id}\` (${describeRule(s.rule)}).${dropped ? '' : ' I could not delete its event; please delete it in Events.'}`));
}

export async function setPaused(interaction: ChatInputCommandInteraction<'cached'>, ctx: BotContext, paused: boolean): Promise<void> {
  requireManageEvents(interaction);
  const s = await chosen(interaction, ctx);
  const { repo, scheduler, practice } = ctx.schedules;
  if (s.paused === paused) {
    await interaction.reply(ephemeral(`\`${s.id}\` is already ${paused ? 'paused' : 'running'}.`));
    return;
  }
  // Resuming forgets an event an organiser had deleted: that was about a start now passed or wanted again.
  const updated = await repo.update(s.guildId, s.id, paused ? { paused } : { paused, skipEventFor: undefined });
  if (!updated) throw new UserFacingError('That schedule was just removed.');
  if (paused) scheduler.disarm(s.id);
  else scheduler.arm(updated);
  // Paused: the upcoming event goes; resumed: the next start gets one.
  const synced = await practice.ensureEvent(updated);
  ctx.log.info({ event: paused ? 'schedule.paused' : 'schedule.resumed', scheduleId: s.id, by: interaction.user.id }, 'schedule changed');
  const next = scheduler.nextRun(updated);
  await interaction.reply(
    ephemeral(
      paused
        ? `Paused \`${s.id}\` (${describeRule(s.rule)}). Its upcoming event is removed; \`/yin schedule resume\` brings it back.`
        : `Resumed \`${s.id}\` (${describeRule(s.rule)}).${next !== undefined ? ` Next start ${ts(next, 'F')} (${ts(next, 'R')}).` : ''}${synced?.eventId ? '' : ' (No event could be created; see the log.)'}`,
    ),
  );
}

export async function scheduleChoices(interaction: AutocompleteInteraction, ctx: BotContext): Promise<void> {
  if (!interaction.inCachedGuild()) return interaction.respond([]);
  const query = interaction.options.getFocused().toLowerCase();
  const choices = (await ctx.schedules.repo.list(interaction.guildId)).map((s) => {
    const channel = interaction.guild.channels.cache.get(s.channelId)?.name ?? s.channelId;
    const name = `${s.id} · ${scheduledTimeline(ctx.catalog, s)?.sequence.name ?? s.sequenceId} · ${describeRule(s.rule)} · #${channel}${s.paused ? ' (paused)' : ''}`;
    return { name: name.slice(0, 100), value: s.id };
  });
  await interaction.respond(choices.filter((c) => c.name.toLowerCase().includes(query)).slice(0, 25));
}
