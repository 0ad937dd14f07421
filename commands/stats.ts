import { ApplicationCommandOptionType, MessageFlags } from 'discord.js';
import { renderStats } from '../src/discord/notes/render.ts';
import { NO_PINGS } from '../src/discord/render-session.ts';
import { UserFacingError } from '../src/errors.ts';
import { practiceStats } from '../src/members/stats.ts';
import { resolveTimeZone, timezoneChoices } from '../src/schedule/timezones.ts';
import type { Subcommand } from './command.ts';

export const stats: Subcommand = {
  data: {
    type: ApplicationCommandOptionType.Subcommand,
    name: 'stats',
    description: 'Your practice: sessions, minutes, weekly streak (only you see it)',
    options: [{ type: ApplicationCommandOptionType.String, name: 'timezone', description: 'Count weeks in your time zone, e.g. America/New_York (default UTC)', autocomplete: true }],
  },

  async execute(interaction, ctx) {
    // Discord doesn't tell a bot a member's time zone, and yin keeps none: asked for, or UTC.
    const asked = interaction.options.getString('timezone');
    const timeZone = asked === null ? 'UTC' : resolveTimeZone(asked);
    if (!timeZone) throw new UserFacingError(`I don't know the time zone "${asked}". Start typing a city (e.g. Berlin, New York) and pick one from the list.`);
    const [records, notes] = await Promise.all([ctx.practice.list(interaction.user.id), ctx.notes.all(interaction.user.id)]);
    const summary = practiceStats(records, notes, ctx.clock.now(), timeZone);
    await interaction.reply({ content: renderStats(ctx.catalog, summary, timeZone), flags: MessageFlags.Ephemeral, allowedMentions: NO_PINGS });
  },

  async autocomplete(interaction) {
    await interaction.respond(timezoneChoices(interaction.options.getFocused()).map((z) => ({ name: z, value: z })));
  },
};
