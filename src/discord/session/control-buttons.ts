import type { ButtonInteraction } from 'discord.js';
import { InputError } from '../../domain/input-error.ts';
import { endsAt, sessionLanguage, type Action } from '../../domain/session.ts';
import { t } from '../../i18n.ts';
import type { BotContext } from '../context.ts';
import { assertCanControl } from './controls.ts';
import { controlId } from '../custom-ids.ts';
import { discordTime, NO_PINGS } from '../markup.ts';
import { route } from '../route.ts';
import { stepTitleIn } from './text.ts';

/**
 * Pause, Resume, Skip, +1 min and End. Changes that move the countdown are announced in the
 * channel (as the interaction's reply, which doesn't count against the bot's rate limit), so
 * everyone on their mat sees why the timer changed.
 */
async function handleControl(
  interaction: ButtonInteraction,
  { action, sessionId }: { action: Action; sessionId: string },
  ctx: BotContext,
): Promise<void> {
  const state = ctx.runner.get(interaction.channelId);
  if (!state || state.id !== sessionId) throw new InputError('session.ended');
  assertCanControl(interaction, state, action);

  if (action === 'skip' || action === 'stop') {
    await interaction.deferUpdate();
    await ctx.runner.act(interaction.channelId, action);
    return;
  }
  if (action === 'pause' && state.pausedAt !== null) throw new InputError('session.alreadyPaused');
  if (action === 'resume' && state.pausedAt === null) throw new InputError('session.notPaused');

  const next = await ctx.runner.act(interaction.channelId, action);
  const timeline = ctx.runner.timeline(interaction.channelId);
  const step = timeline?.steps[next.posted];
  const ends = timeline ? endsAt(next, timeline, next.posted) : undefined;
  // A public announcement: in the session's language, whoever pressed the button.
  const lang = sessionLanguage(next);
  const params = {
    who: `<@${interaction.user.id}>`,
    step: step ? stepTitleIn(step, lang) : t('session.thisStep', {}, lang),
    ends: ends ? discordTime(ends, 'R') : t('session.soon', {}, lang),
  };
  const key = action === 'pause' ? 'session.paused' : action === 'resume' ? 'session.resumed' : 'session.extended';
  const content = t(key, params, lang);
  await interaction.reply({ content, allowedMentions: NO_PINGS });
}

export const controlButton = route(controlId, handleControl);
