import type { AutocompleteInteraction } from 'discord.js';
import type { BotContext } from '../src/discord/context.ts';
import { practiceMinutes } from '../src/domain/timeline.ts';

/** Autocomplete over the known sequences: "Yin for the Back (28 min)". */
export async function sequenceChoices(interaction: AutocompleteInteraction, { catalog }: BotContext): Promise<void> {
  const query = interaction.options.getFocused().toLowerCase();
  const choices = [...catalog.sequences.values()]
    .filter((s) => s.id.includes(query) || s.name.toLowerCase().includes(query))
    .slice(0, 25)
    .map((s) => ({ name: `${s.name} (${practiceMinutes(catalog, s)} min)`, value: s.id }));
  await interaction.respond(choices);
}
