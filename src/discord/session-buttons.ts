import type { ButtonInteraction } from 'discord.js';
import { endsAt } from '../domain/session.ts';
import { stepTitle } from '../domain/timeline.ts';
import { UserFacingError } from '../errors.ts';
import type { BotContext } from './context.ts';
import { assertCanControl } from './controls.ts';
import { parseControlId } from './custom-ids.ts';
import { NO_PINGS } from './render-session.ts';

const VERBS = { pause: 'pause', resume: 'resume', skip: 'skip a pose in', extend: 'extend', stop: 'end' } as const;
const at = (ms: number) => `<t:${Math.round(ms / 1000)}:R>`;

/**
 * Pause, Resume, Skip, +1 min and End. Changes that move the countdown are announced in the
 * channel (as the interaction's reply, which doesn't count against the bot's rate limit), so
 * everyone on their mat sees why the timer changed.
 */
export async function handleControlButton(interaction: ButtonInteraction, ctx: BotContext): Promise<void> {
  const parsed = parseControlId(interaction.customId);
  if (!parsed) throw new UserFacingError('That button is not one I know.');
  const state = ctx.runner.get(interaction.channelId);
  if (!state || state.id !== parsed.sessionId) throw new UserFacingError('That session has ended.');
  assertCanControl(interaction, state, VERBS[parsed.action]);

  if (parsed.action === 'skip' || parsed.action === 'stop') {
    await interaction.deferUpdate();
    await ctx.runner.act(interaction.channelId, parsed.action);
    return;
  }
  if (parsed.action === 'pause' && state.pausedAt !== null) throw new UserFacingError('The session is already paused.');
  if (parsed.action === 'resume' && state.pausedAt === null) throw new UserFacingError('The session is not paused.');

  const next = await ctx.runner.act(interaction.channelId, parsed.action);
  const timeline = ctx.runner.timeline(interaction.channelId);
  const step = timeline?.steps[next.posted];
  const ends = timeline ? endsAt(next, timeline, next.posted) : undefined;
  const current = step ? stepTitle(step) : 'This step';
  const who = `<@${interaction.user.id}>`;
  const content =
    parsed.action === 'pause' ? `⏸ Paused by ${who}. Stay where you are, or rest; Resume carries on from here.`
    : parsed.action === 'resume' ? `▶ Resumed by ${who} — ${current} ends ${ends ? at(ends) : 'soon'}.`
    : `⏱ One more minute — ${current} now ends ${ends ? at(ends) : 'soon'}.`;
  await interaction.reply({ content, allowedMentions: NO_PINGS });
}

