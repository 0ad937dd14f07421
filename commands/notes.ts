import { ApplicationCommandOptionType, ButtonStyle, ComponentType, MessageFlags, type ChatInputCommandInteraction } from 'discord.js';
import type { BotContext } from '../src/discord/context.ts';
import { displayName, findPose, poseName } from '../src/discord/notes/format.ts';
import { eraseId } from '../src/discord/notes/ids.ts';
import { renderNotesPage } from '../src/discord/notes/render.ts';
import { NO_PINGS } from '../src/discord/render-session.ts';
import { UserFacingError } from '../src/errors.ts';
import { notesToMarkdown } from '../src/members/export.ts';
import type { Subcommand } from './command.ts';
import { poseChoices } from '../src/discord/notes/choices.ts';

const ephemeral = { flags: MessageFlags.Ephemeral as const, allowedMentions: NO_PINGS };

async function list(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const poseInput = interaction.options.getString('pose');
  const poseId = poseInput === null ? undefined : findPose(ctx.catalog, poseInput);
  if (poseInput !== null && poseId === undefined) throw new UserFacingError(`I don't know a pose called “${poseInput.slice(0, 80)}”. Pick one from the list as you type.`);
  const page = await ctx.notes.list(interaction.user.id, { poseId });
  await interaction.reply({ ...renderNotesPage(ctx.catalog, page, poseId), ...ephemeral });
}

async function exportNotes(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const notes = await ctx.notes.all(interaction.user.id);
  const markdown = notesToMarkdown(notes, (id) => poseName(ctx.catalog, id), displayName(interaction));
  const day = new Date(ctx.clock.now()).toISOString().slice(0, 10);
  await interaction.reply({
    content: notes.length ? `Here are your ${notes.length} note${notes.length === 1 ? '' : 's'} as Markdown. Only you can see this.` : 'You have no notes yet; here is the empty journal.',
    files: [{ attachment: Buffer.from(markdown, 'utf8'), name: `yin-notes-${day}.md` }],
    ...ephemeral,
  });
}

async function eraseAll(interaction: ChatInputCommandInteraction): Promise<void> {
  await interaction.reply({
    content: 'This erases **everything I hold about you**: all your notes, your practice history and stats, which sessions you joined, and the discoveries I posted for you. It can’t be undone. (`/yin notes export` first if you want a copy.)',
    components: [{
      type: ComponentType.ActionRow,
      components: [
        { type: ComponentType.Button, style: ButtonStyle.Danger, label: 'Erase everything', custom_id: eraseId('yes') },
        { type: ComponentType.Button, style: ButtonStyle.Secondary, label: 'Keep it', custom_id: eraseId('no') },
      ],
    }],
    ...ephemeral,
  });
}

const handlers: Record<string, (i: ChatInputCommandInteraction, ctx: BotContext) => Promise<void>> = {
  list, export: exportNotes, 'erase-all': eraseAll,
};

/** `/yin notes …` is a group, so listing is `/yin notes list` (a name can't be both). */
export const notes: Subcommand = {
  data: {
    type: ApplicationCommandOptionType.SubcommandGroup,
    name: 'notes',
    description: 'List, export or erase your notes',
    options: [
      {
        type: ApplicationCommandOptionType.Subcommand, name: 'list', description: 'Your notes, newest first (only you see them)',
        options: [{ type: ApplicationCommandOptionType.String, name: 'pose', description: 'Only notes on this pose', autocomplete: true }],
      },
      { type: ApplicationCommandOptionType.Subcommand, name: 'export', description: 'All your notes as a Markdown file, sent only to you' },
      { type: ApplicationCommandOptionType.Subcommand, name: 'erase-all', description: 'Delete everything the bot holds about you (asks first)' },
    ],
  },

  async execute(interaction, ctx) {
    const handler = handlers[interaction.options.getSubcommand()];
    if (!handler) throw new UserFacingError('I don’t know that notes command.');
    await handler(interaction, ctx);
  },

  autocomplete: poseChoices,
};
