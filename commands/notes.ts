import { ButtonStyle, ComponentType, type ChatInputCommandInteraction } from 'discord.js';
import type { BotContext } from '../src/discord/context.ts';
import { eraseId } from '../src/discord/custom-ids.ts';
import { ephemeral } from '../src/discord/markup.ts';
import { displayName, poseName } from '../src/discord/notes/format.ts';
import { renderNotesPage } from '../src/discord/notes/render.ts';
import { t } from '../src/i18n.ts';
import { notesToMarkdown, reportConsentMarkdown } from '../src/members/export.ts';
import { poseChoices } from './choices.ts';
import { bySubcommand, type Subcommand } from './command.ts';
import { notesDefinition } from './definitions/notes.ts';
import { poseOption } from './note.ts';

async function list(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const poseId = poseOption(interaction, ctx);
  const page = await ctx.notes.list(interaction.user.id, { poseId });
  await interaction.reply(ephemeral(renderNotesPage(ctx.catalog, page, poseId)));
}

async function exportNotes(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<void> {
  const notes = await ctx.notes.all(interaction.user.id);
  const consents = (await ctx.reportConsent.of(interaction.user.id)).map((c) => ({
    server: interaction.client.guilds.cache.get(c.guildId)?.name ?? c.guildId,
    since: c.since,
  }));
  const markdown =
    notesToMarkdown(notes, (id) => poseName(ctx.catalog, id), displayName(interaction)) +
    reportConsentMarkdown(consents);
  const day = new Date(ctx.clock.now()).toISOString().slice(0, 10);
  await interaction.reply(
    ephemeral({
      content: notes.length ? t('notes.exported', { count: notes.length }) : t('notes.exportedNone'),
      files: [{ attachment: Buffer.from(markdown, 'utf8'), name: `yin-notes-${day}.md` }],
    }),
  );
}

async function eraseAll(interaction: ChatInputCommandInteraction): Promise<void> {
  await interaction.reply(
    ephemeral({
      content: t('notes.eraseAsk'),
      components: [
        {
          type: ComponentType.ActionRow,
          components: [
            {
              type: ComponentType.Button,
              style: ButtonStyle.Danger,
              label: t('notes.eraseYes'),
              custom_id: eraseId.build({ answer: 'yes' }),
            },
            {
              type: ComponentType.Button,
              style: ButtonStyle.Secondary,
              label: t('notes.eraseNo'),
              custom_id: eraseId.build({ answer: 'no' }),
            },
          ],
        },
      ],
    }),
  );
}

export const notes: Subcommand = {
  data: notesDefinition,
  execute: bySubcommand({ list, export: exportNotes, 'erase-all': eraseAll }, 'common.unknownCommand'),
  autocomplete: poseChoices,
};
