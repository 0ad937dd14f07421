import { ComponentType, MessageFlags, Routes, TextInputStyle, type ButtonInteraction, type ModalSubmitInteraction } from 'discord.js';
import { NOTE_MAX_CHARS, NoteInputError, parseNoteInput } from '../../members/note.ts';
import { eraseMemberData } from '../../members/erase.ts';
import { UserFacingError } from '../../errors.ts';
import type { ButtonHandler, ModalHandler } from '../components.ts';
import type { BotContext } from '../context.ts';
import { parseCustomId } from '../custom-ids.ts';
import { NO_PINGS } from '../render-session.ts';
import { displayName } from './format.ts';
import { PREFIX, SHARE_FIELD, shareModalId } from './ids.ts';
import { handleJoin } from './join.ts';
import { renderNotesPage, renderPoseNotes } from './render.ts';
import { shareAsNote } from './share.ts';

const ephemeral = { flags: MessageFlags.Ephemeral as const, allowedMentions: NO_PINGS };

/** Prev/Next on /yin notes list: always the clicking member's own notes. */
async function handlePage(interaction: ButtonInteraction, ctx: BotContext): Promise<void> {
  const [pageArg = '', poseArg = '-'] = parseCustomId(interaction.customId).args;
  const poseId = poseArg === '-' ? undefined : poseArg;
  const wanted = Number(pageArg);
  const page = await ctx.notes.list(interaction.user.id, { poseId, page: wanted });
  if (!Number.isInteger(wanted) || wanted < 0 || wanted !== page.page) {
    throw new UserFacingError(`That page is out of date: you have ${page.total} note${page.total === 1 ? '' : 's'} now (${page.pages} page${page.pages === 1 ? '' : 's'}). Run \`/yin notes list\` again.`);
  }
  await interaction.update({ ...renderNotesPage(ctx.catalog, page, poseId), allowedMentions: NO_PINGS });
}

/** "My notes" under a pose post. */
async function handlePoseNotes(interaction: ButtonInteraction, ctx: BotContext): Promise<void> {
  const [poseId = ''] = parseCustomId(interaction.customId).args;
  if (!ctx.catalog.poses.has(poseId)) throw new UserFacingError('I no longer know that pose.');
  const { notes } = await ctx.notes.list(interaction.user.id, { poseId, pageSize: 6 });
  await interaction.reply({ content: renderPoseNotes(ctx.catalog, poseId, notes), ...ephemeral });
}

/** "Share a discovery" on the closing post opens a one-field form. */
async function handleShare(interaction: ButtonInteraction, ctx: BotContext): Promise<void> {
  const [sessionId = ''] = parseCustomId(interaction.customId).args;
  if (!interaction.guildId) throw new UserFacingError('Discoveries are shared in a server.');
  const target = await ctx.discoveries.get(interaction.guildId, sessionId);
  if (!target) throw new UserFacingError('The discoveries thread for this session isn’t open (yet, or any more). Try again in a moment.');
  await interaction.showModal({
    custom_id: shareModalId(sessionId),
    title: 'Share a discovery',
    components: [{
      type: ComponentType.ActionRow,
      components: [{
        type: ComponentType.TextInput, custom_id: SHARE_FIELD, style: TextInputStyle.Paragraph, label: 'What did you notice?',
        placeholder: 'e.g. a bolster under the chest let my back soften in the fold', min_length: 1, max_length: NOTE_MAX_CHARS, required: true,
      }],
    }],
  });
}

async function handleShareModal(interaction: ModalSubmitInteraction, ctx: BotContext): Promise<void> {
  const [sessionId = ''] = parseCustomId(interaction.customId).args;
  if (!interaction.guildId) throw new UserFacingError('Discoveries are shared in a server.');
  let text: string;
  try {
    text = parseNoteInput({ text: interaction.fields.getTextInputValue(SHARE_FIELD) }).text;
  } catch (err) {
    if (err instanceof NoteInputError) throw new UserFacingError(`${err.message} Nothing was shared.`);
    throw err;
  }
  const target = await ctx.discoveries.get(interaction.guildId, sessionId);
  if (!target) throw new UserFacingError('The discoveries thread for this session has closed. Nothing was shared; your text is below so you can keep it:\n' + text.slice(0, 1500));
  await shareAsNote(interaction.client.rest, ctx, target, interaction.user.id, displayName(interaction), text);
  await interaction.reply({ content: `Shared in <#${target.targetId}> and saved to your notes. Thank you.`, ...ephemeral });
}

/** The confirm step of /yin notes erase-all. */
async function handleErase(interaction: ButtonInteraction, ctx: BotContext): Promise<void> {
  const [answer] = parseCustomId(interaction.customId).args;
  if (answer !== 'yes') {
    await interaction.update({ content: 'Nothing was erased.', components: [], allowedMentions: NO_PINGS });
    return;
  }
  const userId = interaction.user.id;
  const erased = await eraseMemberData(ctx.notes, ctx.practice, userId, ctx.attendance);
  // Discoveries the bot posted for the member come down too; one already deleted is fine.
  const posts = await ctx.discoveries.sharesOf(userId);
  let removed = 0;
  for (const post of posts) {
    try {
      await interaction.client.rest.delete(Routes.channelMessage(post.channelId, post.messageId));
      removed++;
    } catch (err) {
      ctx.log.info({ event: 'erase.post_not_deleted', channel: post.channelId, err: (err as Error).message }, 'shared post was already gone');
    }
  }
  await ctx.discoveries.clearShares(userId);
  ctx.log.info({ event: 'erase.member', user: userId, ...erased, posts: removed }, 'member data erased');
  await interaction.update({
    content: `Done. I erased ${erased.notes} note${erased.notes === 1 ? '' : 's'}, ${erased.practice} practice record${erased.practice === 1 ? '' : 's'}, ${erased.attendance} session record${erased.attendance === 1 ? '' : 's'} and ${removed} shared discover${removed === 1 ? 'y' : 'ies'}. I hold nothing else about you.`,
    components: [],
    allowedMentions: NO_PINGS,
  });
}

export const notesButtonHandlers: Record<string, ButtonHandler> = {
  [PREFIX.page]: handlePage,
  [PREFIX.poseNotes]: handlePoseNotes,
  [PREFIX.join]: handleJoin,
  [PREFIX.share]: handleShare,
  [PREFIX.erase]: handleErase,
};

export const notesModalHandlers: Record<string, ModalHandler> = {
  [PREFIX.shareModal]: handleShareModal,
};
