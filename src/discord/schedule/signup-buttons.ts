import { PermissionFlagsBits as P, type ButtonInteraction } from 'discord.js';
import { InputError } from '../../domain/input-error.ts';
import { scheduledTimeline } from '../../schedule/around-starts.ts';
import { cantCome, readRoster, setDmReminder, signUp } from '../../schedule/signup-verbs.ts';
import type { Counts } from '../../schedule/signups.ts';
import type { StartRef } from '../../schedule/signups-repo.ts';
import type { BotContext } from '../context.ts';
import { signupId, type SignupAction } from '../custom-ids.ts';
import { ephemeral, NO_PINGS } from '../markup.ts';
import { route } from '../route.ts';
import { t } from '../../i18n.ts';
import { dmReply, droppedReply, myRow, rosterReply, signedUpReply, withCounts } from './signup-format.ts';

/*
 * The sign-up buttons. On the public reminder, a click brings the post's counts up to date (an
 * update of the message it is on, so no extra post) and answers the member privately; on the
 * member's private answer, the DM reminder buttons update that answer itself, so "DMs closed"
 * shows on the button they pressed.
 */

type Args = { action: SignupAction; scheduleId: string; occurrenceMs: number };

async function handle(interaction: ButtonInteraction, a: Args, ctx: BotContext): Promise<void> {
  if (!interaction.inCachedGuild()) throw new InputError('schedule.guildOnly');
  const d = ctx.schedules.signups;
  const ref: StartRef = { guildId: interaction.guildId, scheduleId: a.scheduleId, occurrenceMs: a.occurrenceMs };
  const userId = interaction.user.id;
  const onPublicPost = !interaction.message.flags.has('Ephemeral');
  if (a.action === 'roster') {
    const organiser = interaction.memberPermissions.has(P.ManageEvents);
    const r = await readRoster(d, ref, userId, organiser);
    const name =
      scheduledTimeline(ctx.catalogs.of(r.schedule.guildId), r.schedule)?.sequence.name ?? r.schedule.sequenceId;
    await interaction.reply(ephemeral({ content: rosterReply(name, a.occurrenceMs, r.roster, r.counts) }));
    return;
  }
  const named = () => ctx.reportConsent.showsName(userId, interaction.guildId);
  if (a.action === 'name' || a.action === 'noname') {
    // The same yes as `/yin settings my-name`: one consent, kept with the member, not the sign-up.
    const yes = await ctx.reportConsent.set(userId, interaction.guildId, a.action === 'name', ctx.clock.now());
    const mine = (await d.signups.list(ref)).find((e) => e.userId === userId);
    const dm = mine?.remind ? 'on' : 'offer';
    const content = t(yes ? 'attendance.nameNowShown' : 'attendance.nameNowHidden');
    const answer = { content, components: [myRow(a.scheduleId, a.occurrenceMs, dm, yes)], allowedMentions: NO_PINGS };
    await (onPublicPost ? interaction.reply(ephemeral(answer)) : interaction.update(answer));
    return;
  }
  if (a.action === 'dm' || a.action === 'nodm') {
    const r = await setDmReminder(d, ref, userId, a.action === 'dm', interaction.locale);
    const row = myRow(a.scheduleId, a.occurrenceMs, r.status === 'off' ? 'offer' : r.status, await named());
    const answer = { content: dmReply(r), components: [row], allowedMentions: NO_PINGS };
    await (onPublicPost ? interaction.reply(ephemeral(answer)) : interaction.update(answer));
    return;
  }
  const yes = a.action === 'in' && (await named());
  const answer =
    a.action === 'in'
      ? await signUp(d, ref, userId, interaction.locale).then((r) => ({
          content: signedUpReply(r),
          counts: r.counts,
          components: [myRow(a.scheduleId, a.occurrenceMs, 'offer', yes)],
        }))
      : await cantCome(d, ref, userId).then((r) => ({ content: droppedReply(r), counts: r.counts, components: [] }));
  if (onPublicPost) {
    await refreshCounts(interaction, a.scheduleId, answer.counts, ctx);
    await interaction.followUp(ephemeral({ content: answer.content, components: answer.components }));
  } else {
    await interaction.update({ content: answer.content, components: answer.components, allowedMentions: NO_PINGS });
  }
}

/** The public post's counts line, brought up to date in the post's own language. */
async function refreshCounts(
  interaction: ButtonInteraction<'cached'>,
  scheduleId: string,
  counts: Counts,
  ctx: BotContext,
): Promise<void> {
  const s = await ctx.schedules.repo.get(interaction.guildId, scheduleId);
  const lang = s?.language ?? (await ctx.languageOf(interaction.guildId));
  await interaction.update({
    content: withCounts(interaction.message.content, counts, lang),
    allowedMentions: NO_PINGS,
  });
}

export const signupButtons = [route(signupId, handle)];
