import { InputError } from '../src/domain/input-error.ts';
import { startReplay } from '../src/discord/replay/start.ts';
import { replayChoice } from '../src/sessions/replays.ts';
import { sequenceChoices } from './choices.ts';
import type { Subcommand } from './command.ts';
import { replayDefinition } from './definitions/replay.ts';

/**
 * `/yin replay`: the last class the member practised in this server (as it ran: hold, length,
 * language), else the last one the server ran; `sequence:` picks another, as written.
 */
export const replay: Subcommand = {
  data: replayDefinition,

  async execute(interaction, ctx) {
    if (!interaction.inCachedGuild()) throw new InputError('session.guildOnly');
    const named = interaction.options.getString('sequence')?.trim().toLowerCase();
    const spec = named
      ? { sequenceId: named }
      : await replayChoice(ctx.attendance, ctx.replays, interaction.guildId, interaction.user.id);
    if (!spec) throw new InputError('replay.nothingYet');
    await startReplay(interaction, ctx, spec);
  },

  autocomplete: sequenceChoices,
};
