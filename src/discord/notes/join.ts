import type { ButtonInteraction } from 'discord.js';
import { InputError } from '../../domain/input-error.ts';
import { currentStep, endsAt } from '../../domain/session.ts';
import { t } from '../../i18n.ts';
import type { BotContext } from '../context.ts';
import { discordTime, ephemeral } from '../markup.ts';
import { stepTitle } from '../session/text.ts';

/**
 * "I'm practising": marks the member joined (their minutes count from now). After the start it
 * also tells a late joiner, privately, where the group is: the pose, its variations, its end.
 */
export async function handleJoin(
  interaction: ButtonInteraction,
  { sessionId }: { sessionId: string },
  ctx: BotContext,
): Promise<void> {
  const state = ctx.runner.get(interaction.channelId);
  const timeline = ctx.runner.timeline(interaction.channelId);
  if (!state || !timeline || state.id !== sessionId || state.endedAt !== null)
    throw new InputError('join.sessionEnded');
  const now = ctx.clock.now();
  const { already } = await ctx.attendance.join(
    interaction.user.id,
    {
      id: state.id,
      guildId: state.guildId,
      channelId: state.channelId,
      sequenceId: state.sequenceId,
      startedAt: state.startedAt,
    },
    now,
  );

  const lead = t(already ? 'join.already' : 'join.joined');
  const index = Math.max(currentStep(state, timeline, now), state.posted);
  const step = timeline.steps[index];
  const when = (ms: number | undefined) => (ms ? discordTime(ms, 'R') : t('session.soon'));
  let where: string;
  if (!step || step.kind === 'opening') {
    where = t('join.firstPose', { when: when(endsAt(state, timeline, 0)) });
  } else if (step.kind === 'closing') {
    where = t('join.inClosing');
  } else {
    const timing =
      state.pausedAt !== null ? t('join.paused') : t('join.ends', { when: when(endsAt(state, timeline, step.index)) });
    where = [
      step.role === 'hold'
        ? t('join.now', { number: step.number, total: timeline.poseCount, step: stepTitle(step), timing })
        : t('join.nowOther', { step: stepTitle(step), timing }),
      step.side ? (step.pose.sides?.[step.side] ?? t('join.thisSide', { side: t(`post.side_${step.side}`) })) : '',
      t('join.variations'),
      ...step.pose.variations.map((v) => `• ${v}`),
      t('join.myNotesHint'),
    ]
      .filter(Boolean)
      .join('\n');
  }
  await interaction.reply(ephemeral({ content: `${lead}\n${where}`.slice(0, 2000) }));
}
