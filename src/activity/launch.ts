import {
  DiscordAPIError,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type PrimaryEntryPointCommandInteraction,
} from 'discord.js';
import { InputError } from '../domain/input-error.ts';
import type { BotContext } from '../discord/context.ts';
import { classViewId } from '../discord/custom-ids.ts';
import { route } from '../discord/route.ts';

/**
 * Opens the class view (the Activity) in the channel: the LAUNCH_ACTIVITY answer (type 12),
 * which must be the interaction's first answer. With no session here, a private "no class here".
 */
export async function launchClassView(
  interaction: ButtonInteraction | ChatInputCommandInteraction | PrimaryEntryPointCommandInteraction,
  ctx: BotContext,
): Promise<void> {
  if (!ctx.classView) throw new InputError('activity.off');
  if (!ctx.runner.get(interaction.channelId)) throw new InputError('activity.noClassReply');
  try {
    const answer = await interaction.launchActivity({ withResponse: true });
    ctx.log.info(
      {
        event: 'activity.launch',
        user: interaction.user.id,
        channel: interaction.channelId,
        instance: answer.interaction.activityInstanceId,
      },
      'class view launched',
    );
  } catch (err) {
    // Discord refused (the member lacks Use Activities, or Activities are off for the app).
    if (err instanceof DiscordAPIError) {
      ctx.log.warn(
        { event: 'activity.launch_refused', channel: interaction.channelId, code: err.code, status: err.status },
        'Discord refused to launch the class view',
      );
      throw new InputError('activity.launchRefused');
    }
    throw err;
  }
}

/** "Class view" under the opening and the pose posts. */
export const classViewButton = route(classViewId, (interaction: ButtonInteraction, _args, ctx) =>
  launchClassView(interaction, ctx),
);
