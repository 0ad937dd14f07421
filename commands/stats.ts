import { ApplicationCommandOptionType, MessageFlags } from 'discord.js';
import { renderStats } from '../src/discord/notes/render.ts';
import { NO_PINGS } from '../src/discord/render-session.ts';
import { practiceStats } from '../src/notes/stats.ts';
import type { Subcommand } from './command.ts';

export const stats: Subcommand = {
  data: { type: ApplicationCommandOptionType.Subcommand, name: 'stats', description: 'Your practice: sessions, minutes, weekly streak (only you see it)' },

  async execute(interaction, ctx) {
    const [records, notes] = await Promise.all([ctx.practice.list(interaction.user.id), ctx.notes.all(interaction.user.id)]);
    // Weeks are UTC weeks: the bot has no per-member time zone.
    const summary = practiceStats(records, notes, ctx.clock.now(), 'UTC');
    await interaction.reply({ content: renderStats(ctx.catalog, summary), flags: MessageFlags.Ephemeral, allowedMentions: NO_PINGS });
  },
};
