import { ApplicationCommandOptionType, MessageFlags } from 'discord.js';
import { assertCanControl } from '../src/discord/controls.ts';
import { UserFacingError } from '../src/errors.ts';
import type { Subcommand } from './command.ts';

export const stop: Subcommand = {
  data: { type: ApplicationCommandOptionType.Subcommand, name: 'stop', description: "End this channel's session (host or Manage Messages)" },

  async execute(interaction, ctx) {
    const state = ctx.runner.get(interaction.channelId);
    if (!state) throw new UserFacingError('There is no session running in this channel.');
    assertCanControl(interaction, state, 'end');
    await ctx.runner.act(interaction.channelId, 'stop');
    await interaction.reply({ content: 'Ended. The closing is on its way.', flags: MessageFlags.Ephemeral });
  },
};
