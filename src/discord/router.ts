import { MessageFlags, type Interaction, type RepliableInteraction } from 'discord.js';
import { findSubcommand } from '../../commands/index.ts';
import { InputError } from '../domain/input-error.ts';
import { UserFacingError } from '../errors.ts';
import type { BotContext } from './context.ts';
import { parseCustomId } from './custom-ids.ts';
import { buttonHandlers, modalHandlers } from './components.ts';

/**
 * The one entry point for interactions and the one error boundary: a UserFacingError or an
 * InputError becomes a clear ephemeral answer (an InputError's in the member's language);
 * anything else is logged with context and gets a short generic one.
 */
export async function routeInteraction(interaction: Interaction, ctx: BotContext): Promise<void> {
  const started = ctx.clock.now();
  try {
    if (interaction.isAutocomplete()) {
      const sub = findSubcommand(interaction.options.getSubcommandGroup(false), interaction.options.getSubcommand(false));
      await (sub?.autocomplete ? sub.autocomplete(interaction, ctx) : interaction.respond([]));
    } else if (interaction.isChatInputCommand()) {
      const sub = findSubcommand(interaction.options.getSubcommandGroup(false), interaction.options.getSubcommand(false));
      if (!sub) throw new UserFacingError('I don’t know that command. Try `/yin sequences`.');
      await sub.execute(interaction, ctx);
    } else if (interaction.isButton()) {
      const handler = buttonHandlers[parseCustomId(interaction.customId).prefix];
      if (!handler) throw new UserFacingError('That button is not one I know (it may be from an older version of me).');
      await handler(interaction, ctx);
    } else if (interaction.isModalSubmit()) {
      const handler = modalHandlers[parseCustomId(interaction.customId).prefix];
      if (!handler) throw new UserFacingError('That form is not one I know (it may be from an older version of me).');
      await handler(interaction, ctx);
    }
  } catch (err) {
    await answerError(interaction, err, ctx);
  } finally {
    ctx.log.debug({ event: 'interaction', id: interaction.id, type: interaction.type, ms: ctx.clock.now() - started }, 'interaction handled');
  }
}

async function answerError(interaction: Interaction, err: unknown, ctx: BotContext): Promise<void> {
  const userFacing = err instanceof UserFacingError || err instanceof InputError;
  if (!userFacing) ctx.log.error({ event: 'interaction.failed', id: interaction.id, user: interaction.user.id, err }, 'interaction failed');
  if (!interaction.isRepliable()) return;
  const content =
    err instanceof InputError
      ? err.text(interaction.locale)
      : err instanceof UserFacingError
        ? err.message
        : 'Something went wrong on my side. It has been logged; please try again in a moment.';
  await reply(interaction, content).catch((replyErr: Error) =>
    ctx.log.warn({ event: 'interaction.reply_failed', id: interaction.id, err: replyErr.message }, 'could not answer the interaction'),
  );
}

function reply(interaction: RepliableInteraction, content: string): Promise<unknown> {
  const options = { content, flags: MessageFlags.Ephemeral as const, allowedMentions: { parse: [] } };
  return interaction.replied || interaction.deferred ? interaction.followUp(options) : interaction.reply(options);
}
