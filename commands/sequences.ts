import { ApplicationCommandOptionType, MessageFlags } from 'discord.js';
import { practiceMinutes } from '../src/domain/timeline.ts';
import type { Subcommand } from './command.ts';

export const sequences: Subcommand = {
  data: { type: ApplicationCommandOptionType.Subcommand, name: 'sequences', description: 'List the sequences you can practise' },

  async execute(interaction, { catalog }) {
    const lines = [...catalog.sequences.values()].map((s) => {
      const min = practiceMinutes(catalog, s);
      const max = practiceMinutes(catalog, s, s.holdMinutes.max);
      return `**${s.name}** — \`/yin start ${s.id}\` · ${min}–${max} min (${s.holdMinutes.min}–${s.holdMinutes.max}-min holds)\n${s.focus}`;
    });
    await interaction.reply({ content: lines.join('\n\n').slice(0, 2000), flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
  },
};
