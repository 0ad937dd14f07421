import { addSchedule } from '../src/discord/schedule/add.ts';
import { listSchedules, removeSchedule, scheduleChoices, setPaused } from '../src/discord/schedule/manage.ts';
import { timezoneChoices } from '../src/schedule/rule.ts';
import { UserFacingError } from '../src/errors.ts';
import type { Subcommand } from './command.ts';
import { sequenceChoices } from './choices.ts';
import { scheduleDefinition } from './definitions/schedule.ts';

export const schedule: Subcommand = {
  data: scheduleDefinition,

  async execute(interaction, ctx) {
    if (!interaction.inCachedGuild()) throw new UserFacingError('Schedules belong to a server; use this in one.');
    const sub = interaction.options.getSubcommand(true);
    if (sub === 'add') return addSchedule(interaction, ctx);
    if (sub === 'list') return listSchedules(interaction, ctx);
    if (sub === 'remove') return removeSchedule(interaction, ctx);
    if (sub === 'pause' || sub === 'resume') return setPaused(interaction, ctx, sub === 'pause');
    throw new UserFacingError('I don’t know that schedule command.');
  },

  async autocomplete(interaction, ctx) {
    const focused = interaction.options.getFocused(true);
    if (focused.name === 'timezone') {
      return interaction.respond(timezoneChoices(String(focused.value)).map((z) => ({ name: z, value: z })));
    }
    if (focused.name === 'sequence') return sequenceChoices(interaction, ctx);
    if (focused.name === 'schedule') return scheduleChoices(interaction, ctx);
    await interaction.respond([]);
  },
};
