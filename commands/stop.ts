import { InputError } from '../src/domain/input-error.ts';
import { assertCanControl } from '../src/discord/session/controls.ts';
import { ephemeral } from '../src/discord/markup.ts';
import { t } from '../src/i18n.ts';
import type { Subcommand } from './command.ts';
import { stopDefinition } from './definitions/stop.ts';

export const stop: Subcommand = {
  data: stopDefinition,

  async execute(interaction, ctx) {
    const state = ctx.runner.get(interaction.channelId);
    if (!state) throw new InputError('session.noneHere');
    assertCanControl(interaction, state, 'stop');
    await ctx.runner.act(interaction.channelId, 'stop');
    await interaction.reply(ephemeral({ content: t('session.stopping', {}, interaction.locale) }));
  },
};
