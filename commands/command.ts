import type { APIApplicationCommandSubcommandGroupOption, APIApplicationCommandSubcommandOption, AutocompleteInteraction, ChatInputCommandInteraction } from 'discord.js';
import type { BotContext } from '../src/discord/context.ts';

/**
 * One `/yin <name>` subcommand (or `/yin <group> <name>` group): its JSON definition and its
 * handler, side by side. A group's handler reads `interaction.options.getSubcommand()`.
 */
export interface Subcommand {
  data: APIApplicationCommandSubcommandOption | APIApplicationCommandSubcommandGroupOption;
  execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void>;
  autocomplete?(interaction: AutocompleteInteraction, ctx: BotContext): Promise<void>;
}
