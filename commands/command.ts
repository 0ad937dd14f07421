import type { APIApplicationCommandSubcommandOption, AutocompleteInteraction, ChatInputCommandInteraction } from 'discord.js';
import type { BotContext } from '../src/discord/context.ts';

/** One `/yin <name>` subcommand: its JSON definition and its handler, side by side. */
export interface Subcommand {
  data: APIApplicationCommandSubcommandOption;
  execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void>;
  autocomplete?(interaction: AutocompleteInteraction, ctx: BotContext): Promise<void>;
}
