import type { ButtonInteraction } from 'discord.js';
import { InputError } from '../../domain/input-error.ts';
import { takeSubstitute } from '../../schedule/substitutes.ts';
import { t } from '../../i18n.ts';
import type { BotContext } from '../context.ts';
import { substituteId } from '../custom-ids.ts';
import { ephemeral } from '../markup.ts';
import { route } from '../route.ts';
import { when } from './substitute-post.ts';

/**
 * "I'll teach it" under a substitute request: only members with the teachers' role may press it;
 * the first takes the class, and the click's own answer edits the post to say who.
 */
async function handleTake(
  interaction: ButtonInteraction,
  { scheduleId, occurrenceMs }: { scheduleId: string; occurrenceMs: number },
  ctx: BotContext,
): Promise<void> {
  if (!interaction.inCachedGuild()) throw new InputError('schedule.guildOnly');
  const role = (await ctx.settings.get(interaction.guildId)).teacherRoleId;
  if (!role || !interaction.member.roles.cache.has(role)) throw new InputError('teacher.subNotTeacher', { role });
  const s = await takeSubstitute(
    ctx.schedules.ports,
    interaction.guildId,
    scheduleId,
    occurrenceMs,
    interaction.user.id,
  );
  const lang = s.language ?? (await ctx.languageOf(s.guildId));
  const name = ctx.catalogs.of(s.guildId, lang).sequences.get(s.sequenceId)?.name ?? s.sequenceId;
  const params = { who: interaction.user.id, name, ...when(occurrenceMs) };
  // The click's own answer edits the post: no extra request, and the button is gone for everyone.
  await interaction.update({
    content: t('teacher.subTakenPost', params, lang),
    components: [],
    allowedMentions: { parse: [] },
  });
  await interaction.followUp(ephemeral({ content: t('teacher.subTakenReply', params) }));
}

export const substituteButton = route(substituteId, handleTake);
