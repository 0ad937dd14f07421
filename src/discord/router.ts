import type {
  AutocompleteInteraction,
  ChatInputCommandInteraction,
  Interaction,
  RepliableInteraction,
} from 'discord.js';
import { InputError } from '../domain/input-error.ts';
import { answering, t } from '../i18n.ts';
import { buttonRoutes, modalRoutes } from './components.ts';
import type { BotContext } from './context.ts';
import { splitCustomId } from './custom-ids.ts';
import { ephemeral } from './markup.ts';
import { launchClassView } from '../activity/launch.ts';

/** A `/yin` subcommand's handlers, as the router needs them (commands/ has the commands). */
export interface CommandHandler {
  execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void>;
  autocomplete?(interaction: AutocompleteInteraction, ctx: BotContext): Promise<void>;
}

/** Finds the handler for `/yin <group> <name>` or `/yin <name>` (commands/index.ts findSubcommand). */
export type FindCommand = (group: string | null, name: string | null) => CommandHandler | undefined;

/**
 * The one entry point for interactions and the one error boundary: an InputError becomes a
 * clear ephemeral answer in the member's language; anything else is logged with context and
 * gets a short generic one. The composition root hands it the commands (`findSubcommand`), so
 * the glue in src/ never imports commands/: the dependency runs one way.
 */
export function routeInteraction(
  interaction: Interaction,
  ctx: BotContext,
  findSubcommand: FindCommand,
): Promise<void> {
  // Every sentence of the answer is in the member's language (English where it lacks one).
  return answering(interaction.locale, () => route(interaction, ctx, findSubcommand), ctx.mentions);
}

async function route(interaction: Interaction, ctx: BotContext, findSubcommand: FindCommand): Promise<void> {
  const started = ctx.clock.now();
  try {
    if (interaction.isAutocomplete()) {
      const sub = findSubcommand(
        interaction.options.getSubcommandGroup(false),
        interaction.options.getSubcommand(false),
      );
      await (sub?.autocomplete ? sub.autocomplete(interaction, ctx) : interaction.respond([]));
    } else if (interaction.isPrimaryEntryPointCommand()) {
      // The App Launcher's entry point: the class view here, or "no class here".
      await launchClassView(interaction, ctx);
    } else if (interaction.isChatInputCommand()) {
      const sub = findSubcommand(
        interaction.options.getSubcommandGroup(false),
        interaction.options.getSubcommand(false),
      );
      if (!sub) throw new InputError('common.unknownCommand');
      await sub.execute(interaction, ctx);
    } else if (interaction.isButton()) {
      const { prefix, parts } = splitCustomId(interaction.customId);
      const route = buttonRoutes.get(prefix);
      if (!route) throw new InputError('common.unknownButton');
      await route.run(interaction, parts, ctx);
    } else if (interaction.isModalSubmit()) {
      const { prefix, parts } = splitCustomId(interaction.customId);
      const route = modalRoutes.get(prefix);
      if (!route) throw new InputError('common.unknownForm');
      await route.run(interaction, parts, ctx);
    }
  } catch (err) {
    await answerError(interaction, err, ctx);
  } finally {
    ctx.log.debug(
      { event: 'interaction', id: interaction.id, type: interaction.type, ms: ctx.clock.now() - started },
      'interaction handled',
    );
  }
}

async function answerError(interaction: Interaction, err: unknown, ctx: BotContext): Promise<void> {
  const input = err instanceof InputError;
  if (!input)
    ctx.log.error(
      { event: 'interaction.failed', id: interaction.id, user: interaction.user.id, err },
      'interaction failed',
    );
  if (!interaction.isRepliable()) return;
  const content = input ? err.text(interaction.locale) : t('common.unexpected', {}, interaction.locale);
  await reply(interaction, content).catch((replyErr: Error) =>
    ctx.log.warn(
      { event: 'interaction.reply_failed', id: interaction.id, err: replyErr.message },
      'could not answer the interaction',
    ),
  );
}

function reply(interaction: RepliableInteraction, content: string): Promise<unknown> {
  const options = ephemeral({ content });
  return interaction.replied || interaction.deferred ? interaction.followUp(options) : interaction.reply(options);
}
