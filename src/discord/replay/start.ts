import {
  ChannelType,
  DiscordAPIError,
  MessageFlags,
  Routes,
  type APIChannel,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type GuildBasedChannel,
  type REST,
} from 'discord.js';
import { InputError } from '../../domain/input-error.ts';
import { t } from '../../i18n.ts';
import { isServerId } from '../../library/limits.ts';
import type { ReplaySpec } from '../../sessions/replays.ts';
import { SessionsRepo } from '../../sessions/sessions-repo.ts';
import type { SessionState } from '../../domain/session.ts';
import type { BotContext } from '../context.ts';
import { NO_PINGS } from '../markup.ts';
import { canIn } from '../permissions.ts';

type Where = NonNullable<SessionState['private']>['where'];

/** Discord's "Cannot send messages to this user": the member's DMs are closed to the bot. */
const DMS_CLOSED = 50007;

/**
 * Runs a class again for one member: in a private thread only they are in, under the text
 * channel they asked from (a thread's own parent), else in their DM with the bot. Everything that
 * can refuse is checked before anything is made; nothing is recorded (session.ts `private`).
 */
export async function startReplay(
  interaction: ButtonInteraction | ChatInputCommandInteraction,
  ctx: BotContext,
  spec: ReplaySpec,
): Promise<void> {
  if (!interaction.inCachedGuild()) throw new InputError('session.guildOnly');
  const userId = interaction.user.id;
  await ctx.replays.starting.run(userId, async () => {
    await refuseSecond(ctx, userId);
    const own = isServerId(spec.sequenceId)
      ? (await ctx.sequences.get(interaction.guildId, spec.sequenceId))?.sequence
      : undefined;
    if (isServerId(spec.sequenceId) && !own) throw new InputError('library.notFound', { id: spec.sequenceId });
    const prepared = await ctx.runner.prepare({
      guildId: interaction.guildId,
      channelId: interaction.channelId,
      hostId: userId,
      sequenceId: spec.sequenceId,
      sequence: own,
      language: spec.language,
      holdMinutes: spec.hold,
      lengthMinutes: spec.length,
    });
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const name = prepared.sequence.name;
    const place = await openPlace(interaction, ctx, name, t('replay.threadName', { name }, prepared.language));
    const { state } = await ctx.runner.begin({
      ...prepared,
      input: { ...prepared.input, channelId: place.channelId, private: { ownerId: userId, where: place.where } },
    });
    await ctx.replays
      .claim({ v: 1, userId, sessionId: state.id, channelId: place.channelId, where: place.where, name })
      .catch((err: Error) =>
        ctx.log.warn({ event: 'replay.claim_failed', session: state.id, err: err.message }, 'could not save'),
      );
    const key = place.where === 'thread' ? 'replay.inThread' : 'replay.inDm';
    await interaction.editReply({ content: t(key, { name, channel: place.channelId }), allowedMentions: NO_PINGS });
  });
}

/** "You're already practising …": a replay of the member's that is still saved as running. */
async function refuseSecond(ctx: BotContext, userId: string): Promise<void> {
  const running = await ctx.replays.running(userId);
  if (!running) return;
  const live =
    ctx.runner.get(running.channelId) ?? (await new SessionsRepo(ctx.store.keyv('sessions')).get(running.channelId));
  if (live?.id !== running.sessionId) return;
  const key = running.where === 'thread' ? 'replay.alreadyThread' : 'replay.alreadyDm';
  throw new InputError(key, { name: running.name, channel: running.channelId });
}

/** The private thread, or where one can't be made here, the member's DM. */
async function openPlace(
  interaction: ButtonInteraction<'cached'> | ChatInputCommandInteraction<'cached'>,
  ctx: BotContext,
  name: string,
  threadName: string,
): Promise<{ channelId: string; where: Where }> {
  const rest = interaction.client.rest;
  const here = interaction.channel;
  const parent = here?.isThread() ? here.parent : here;
  if (parent && parent.type === ChannelType.GuildText && threadsAllowed(parent)) {
    const thread = await privateThread(ctx, rest, parent.id, interaction.user.id, threadName);
    if (thread) return { channelId: thread, where: 'thread' };
  }
  // Sharded, only shard 0 hears DMs: a replay there would run with buttons that can't reach it.
  if (ctx.receivesDms === false) throw new InputError('replay.noThreadHere');
  return { channelId: await openDm(ctx, rest, interaction.user.id, name), where: 'dm' };
}

const threadsAllowed = (c: GuildBasedChannel) => canIn(c, 'posts') && canIn(c, 'replay');

/**
 * A private thread (not invitable: only moderators can bring anyone else in) with the member
 * added. Undefined when Discord refuses it (permissions changed meanwhile): the DM then.
 */
async function privateThread(ctx: BotContext, rest: REST, parentId: string, userId: string, name: string) {
  try {
    const thread = (await ctx.paced(() =>
      rest.post(Routes.threads(parentId), {
        body: {
          name: name.slice(0, 100),
          type: ChannelType.PrivateThread,
          invitable: false,
          auto_archive_duration: 1440,
        },
      }),
    )) as APIChannel;
    await ctx.paced(() => rest.put(Routes.threadMembers(thread.id, userId)));
    return thread.id;
  } catch (err) {
    if (!(err instanceof DiscordAPIError) || err.status !== 403) throw err;
    ctx.log.info({ event: 'replay.thread_refused', channel: parentId, code: err.code }, 'no private thread: DM');
    return undefined;
  }
}

/** The member's DM with the bot, with a first line saying what it is; closed DMs: a clear answer. */
async function openDm(ctx: BotContext, rest: REST, userId: string, name: string): Promise<string> {
  const dm = (await ctx.paced(() =>
    rest.post(Routes.userChannels(), { body: { recipient_id: userId } }),
  )) as APIChannel;
  try {
    await ctx.paced(() =>
      rest.post(Routes.channelMessages(dm.id), {
        body: { content: t('replay.dmIntro', { name }), allowed_mentions: NO_PINGS },
      }),
    );
  } catch (err) {
    if (err instanceof DiscordAPIError && Number(err.code) === DMS_CLOSED) throw new InputError('replay.dmClosed');
    throw err;
  }
  return dm.id;
}
