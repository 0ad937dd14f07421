import { languageOf } from '../src/languages.ts';
import { COLOUR } from '../src/discord/markup.ts';
import { ephemeral } from '../src/discord/markup.ts';
import { t } from '../src/i18n.ts';
import type { Subcommand } from './command.ts';
import { posesDefinition } from './definitions/poses.ts';

/** The pose library as `id` — name · what it works on, for writing a sequence's steps. */
export const poses: Subcommand = {
  data: posesDefinition,

  async execute(interaction, ctx) {
    // Named and described in the member's language; the ids are the same in every language.
    const catalog = ctx.localized.of(languageOf(interaction.locale));
    const area = interaction.options.getString('area')?.trim().toLowerCase() ?? '';
    const locale = interaction.locale;
    const found = [...catalog.poses.values()].filter(
      (p) =>
        !area ||
        [p.id, p.name, ...p.targets, ...(ctx.catalog.poses.get(p.id)?.targets ?? [])].some((x) =>
          x.toLowerCase().includes(area),
        ),
    );
    if (!found.length) {
      await interaction.reply(ephemeral({ content: t('library.noPoses', { area }, locale) }));
      return;
    }
    const lines = found.map((p) =>
      t(
        'library.poseLine',
        { id: p.id, name: p.name, targets: p.targets.slice(0, 3).join(', '), sided: p.sides ? ' ↔' : '' },
        locale,
      ),
    );
    await interaction.reply(
      ephemeral({
        embeds: [
          {
            title: t(area ? 'library.posesTitleArea' : 'library.posesTitle', { area, count: found.length }, locale),
            color: COLOUR,
            description: lines.join('\n').slice(0, 4096),
            footer: { text: t('library.posesFooter', {}, locale) },
          },
        ],
      }),
    );
  },
};
