import type { ChatInputCommandInteraction } from 'discord.js';
import { ButtonStyle, ComponentType } from 'discord.js';
import type { BotContext } from '../src/discord/context.ts';
import { sequenceDeleteId } from '../src/discord/custom-ids.ts';
import { deletedText, editModal, requireWriter, savedLine, sequenceModal } from '../src/discord/library/form.ts';
import { ephemeral } from '../src/discord/markup.ts';
import { InputError } from '../src/domain/input-error.ts';
import { t } from '../src/i18n.ts';
import { exportFileName, exportSequence } from '../src/library/file.ts';
import { LIBRARY_LIMITS } from '../src/library/limits.ts';
import { deleteSequence, importSequence, usingSchedules, storedSequence } from '../src/library/verbs.ts';
import { ownSequenceChoices } from './choices.ts';
import { bySubcommand, type Subcommand } from './command.ts';
import { sequenceDefinition } from './definitions/sequence.ts';

type Cached = ChatInputCommandInteraction;

/** The server's sequence an option names, or a clear answer. */
async function chosen(interaction: Cached, ctx: BotContext, guildId: string) {
  return storedSequence(ctx.library, guildId, interaction.options.getString('sequence', true).trim().toLowerCase());
}

async function create(interaction: Cached, ctx: BotContext): Promise<void> {
  await requireWriter(interaction, ctx);
  await interaction.showModal(sequenceModal(interaction.locale));
}

/** Downloads the file (size checked first, from what Discord says of it) and adds it. */
async function importFile(interaction: Cached, ctx: BotContext): Promise<void> {
  const guildId = await requireWriter(interaction, ctx);
  const file = interaction.options.getAttachment('file', true);
  const max = LIBRARY_LIMITS.fileBytesMax;
  if (file.size > max)
    throw new InputError('library.fileTooLarge', { size: file.size, max, kb: Math.floor(max / 1024) });
  // Discord's CDN answers in well under the 3 s an interaction has; a slow one is deferred.
  await interaction.deferReply({ flags: 64 });
  const bytes = await fetch(file.url, { signal: AbortSignal.timeout(10_000) })
    .then(async (r) => (r.ok ? new Uint8Array(await r.arrayBuffer()) : Promise.reject(new Error(`HTTP ${r.status}`))))
    .catch(() => Promise.reject(new InputError('library.fileUnreadable')));
  try {
    const saved = await importSequence(ctx.library, guildId, bytes, interaction.user.id);
    await interaction.editReply({
      content: t(
        'library.imported',
        { line: savedLine(ctx, saved, interaction.locale), id: saved.sequence.id },
        interaction.locale,
      ),
      allowedMentions: { parse: [] },
    });
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    await interaction.editReply({ content: err.text(interaction.locale), allowedMentions: { parse: [] } });
  }
}

async function exportFile(interaction: Cached, ctx: BotContext): Promise<void> {
  const guildId = await requireWriter(interaction, ctx);
  const stored = await chosen(interaction, ctx, guildId);
  await interaction.reply(
    ephemeral({
      content: t('library.exported', { name: stored.sequence.name }, interaction.locale),
      files: [{ attachment: Buffer.from(exportSequence(stored.sequence)), name: exportFileName(stored.sequence) }],
    }),
  );
}

async function edit(interaction: Cached, ctx: BotContext): Promise<void> {
  const guildId = await requireWriter(interaction, ctx);
  await interaction.showModal(editModal(await chosen(interaction, ctx, guildId), interaction.locale));
}

/** Straight away when nothing depends on it; with schedules that use it, they are listed and confirmed. */
async function remove(interaction: Cached, ctx: BotContext): Promise<void> {
  const guildId = await requireWriter(interaction, ctx);
  const stored = await chosen(interaction, ctx, guildId);
  const { id, name } = stored.sequence;
  const using = await usingSchedules(ctx.library, guildId, id);
  if (!using.length) {
    const result = await deleteSequence(ctx.library, guildId, id, stored.revision, interaction.user.id);
    await interaction.reply(ephemeral({ content: deletedText(result, interaction.locale) }));
    return;
  }
  const list = using.map((s) => t('library.usedBy', { id: s.id, channel: s.channelId }, interaction.locale)).join('\n');
  await interaction.reply(
    ephemeral({
      content: t('library.confirmDelete', { name, count: using.length, list }, interaction.locale).slice(0, 2000),
      components: [
        {
          type: ComponentType.ActionRow,
          components: [
            {
              type: ComponentType.Button,
              style: ButtonStyle.Danger,
              custom_id: sequenceDeleteId.build({ id, revision: stored.revision }),
              label: t('library.confirmDeleteButton', {}, interaction.locale),
            },
          ],
        },
      ],
    }),
  );
}

export const sequence: Subcommand = {
  data: sequenceDefinition,
  execute: bySubcommand(
    { create, import: importFile, export: exportFile, edit, delete: remove },
    'library.unknownSubcommand',
  ),
  autocomplete: ownSequenceChoices,
};
