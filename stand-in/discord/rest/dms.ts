// Direct messages as Discord answers a bot: POST /users/@me/channels opens (or returns) the DM
// channel with a user, and a message there is refused with 403 50007 "Cannot send messages to
// this user" when the user's DMs are closed to the bot (FakeDiscord.closeDms) — Discord opens the
// channel either way and refuses only the message.
import type { APIChannel, APIDMChannel } from 'discord-api-types/v10';
import { apiUser, USERS } from '../fixtures.ts';
import type { FakeDiscord } from '../fake.ts';
import { HttpError, notFound } from '../router.ts';
import type { Ctx, RouteDef } from '../router.ts';
import { snowflake } from '../snowflake.ts';

/** The user a DM channel is with; undefined for any other channel. */
export function dmRecipient(c: APIChannel): string | undefined {
  return c.type === 1 ? (c as { recipients?: { id: string }[] }).recipients?.[0]?.id : undefined;
}

/** Throws Discord's 50007 for a message to a user whose DMs are closed. */
export function checkDmOpen(fake: FakeDiscord, channelId: string): void {
  const c = fake.state.channels.get(channelId);
  const to = c && dmRecipient(c);
  if (to !== undefined && fake.state.closedDms.has(to))
    throw new HttpError(403, 50007, 'Cannot send messages to this user');
}

function openDm({ fake, body }: Ctx) {
  const userId = String(body?.recipient_id ?? '');
  // A user the bot shares no guild with is unknown to it.
  if (!fake.state.memberIds.includes(userId)) throw notFound('User', 10013);
  const existing = fake.state.dmChannels.get(userId);
  if (existing) return { status: 200, body: fake.state.channels.get(existing) };
  const fixture = USERS.find((u) => u.id === userId);
  const user = fixture
    ? apiUser(fixture)
    : { id: userId, username: `user${userId.slice(-4)}`, global_name: null, discriminator: '0', avatar: null };
  const channel: APIDMChannel = {
    id: snowflake(fake.now()),
    type: 1,
    name: null,
    last_message_id: null,
    flags: 0 as NonNullable<APIDMChannel['flags']>,
    recipients: [user],
  };
  fake.state.channels.set(channel.id, channel);
  fake.state.dmChannels.set(userId, channel.id);
  return { status: 200, body: channel };
}

export const dmRoutes: RouteDef[] = [
  { method: 'POST', route: '/users/@me/channels', spec: '/users/@me/channels', auth: true, handler: openDm },
];
