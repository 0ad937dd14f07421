import type { ChatInputCommandInteraction } from 'discord.js';
import type { BotContext } from '../src/discord/context.ts';
import { ephemeral } from '../src/discord/markup.ts';
import { displayName, findPose, poseName, shortDay } from '../src/discord/notes/format.ts';
import { discoveriesFor, postDiscovery } from '../src/discord/notes/share.ts';
import { InputError } from '../src/domain/input-error.ts';
import { t } from '../src/i18n.ts';
import { sessionToTag } from '../src/members/attendance.ts';
import { ownNoteChoices, poseChoices } from './choices.ts';
import { bySubcommand, type Subcommand } from './command.ts';
import { noteDefinition } from './definitions/note.ts';

/** The pose the member picked (an id) or typed (a name); an unknown one is an input error. */
export function poseOption(interaction: ChatInputCommandInteraction, ctx: BotContext): string | undefined {
  const input = interaction.options.getString('pose');
  if (input === null) return undefined;
  const poseId = findPose(ctx.catalog, input);
  if (poseId === undefined) throw new InputError('notes.unknownPose', { pose: input.slice(0, 80) });
  return poseId;
}

async function add(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const userId = interaction.user.id;
  const poseId = poseOption(interaction, ctx);
  // A note written during (or up to an hour after) a session the member joined belongs to it.
  const session = sessionToTag(
    await ctx.attendance.of(userId),
    ctx.clock.now(),
    (r) => ctx.runner.get(r.channelId)?.id === r.sessionId,
  );
  const note = await ctx.notes.add(userId, {
    text: interaction.options.getString('text', true),
    poseId,
    sessionId: session?.sessionId,
    sequenceId: session?.sequenceId,
    guildId: interaction.guildId ?? undefined,
  });
  const pose = poseName(ctx.catalog, note.poseId);
  const content = session
    ? t('notes.savedFromSession', {
        pose,
        sequence: ctx.catalog.sequences.get(session.sequenceId)?.name ?? t('notes.yourSession'),
        day: shortDay(session.sessionStartedAt),
      })
    : t('notes.saved', { pose });
  await interaction.reply(ephemeral({ content }));
}

async function remove(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const noteId = interaction.options.getString('note', true);
  const note = await ctx.notes.get(interaction.user.id, noteId);
  if (!note || !(await ctx.notes.delete(interaction.user.id, noteId))) throw new InputError('notes.notFound');
  await interaction.reply(
    ephemeral({
      content: t('notes.deleted', { day: shortDay(note.createdAt), pose: poseName(ctx.catalog, note.poseId) }),
    }),
  );
}

async function share(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  if (!interaction.guildId) throw new InputError('notes.sharedInServer');
  const note = await ctx.notes.get(interaction.user.id, interaction.options.getString('note', true));
  if (!note) throw new InputError('notes.notFound');
  const target = await discoveriesFor(ctx, interaction.guildId, interaction.channelId);
  await postDiscovery(interaction.client.rest, ctx, {
    target,
    userId: interaction.user.id,
    name: displayName(interaction),
    text: note.text,
  });
  await interaction.reply(ephemeral({ content: t('notes.shared', { target: target.targetId }) }));
}

export const note: Subcommand = {
  data: noteDefinition,
  execute: bySubcommand({ add, delete: remove, share }, 'common.unknownCommand'),
  async autocomplete(interaction, ctx) {
    if (interaction.options.getFocused(true).name === 'pose') return poseChoices(interaction, ctx);
    return ownNoteChoices(interaction, ctx);
  },
};
