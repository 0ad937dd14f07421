// Channels, messages and threads.
import type { APIChannel } from 'discord-api-types/v10';
import { PermissionFlagsBits as P } from 'discord-api-types/v10';
import { APP_ID } from '../fixtures.ts';
import type { FakeDiscord } from '../fake.ts';
import { buildMessage, editMessage } from '../messages.ts';
import type { StoredMessage } from '../messages.ts';
import type { UploadedFile } from '../multipart.ts';
import { permissionsIn } from '../payloads.ts';
import { HttpError, missingPermissions, notFound } from '../router.ts';
import type { Ctx, RouteDef } from '../router.ts';
import { snowflake } from '../snowflake.ts';
import { checkDmOpen } from './dms.ts';

const THREAD_TYPES = new Set([10, 11, 12]);

export function channelOr404(fake: FakeDiscord, id: string): APIChannel {
  const c = fake.state.channels.get(id);
  if (!c) throw notFound('Channel', 10003);
  return c;
}

function guildOf(c: APIChannel): string | undefined {
  return 'guild_id' in c ? c.guild_id : undefined;
}

/** Throws like Discord when the bot lacks a permission in the channel (its overwrites included). */
export function requireBot(fake: FakeDiscord, c: APIChannel, ...perms: bigint[]): void {
  if (!guildOf(c)) return;
  const have = permissionsIn(fake.state, c.id, APP_ID);
  if (!(have & P.ViewChannel)) throw new HttpError(403, 50001, 'Missing Access');
  for (const p of perms) if (!(have & p)) throw missingPermissions();
}

function messageOr404(fake: FakeDiscord, channelId: string, messageId: string): StoredMessage {
  const m = fake.state.findMessage(channelId, messageId);
  if (!m) throw notFound('Message', 10008);
  return m as StoredMessage;
}

function postMessage({ fake, params, body, files }: Ctx) {
  const c = channelOr404(fake, params.id!);
  requireBot(fake, c, THREAD_TYPES.has(c.type) ? P.SendMessagesInThreads : P.SendMessages);
  checkDmOpen(fake, c.id);
  if (files.length) requireBot(fake, c, P.AttachFiles);
  if (hasEmbeds(body)) requireBot(fake, c, P.EmbedLinks);
  checkAttachmentRefs(body, files);
  const list = fake.state.channelMessages(c.id);
  // enforce_nonce: a retry with the same nonce gets the original message back, nothing new is posted.
  if (body?.enforce_nonce && body?.nonce != null) {
    const existing = list.find((m) => m.nonce !== undefined && String(m.nonce) === String(body.nonce));
    if (existing) return { status: 200, body: existing };
  }
  const m = buildMessage(fake.state, c.id, body, files);
  list.push(m);
  fake.dispatch('MESSAGE_CREATE', m, guildOf(c));
  return { status: 200, body: m };
}

/** A body with rich embeds: Discord refuses it (50013) without Embed Links. */
function hasEmbeds(body: any): boolean {
  return Array.isArray(body?.embeds) && body.embeds.length > 0;
}

/**
 * Every `attachment://name` an embed names must be one of the uploads (Discord would show a
 * broken image), and every `attachments[n]` entry must match an uploaded `files[n]`.
 */
function checkAttachmentRefs(body: any, files: UploadedFile[]): void {
  const names = new Set(files.map((f) => f.filename));
  const refs = JSON.stringify(body?.embeds ?? []).match(/attachment:\/\/[^"]+/g) ?? [];
  for (const ref of refs) {
    const name = ref.slice('attachment://'.length);
    if (!names.has(name)) throw new HttpError(400, 50035, `Invalid Form Body: no upload named ${name}`);
  }
  for (const a of Array.isArray(body?.attachments) ? body.attachments : []) {
    const f = files[Number(a?.id)];
    if (!f || (a.filename !== undefined && a.filename !== f.filename))
      throw new HttpError(400, 50035, `Invalid Form Body: attachments[${a?.id}] has no matching files[n]`);
  }
}

/**
 * PUT /channels/{id}/voice-status: a voice channel, the bot connected to it, with Set Voice
 * Channel Status. Members in the guild hear of it as VOICE_CHANNEL_STATUS_UPDATE.
 */
function setVoiceStatus({ fake, params, body }: Ctx) {
  const c = channelOr404(fake, params.id!);
  if (c.type !== 2) throw new HttpError(400, 50024, 'Cannot execute action on this channel type');
  requireBot(fake, c, P.SetVoiceChannelStatus);
  const guildId = guildOf(c)!;
  // Connected to the channel, Set Voice Channel Status is enough; from outside it, Manage Channels
  // is needed too (documented 2026-04).
  if (fake.state.voiceStates(guildId).get(APP_ID)?.channelId !== c.id) requireBot(fake, c, P.ManageChannels);
  const status = typeof body?.status === 'string' && body.status !== '' ? body.status : null;
  if (status === null) fake.state.voiceStatus.delete(c.id);
  else fake.state.voiceStatus.set(c.id, status);
  fake.dispatch('VOICE_CHANNEL_STATUS_UPDATE', { id: c.id, guild_id: guildId, status }, guildId);
  return { status: 204 };
}

function listMessages({ fake, params, query }: Ctx) {
  const c = channelOr404(fake, params.id!);
  requireBot(fake, c);
  // Without Read Message History Discord answers an empty list rather than an error.
  if (guildOf(c) && !(permissionsIn(fake.state, c.id, APP_ID) & P.ReadMessageHistory)) return { status: 200, body: [] };
  const limit = Math.min(100, Math.max(1, Number(query.get('limit') ?? 50)));
  let list = [...fake.state.channelMessages(c.id)];
  const before = query.get('before');
  const after = query.get('after');
  if (before) list = list.filter((m) => BigInt(m.id) < BigInt(before));
  if (after) list = list.filter((m) => BigInt(m.id) > BigInt(after));
  // Discord answers newest first; with `after` it still pages from just after that id.
  const page = after ? list.slice(0, limit) : list.slice(-limit);
  return { status: 200, body: page.reverse() };
}

function startThread({ fake, params, body }: Ctx, fromMessage: boolean) {
  const parent = channelOr404(fake, params.id!);
  if (parent.type !== 0 && parent.type !== 5) {
    throw new HttpError(400, 50024, 'Cannot execute action on this channel type');
  }
  const type: number = fromMessage ? (parent.type === 5 ? 10 : 11) : (body?.type ?? 12);
  requireBot(fake, parent, type === 12 ? P.CreatePrivateThreads : P.CreatePublicThreads);
  const message = fromMessage ? messageOr404(fake, parent.id, params.mid!) : undefined;
  if (message?.thread) throw new HttpError(400, 160004, 'A thread has already been created for this message');
  const now = new Date().toISOString();
  const thread = {
    // Discord reuses the starter message's id for the thread.
    id: message?.id ?? snowflake(),
    type,
    guild_id: guildOf(parent),
    parent_id: parent.id,
    name: body?.name,
    owner_id: APP_ID,
    last_message_id: null,
    rate_limit_per_user: body?.rate_limit_per_user ?? 0,
    flags: 0,
    message_count: 0,
    member_count: 1,
    total_message_sent: 0,
    thread_metadata: {
      archived: false,
      auto_archive_duration: body?.auto_archive_duration ?? 4320,
      archive_timestamp: now,
      locked: false,
      create_timestamp: now,
      ...(type === 12 ? { invitable: body?.invitable ?? true } : {}),
    },
    member: { id: message?.id, user_id: APP_ID, join_timestamp: now, flags: 0 },
  } as unknown as APIChannel;
  fake.state.channels.set(thread.id, thread);
  fake.state.threadMembers(thread.id).add(APP_ID);
  if (message) message.thread = thread;
  fake.dispatch('THREAD_CREATE', { ...thread, newly_created: true }, guildOf(parent));
  return { status: 201, body: thread };
}

export const channelRoutes: RouteDef[] = [
  {
    method: 'GET',
    route: '/channels/:id',
    auth: true,
    handler: ({ fake, params }) => ({ status: 200, body: channelOr404(fake, params.id!) }),
  },
  {
    method: 'POST',
    route: '/channels/:id/messages',
    spec: '/channels/{channel_id}/messages',
    auth: true,
    handler: postMessage,
  },
  { method: 'GET', route: '/channels/:id/messages', auth: true, handler: listMessages },
  {
    method: 'GET',
    route: '/channels/:id/messages/:mid',
    auth: true,
    handler: ({ fake, params }) => ({
      status: 200,
      body: messageOr404(fake, channelOr404(fake, params.id!).id, params.mid!),
    }),
  },
  {
    method: 'PATCH',
    route: '/channels/:id/messages/:mid',
    spec: '/channels/{channel_id}/messages/{message_id}',
    auth: true,
    handler: ({ fake, params, body, files }) => {
      const c = channelOr404(fake, params.id!);
      const found = messageOr404(fake, c.id, params.mid!);
      requireBot(fake, c);
      if (found.author.id !== APP_ID) throw new HttpError(403, 50005, 'Cannot edit a message authored by another user');
      if (files.length) requireBot(fake, c, P.AttachFiles);
      if (hasEmbeds(body)) requireBot(fake, c, P.EmbedLinks);
      const m = editMessage(found, body, files);
      fake.dispatch('MESSAGE_UPDATE', m, guildOf(c));
      return { status: 200, body: m };
    },
  },
  {
    method: 'DELETE',
    route: '/channels/:id/messages/:mid',
    auth: true,
    handler: ({ fake, params }) => {
      const c = channelOr404(fake, params.id!);
      const m = messageOr404(fake, c.id, params.mid!);
      if (m.author.id !== APP_ID) requireBot(fake, c, P.ManageMessages);
      fake.state.removeMessage(c.id, m.id);
      fake.dispatch('MESSAGE_DELETE', { id: m.id, channel_id: c.id, guild_id: guildOf(c) }, guildOf(c));
      return { status: 204 };
    },
  },
  {
    method: 'POST',
    route: '/channels/:id/messages/:mid/threads',
    spec: '/channels/{channel_id}/messages/{message_id}/threads',
    auth: true,
    handler: (ctx) => startThread(ctx, true),
  },
  {
    method: 'PUT',
    route: '/channels/:id/voice-status',
    spec: '/channels/{channel_id}/voice-status',
    auth: true,
    handler: setVoiceStatus,
  },
  {
    method: 'POST',
    route: '/channels/:id/threads',
    spec: '/channels/{channel_id}/threads',
    auth: true,
    handler: (ctx) => startThread(ctx, false),
  },
];
