import { Routes, type APIMessage, type REST } from 'discord.js';
import type { BotContext } from '../context.ts';
import type { Discoveries } from '../../guilds/discoveries-repo.ts';
import type { Note } from '../../members/note.ts';
import { InputError } from '../../domain/input-error.ts';
import { COLOUR, NO_PINGS } from '../markup.ts';
import { shorten } from './format.ts';

/** A member's discovery to share: where it goes, who shares it (their id and name) and the text. */
export interface Share {
  target: Discoveries;
  userId: string;
  name: string;
  text: string;
}

/**
 * Posts a member's discovery where the session's discoveries go, under their name (an embed
 * author, which can't ping), and remembers the post so "erase all" can take it down.
 */
export async function postDiscovery(rest: REST, ctx: BotContext, share: Share): Promise<string> {
  const { target, userId, name, text } = share;
  let message: APIMessage;
  try {
    message = (await rest.post(Routes.channelMessages(target.targetId), {
      body: {
        embeds: [
          { author: { name: shorten(name, 256) }, description: text, color: COLOUR, footer: { text: target.title } },
        ],
        allowed_mentions: NO_PINGS,
      },
    })) as APIMessage;
  } catch (err) {
    ctx.log.warn(
      { event: 'discoveries.post_failed', target: target.targetId, err: (err as Error).message },
      'could not post a discovery',
    );
    throw new InputError('notes.couldNotPost', { target: target.targetId });
  }
  await ctx.discoveries.recordShare(userId, { channelId: target.targetId, messageId: message.id, at: ctx.clock.now() });
  return message.id;
}

/** Where /yin note share posts from this channel, or a clear reason there is nowhere. */
export async function discoveriesFor(ctx: BotContext, guildId: string, channelId: string): Promise<Discoveries> {
  const target = await ctx.discoveries.latest(guildId, channelId);
  if (!target) throw new InputError('notes.noDiscoveries');
  return target;
}

/** Saves the member's shared text as a note, then posts it; a failed post removes the note again. */
export async function shareAsNote(rest: REST, ctx: BotContext, share: Share): Promise<Note> {
  const { target, userId, text } = share;
  const note = await ctx.notes.add(userId, {
    text,
    sessionId: target.sessionId,
    sequenceId: target.sequenceId,
    guildId: target.guildId,
  });
  try {
    await postDiscovery(rest, ctx, { ...share, text: note.text });
  } catch (err) {
    await ctx.notes.delete(userId, note.id);
    throw err;
  }
  return note;
}
