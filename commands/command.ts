import type {
  APIApplicationCommandSubcommandGroupOption,
  APIApplicationCommandSubcommandOption,
  AutocompleteInteraction,
  ChatInputCommandInteraction,
} from 'discord.js';
import type { BotContext } from '../src/discord/context.ts';
import { InputError } from '../src/domain/input-error.ts';

/**
 * One `/yin <name>` subcommand (or `/yin <group> <name>` group): its JSON definition (from
 * `definitions/`, importable without the app) and its thin handler: parse the options, call
 * into `src/`, render the answer. A group's handler reads `interaction.options.getSubcommand()`.
 */
export interface Subcommand {
  data: APIApplicationCommandSubcommandOption | APIApplicationCommandSubcommandGroupOption;
  execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void>;
  autocomplete?(interaction: AutocompleteInteraction, ctx: BotContext): Promise<void>;
}

type Handler = (interaction: ChatInputCommandInteraction, ctx: BotContext) => Promise<void>;

/** A group's handler: one function per subcommand name. */
export function bySubcommand(handlers: Record<string, Handler>, unknownKey: string): Subcommand['execute'] {
  return async (interaction, ctx) => {
    const handler = handlers[interaction.options.getSubcommand()];
    if (!handler) throw new InputError(unknownKey);
    await handler(interaction, ctx);
  };
}
