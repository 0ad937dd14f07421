// Private threads' members (PUT /channels/{id}/thread-members/{user}), as Discord documents them.
// DMs with the bot are in dms.ts.
import { PermissionFlagsBits as P } from 'discord-api-types/v10';
import { APP_ID } from '../fixtures.ts';
import { HttpError, notFound } from '../router.ts';
import type { Ctx, RouteDef } from '../router.ts';
import { channelOr404, requireBot } from './channels.ts';

const THREAD_TYPES = new Set([10, 11, 12]);

/**
 * Add Thread Member: a thread that isn't archived, and the ability to send messages in it (Send
 * Messages in Threads; in a private thread the bot must be in it, or hold Manage Threads). The
 * user must be in the guild. Discord tells the bot through THREAD_MEMBERS_UPDATE only with the
 * Guild Members intent for other users, which yin doesn't ask for: nothing is dispatched.
 */
function addThreadMember({ fake, params }: Ctx) {
  const c = channelOr404(fake, params.id!);
  if (!THREAD_TYPES.has(c.type)) throw new HttpError(400, 50024, 'Cannot execute action on this channel type');
  const meta = (c as { thread_metadata?: { archived?: boolean } }).thread_metadata;
  if (meta?.archived) throw new HttpError(400, 50083, 'Thread is archived');
  requireBot(fake, c, P.SendMessagesInThreads);
  const members = fake.state.threadMembers(c.id);
  if (c.type === 12 && !members.has(APP_ID)) requireBot(fake, c, P.ManageThreads);
  if (!fake.state.memberIds.includes(params.uid!)) throw notFound('Member', 10007);
  members.add(params.uid!);
  return { status: 204 };
}

export const privateRoutes: RouteDef[] = [
  {
    method: 'PUT',
    route: '/channels/:id/thread-members/:uid',
    auth: true,
    handler: addThreadMember,
  },
];
