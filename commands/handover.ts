import { InputError } from '../src/domain/input-error.ts';
import { leaderOf, sessionLanguage } from '../src/domain/session.ts';
import { assertCanControl } from '../src/discord/session/controls.ts';
import { NO_PINGS } from '../src/discord/markup.ts';
import { t } from '../src/i18n.ts';
import type { Subcommand } from './command.ts';
import { handoverDefinition } from './definitions/handover.ts';

/**
 * `/yin handover member:`: whoever holds the controls passes them on mid-class. Said publicly in
 * the session's language, pinging nobody; the one before keeps them only through their own
 * permissions (Manage Messages, or Manage Events on scheduled practice).
 */
export const handover: Subcommand = {
  data: handoverDefinition,

  async execute(interaction, ctx) {
    if (!interaction.inCachedGuild()) throw new InputError('session.guildOnly');
    const state = ctx.runner.get(interaction.channelId);
    if (!state) throw new InputError('session.noneHere');
    assertCanControl(interaction, state, 'handover');
    const user = interaction.options.getUser('member', true);
    if (user.bot) throw new InputError('teacher.handoverBot');
    // Discord resolves the member only for someone in the server.
    if (!interaction.options.getMember('member'))
      throw new InputError('teacher.handoverNotMember', { member: user.id });
    if (leaderOf(state) === user.id) throw new InputError('teacher.handoverAlready', { member: user.id });
    const next = await ctx.runner.handOver(interaction.channelId, user.id);
    const content = t('teacher.handedOver', { to: user.id, from: interaction.user.id }, sessionLanguage(next));
    await interaction.reply({ content, allowedMentions: NO_PINGS });
  },
};
