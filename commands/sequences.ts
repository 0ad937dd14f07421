import { languageOf } from '../src/languages.ts';
import { classMinutes } from '../src/domain/timeline.ts';
import { ephemeral } from '../src/discord/markup.ts';
import { t } from '../src/i18n.ts';
import type { Subcommand } from './command.ts';
import { sequencesDefinition } from './definitions/sequences.ts';

export const sequences: Subcommand = {
  data: sequencesDefinition,

  async execute(interaction, ctx) {
    // In the member's language; the server's own sequences in the words they were written in.
    const lang = languageOf(interaction.locale);
    const catalog = interaction.guildId ? await ctx.catalogs.in(interaction.guildId, lang) : ctx.localized.of(lang);
    const lines = [...catalog.sequences.values()].map((s) =>
      t(
        'session.sequenceLine',
        {
          name: s.name,
          id: s.id,
          min: classMinutes(catalog, s),
          max: classMinutes(catalog, s, s.holdMinutes.max),
          holdMin: s.holdMinutes.min,
          holdMax: s.holdMinutes.max,
          focus: s.focus,
        },
        interaction.locale,
      ),
    );
    await interaction.reply(ephemeral({ content: lines.join('\n\n').slice(0, 2000) }));
  },
};
