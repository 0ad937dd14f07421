import { ComponentType, Routes, TextInputStyle, type ButtonInteraction, type ModalSubmitInteraction } from 'discord.js';
import { InputError } from '../../domain/input-error.ts';
import { t } from '../../i18n.ts';
import { eraseMemberData } from '../../members/erase.ts';
import { NOTE_MAX_CHARS, parseNoteInput } from '../../members/note.ts';
import type { BotContext } from '../context.ts';
import { eraseId, joinId, myNotesId, notesPageId, SHARE_FIELD, shareFormId, shareId } from '../custom-ids.ts';
import { ephemeral, NO_PINGS } from '../markup.ts';
import { route } from '../route.ts';
import { displayName } from './format.ts';
import { handleJoin } from './join.ts';
import { renderNotesPage, renderPoseNotes } from './render.ts';
import { shareAsNote } from './share.ts';

/** Prev/Next on /yin notes list: always the clicking member's own notes. */
async function handlePage(
  interaction: ButtonInteraction,
  { page: wanted, poseId }: { page: number; poseId: string | undefined },
  ctx: BotContext,
): Promise<void> {
  const page = await ctx.notes.list(interaction.user.id, { poseId, page: wanted });
  if (wanted !== page.page) {
    throw new InputError('notes.pageStale', {
      notes: t('notes.countNotes', { count: page.total }),
      pages: t('notes.countPages', { count: page.pages }),
    });
  }
  await interaction.update({ ...renderNotesPage(ctx.catalog, page, poseId), allowedMentions: NO_PINGS });
}

/** "My notes" under a pose post. */
async function handleMyNotes(
  interaction: ButtonInteraction,
  { poseId }: { poseId: string },
  ctx: BotContext,
): Promise<void> {
  if (!ctx.catalog.poses.has(poseId)) throw new InputError('notes.poseGone');
  const { notes } = await ctx.notes.list(interaction.user.id, { poseId, pageSize: 6 });
  await interaction.reply(ephemeral({ content: renderPoseNotes(ctx.catalog, poseId, notes) }));
}

/** "Share a discovery" on the closing post opens a one-field form. */
async function handleShare(
  interaction: ButtonInteraction,
  { sessionId }: { sessionId: string },
  ctx: BotContext,
): Promise<void> {
  if (!interaction.guildId) throw new InputError('notes.sharedInServer');
  const target = await ctx.discoveries.get(interaction.guildId, sessionId);
  if (!target) throw new InputError('notes.shareNotOpen');
  await interaction.showModal({
    custom_id: shareFormId.build({ sessionId }),
    title: t('notes.shareFormTitle'),
    components: [
      {
        type: ComponentType.ActionRow,
        components: [
          {
            type: ComponentType.TextInput,
            custom_id: SHARE_FIELD,
            style: TextInputStyle.Paragraph,
            label: t('notes.shareFormLabel'),
            placeholder: t('notes.shareFormPlaceholder'),
            min_length: 1,
            max_length: NOTE_MAX_CHARS,
            required: true,
          },
        ],
      },
    ],
  });
}

async function handleShareForm(
  interaction: ModalSubmitInteraction,
  { sessionId }: { sessionId: string },
  ctx: BotContext,
): Promise<void> {
  if (!interaction.guildId) throw new InputError('notes.sharedInServer');
  let text: string;
  try {
    text = parseNoteInput({ text: interaction.fields.getTextInputValue(SHARE_FIELD) }).text;
  } catch (err) {
    if (err instanceof InputError) throw new InputError('notes.nothingShared', { reason: err });
    throw err;
  }
  const target = await ctx.discoveries.get(interaction.guildId, sessionId);
  if (!target) throw new InputError('notes.shareClosed', { text: text.slice(0, 1500) });
  await shareAsNote(interaction.client.rest, ctx, {
    target,
    userId: interaction.user.id,
    name: displayName(interaction),
    text,
  });
  await interaction.reply(ephemeral({ content: t('notes.sharedAndSaved', { target: target.targetId }) }));
}

/** The confirm step of /yin notes erase-all. */
async function handleErase(
  interaction: ButtonInteraction,
  { answer }: { answer: 'yes' | 'no' },
  ctx: BotContext,
): Promise<void> {
  if (answer !== 'yes') {
    await interaction.update({ content: t('notes.eraseKept'), components: [], allowedMentions: NO_PINGS });
    return;
  }
  const userId = interaction.user.id;
  const erased = await eraseMemberData(ctx.notes, ctx.practice, userId, ctx.attendance, {
    reportConsent: ctx.reportConsent,
    classLog: ctx.classLog,
    eraseSignups: (id) => ctx.schedules.eraseSignups(id),
  });
  await ctx.replays.forget(userId);
  // Discoveries the bot posted for the member come down too; one already deleted is fine.
  const posts = await ctx.discoveries.sharesOf(userId);
  let removed = 0;
  for (const post of posts) {
    try {
      await interaction.client.rest.delete(Routes.channelMessage(post.channelId, post.messageId));
      removed++;
    } catch (err) {
      ctx.log.info(
        { event: 'erase.post_not_deleted', channel: post.channelId, err: (err as Error).message },
        'shared post was already gone',
      );
    }
  }
  await ctx.discoveries.clearShares(userId);
  ctx.log.info({ event: 'erase.member', user: userId, ...erased, posts: removed }, 'member data erased');
  const content = t('notes.erased', {
    notes: t('notes.countNotes', { count: erased.notes }),
    practice: t('notes.countPractice', { count: erased.practice }),
    attendance: t('notes.countAttendance', { count: erased.attendance }),
    posts: t('notes.countShares', { count: removed }),
  });
  const signups = erased.signups ? `\n${t('signup.erased', { count: erased.signups })}` : '';
  await interaction.update({ content: content + signups, components: [], allowedMentions: NO_PINGS });
}

export const notesButtons = [
  route(notesPageId, handlePage),
  route(myNotesId, handleMyNotes),
  route(joinId, handleJoin),
  route(shareId, handleShare),
  route(eraseId, handleErase),
];

export const notesModals = [route(shareFormId, handleShareForm, 'common.unknownForm')];
