import type { ButtonInteraction } from 'discord.js';
import { MessageFlags } from 'discord.js';
import { currentStep, endsAt } from '../../domain/session.ts';
import { stepTitle } from '../../domain/timeline.ts';
import { UserFacingError } from '../../errors.ts';
import type { BotContext } from '../context.ts';
import { parseCustomId } from '../custom-ids.ts';
import { NO_PINGS } from '../render-session.ts';
import { relative } from './format.ts';

/**
 * "I'm practising": marks the member joined (their minutes count from now). After the start it
 * also tells a late joiner, privately, where the group is: the pose, its variations, its end.
 */
export async function handleJoin(interaction: ButtonInteraction, ctx: BotContext): Promise<void> {
  const [sessionId = ''] = parseCustomId(interaction.customId).args;
  const state = ctx.runner.get(interaction.channelId);
  const timeline = ctx.runner.timeline(interaction.channelId);
  if (!state || !timeline || state.id !== sessionId || state.endedAt !== null) throw new UserFacingError('That session has ended. You can join the next one.');
  const now = ctx.clock.now();
  const { already } = await ctx.attendance.join(interaction.user.id, {
    id: state.id, guildId: state.guildId, channelId: state.channelId, sequenceId: state.sequenceId, startedAt: state.startedAt,
  }, now);

  const lead = already ? 'You’re already in.' : 'You’re in — your practice counts from now.';
  const index = Math.max(currentStep(state, timeline, now), state.posted);
  const step = timeline.steps[index];
  let where: string;
  if (!step || step.kind === 'opening') {
    const first = endsAt(state, timeline, 0);
    where = `The first pose starts ${first ? relative(first) : 'soon'}. Gather your props and settle in.`;
  } else if (step.kind === 'closing') {
    where = 'The group is in the closing now.';
  } else {
    const ends = endsAt(state, timeline, step.index);
    const timing = state.pausedAt !== null ? 'The session is paused.' : `It ends ${ends ? relative(ends) : 'soon'}.`;
    where = [
      `Now: **${step.number}/${timeline.poseCount} · ${stepTitle(step)}**. ${timing}`,
      step.side ? `This side: ${step.side}.` : '',
      '**Variations**',
      ...step.pose.variations.map((v) => `• ${v}`),
      'Press **My notes** under a pose to see what you wrote last time.',
    ].filter(Boolean).join('\n');
  }
  await interaction.reply({ content: `${lead}\n${where}`.slice(0, 2000), flags: MessageFlags.Ephemeral, allowedMentions: NO_PINGS });
}
