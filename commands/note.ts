import { ApplicationCommandOptionType, MessageFlags, type ChatInputCommandInteraction } from 'discord.js';
import type { BotContext } from '../src/discord/context.ts';
import { displayName, findPose, poseName, shortDay } from '../src/discord/notes/format.ts';
import { NO_PINGS } from '../src/discord/render-session.ts';
import { discoveriesFor, postDiscovery } from '../src/discord/notes/share.ts';
import { UserFacingError } from '../src/errors.ts';
import { sessionToTag } from '../src/members/attendance.ts';
import { NoteInputError } from '../src/members/note.ts';
import type { Subcommand } from './command.ts';
import { ownNoteChoices, poseChoices } from '../src/discord/notes/choices.ts';

const ephemeral = { flags: MessageFlags.Ephemeral as const, allowedMentions: NO_PINGS };
const noteOption = (description: string) => ({ type: ApplicationCommandOptionType.String as const, name: 'note', description, required: true, autocomplete: true });

async function add(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const userId = interaction.user.id;
  const poseInput = interaction.options.getString('pose');
  const poseId = poseInput === null ? undefined : findPose(ctx.catalog, poseInput);
  if (poseInput !== null && poseId === undefined) throw new UserFacingError(`I don't know a pose called “${poseInput.slice(0, 80)}”. Pick one from the list as you type.`);
  // A note written during (or up to an hour after) a session the member joined belongs to it.
  const now = ctx.clock.now();
  const session = sessionToTag(await ctx.attendance.of(userId), now, (r) => ctx.runner.get(r.channelId)?.id === r.sessionId);
  let note;
  try {
    note = await ctx.notes.add(userId, {
      text: interaction.options.getString('text', true),
      poseId,
      sessionId: session?.sessionId,
      sequenceId: session?.sequenceId,
      guildId: interaction.guildId ?? undefined,
    });
  } catch (err) {
    if (err instanceof NoteInputError) throw new UserFacingError(err.message);
    throw err;
  }
  const from = session ? `, from ${ctx.catalog.sequences.get(session.sequenceId)?.name ?? 'your session'} on ${shortDay(session.sessionStartedAt)}` : '';
  await interaction.reply({ content: `Saved your note (${poseName(ctx.catalog, note.poseId)}${from}). Only you can see it: \`/yin notes list\`.`, ...ephemeral });
}

async function remove(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const noteId = interaction.options.getString('note', true);
  const note = await ctx.notes.get(interaction.user.id, noteId);
  if (!note || !(await ctx.notes.delete(interaction.user.id, noteId))) {
    throw new UserFacingError('I can’t find that note among yours. Pick one from the list as you type.');
  }
  await interaction.reply({ content: `Deleted your note from ${shortDay(note.createdAt)} (${poseName(ctx.catalog, note.poseId)}).`, ...ephemeral });
}

async function share(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  if (!interaction.guildId) throw new UserFacingError('Discoveries are shared in a server.');
  const note = await ctx.notes.get(interaction.user.id, interaction.options.getString('note', true));
  if (!note) throw new UserFacingError('I can’t find that note among yours. Pick one from the list as you type.');
  const target = await discoveriesFor(ctx, interaction.guildId, interaction.channelId);
  await postDiscovery(interaction.client.rest, ctx, target, interaction.user.id, displayName(interaction), note.text);
  await interaction.reply({ content: `Shared your note in <#${target.targetId}>.`, ...ephemeral });
}

const handlers: Record<string, (i: ChatInputCommandInteraction, ctx: BotContext) => Promise<void>> = { add, delete: remove, share };

export const note: Subcommand = {
  data: {
    type: ApplicationCommandOptionType.SubcommandGroup,
    name: 'note',
    description: 'Your private practice notes',
    options: [
      {
        type: ApplicationCommandOptionType.Subcommand, name: 'add', description: 'Save a private note (only you can see it)',
        options: [
          { type: ApplicationCommandOptionType.String, name: 'text', description: 'What you noticed (up to 1,000 characters)', required: true },
          { type: ApplicationCommandOptionType.String, name: 'pose', description: 'The pose it is about', autocomplete: true },
        ],
      },
      { type: ApplicationCommandOptionType.Subcommand, name: 'delete', description: 'Delete one of your notes', options: [noteOption('Which note')] },
      { type: ApplicationCommandOptionType.Subcommand, name: 'share', description: 'Post one of your notes in the discoveries thread', options: [noteOption('Which note to share')] },
    ],
  },

  async execute(interaction, ctx) {
    const handler = handlers[interaction.options.getSubcommand()];
    if (!handler) throw new UserFacingError('I don’t know that note command.');
    await handler(interaction, ctx);
  },

  async autocomplete(interaction, ctx) {
    if (interaction.options.getFocused(true).name === 'pose') return poseChoices(interaction, ctx);
    return ownNoteChoices(interaction, ctx);
  },
};
