import { InputError } from '../src/domain/input-error.ts';
import { ephemeral } from '../src/discord/markup.ts';
import { renderStats } from '../src/discord/notes/render.ts';
import { practiceStats } from '../src/members/stats.ts';
import { resolveTimeZone } from '../src/schedule/timezones.ts';
import { timeZoneChoices } from './choices.ts';
import type { Subcommand } from './command.ts';
import { statsDefinition } from './definitions/stats.ts';

export const stats: Subcommand = {
  data: statsDefinition,

  async execute(interaction, ctx) {
    // Discord doesn't tell a bot a member's time zone, and yin keeps none: asked for, or UTC.
    const asked = interaction.options.getString('timezone');
    const timeZone = asked === null ? 'UTC' : resolveTimeZone(asked);
    if (!timeZone) throw new InputError('stats.unknownZone', { zone: asked ?? '' });
    const [records, notes] = await Promise.all([
      ctx.practice.list(interaction.user.id),
      ctx.notes.all(interaction.user.id),
    ]);
    const summary = practiceStats(records, notes, ctx.clock.now(), timeZone);
    await interaction.reply(ephemeral({ content: renderStats(ctx.catalog, summary, timeZone) }));
  },

  autocomplete: timeZoneChoices,
};
