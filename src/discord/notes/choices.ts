import type { AutocompleteInteraction } from 'discord.js';
import type { BotContext } from '../context.ts';
import { noteChoiceName } from './format.ts';

/** Autocomplete over the poses in data/: "Dragonfly — side bend". */
export async function poseChoices(interaction: AutocompleteInteraction, { catalog }: BotContext): Promise<void> {
  const query = interaction.options.getFocused().toLowerCase();
  const choices = [...catalog.poses.values()]
    .filter((p) => p.id.includes(query) || p.name.toLowerCase().includes(query))
    .slice(0, 25)
    .map((p) => ({ name: p.name, value: p.id }));
  await interaction.respond(choices);
}

/** Autocomplete over the member's own notes, newest first; nobody else's are ever read. */
export async function ownNoteChoices(interaction: AutocompleteInteraction, { catalog, notes }: BotContext): Promise<void> {
  const query = interaction.options.getFocused().toLowerCase();
  const mine = await notes.all(interaction.user.id);
  const choices = mine
    .map((note) => ({ name: noteChoiceName(catalog, note), value: note.id }))
    .filter((c) => c.name.toLowerCase().includes(query))
    .slice(0, 25);
  await interaction.respond(choices);
}
