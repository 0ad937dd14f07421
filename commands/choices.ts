import { languageOf } from '../src/languages.ts';
import type { AutocompleteInteraction } from 'discord.js';
import { classMinutes } from '../src/domain/timeline.ts';
import type { BotContext } from '../src/discord/context.ts';
import { noteChoiceName } from '../src/discord/notes/format.ts';
import { t } from '../src/i18n.ts';
import { timezoneChoices } from '../src/schedule/timezones.ts';

/** Every autocomplete list, in one place. Discord shows at most 25 choices. */
const MAX = 25;
const query = (interaction: AutocompleteInteraction) => interaction.options.getFocused().toLowerCase();

/** The sequences the server can practise, built-in then its own: "Yin for the Back (46 min)". */
export async function sequenceChoices(interaction: AutocompleteInteraction, ctx: BotContext): Promise<void> {
  const q = query(interaction);
  const lang = languageOf(interaction.locale);
  const catalog = interaction.guildId ? await ctx.catalogs.in(interaction.guildId, lang) : ctx.localized.of(lang);
  const choices = [...catalog.sequences.values()]
    .filter((s) => s.id.includes(q) || s.name.toLowerCase().includes(q))
    .slice(0, MAX)
    .map((s) => ({
      name: t('session.sequenceChoice', { name: s.name, minutes: classMinutes(catalog, s) }).slice(0, 100),
      value: s.id,
    }));
  await interaction.respond(choices);
}

/** The server's own sequences (edit, export, delete). */
export async function ownSequenceChoices(interaction: AutocompleteInteraction, ctx: BotContext): Promise<void> {
  const q = query(interaction);
  const own = interaction.guildId ? await ctx.sequences.sequences(interaction.guildId) : [];
  const choices = own
    .filter((s) => s.id.includes(q) || s.name.toLowerCase().includes(q))
    .slice(0, MAX)
    .map((s) => ({
      name: t('session.sequenceChoice', { name: s.name, minutes: classMinutes(ctx.catalog, s) }),
      value: s.id,
    }));
  await interaction.respond(choices);
}

/** The poses in data/: "Dragonfly — side bend". */
export async function poseChoices(interaction: AutocompleteInteraction, ctx: BotContext): Promise<void> {
  const q = query(interaction);
  const catalog = ctx.localized.of(languageOf(interaction.locale));
  const choices = [...catalog.poses.values()]
    .filter((p) => p.id.includes(q) || p.name.toLowerCase().includes(q))
    .slice(0, MAX)
    .map((p) => ({ name: p.name, value: p.id }));
  await interaction.respond(choices);
}

/** The member's own notes, newest first; nobody else's are ever read. */
export async function ownNoteChoices(
  interaction: AutocompleteInteraction,
  { catalog, notes }: BotContext,
): Promise<void> {
  const q = query(interaction);
  const mine = await notes.all(interaction.user.id);
  const choices = mine
    .map((note) => ({ name: noteChoiceName(catalog, note), value: note.id }))
    .filter((c) => c.name.toLowerCase().includes(q))
    .slice(0, MAX);
  await interaction.respond(choices);
}

/** IANA time zones, by city: "Ber" → Europe/Berlin. */
export async function timeZoneChoices(interaction: AutocompleteInteraction): Promise<void> {
  await interaction.respond(timezoneChoices(interaction.options.getFocused()).map((z) => ({ name: z, value: z })));
}
