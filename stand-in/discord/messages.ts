// Building and editing message objects from request bodies (shared by channel and webhook routes).
import { APP_ID, BOT_USER } from './fixtures.ts';
import type { UploadedFile } from './multipart.ts';
import { HttpError } from './router.ts';
import { snowflake } from './snowflake.ts';
import type { State, StoredAttachment, StoredMessage } from './state.ts';

export const EPHEMERAL = 64;
export const LOADING = 128;

export type { StoredMessage };

function attachments(files: UploadedFile[], channelId: string, body: any): StoredAttachment[] {
  return files.map((f, i) => {
    const id = snowflake();
    const meta = Array.isArray(body?.attachments)
      ? body.attachments.find((a: any) => String(a.id) === String(i))
      : undefined;
    const a = {
      id,
      filename: meta?.filename ?? f.filename,
      size: f.content.length,
      url: `https://cdn.discordapp.com/attachments/${channelId}/${id}/${f.filename}`,
      proxy_url: `https://media.discordapp.net/attachments/${channelId}/${id}/${f.filename}`,
      ...(f.contentType ? { content_type: f.contentType } : {}),
      ...(typeof meta?.description === 'string' ? { description: meta.description } : {}),
    } as StoredAttachment;
    // Non-enumerable: tests can read the bytes, JSON responses stay Discord-shaped.
    Object.defineProperty(a, 'content', { value: f.content, enumerable: false });
    return a;
  });
}

export function isEmpty(body: any, files: UploadedFile[]): boolean {
  const has = (v: unknown): boolean => (Array.isArray(v) ? v.length > 0 : !!v);
  return (
    !files.length &&
    !has(body?.content) &&
    !has(body?.embeds) &&
    !has(body?.components) &&
    !has(body?.sticker_ids) &&
    !has(body?.poll)
  );
}

export function buildMessage(
  state: State,
  channelId: string,
  body: any,
  files: UploadedFile[],
  extra: Partial<StoredMessage> = {},
  allowEmpty = false,
): StoredMessage {
  if (!allowEmpty && isEmpty(body, files)) throw new HttpError(400, 50006, 'Cannot send an empty message');
  const channel = state.channels.get(channelId);
  const guildId = channel && 'guild_id' in channel ? channel.guild_id : undefined;
  const m: StoredMessage = {
    id: snowflake(),
    type: 0,
    channel_id: channelId,
    ...(guildId ? { guild_id: guildId } : {}),
    author: BOT_USER,
    content: body?.content ?? '',
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: !!body?.tts,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: attachments(files, channelId, body),
    embeds: body?.embeds ?? [],
    components: body?.components ?? [],
    pinned: false,
    flags: body?.flags ?? 0,
    ...(body?.nonce !== undefined && body?.nonce !== null ? { nonce: body.nonce } : {}),
    ...(body?.allowed_mentions !== undefined ? { allowed_mentions: body.allowed_mentions } : {}),
    ...(body?.message_reference ? { message_reference: { ...body.message_reference, channel_id: channelId } } : {}),
    ...extra,
  } as StoredMessage;
  return m;
}

/** Apply a PATCH body to a stored message in place (same object is referenced from interactions). */
export function editMessage(m: StoredMessage, body: any, files: UploadedFile[]): StoredMessage {
  if (m.author.id !== APP_ID) throw new HttpError(403, 50005, 'Cannot edit a message authored by another user');
  for (const k of ['content', 'embeds', 'components', 'allowed_mentions'] as const) {
    if (body && k in body) (m as any)[k] = body[k] ?? (k === 'content' ? '' : []);
  }
  if (body && 'flags' in body && body.flags !== null) m.flags = ((m.flags ?? 0) & EPHEMERAL) | (body.flags & ~LOADING);
  if (body && 'attachments' in body) {
    // Kept attachments are listed by id; new files come as parts.
    const keep = new Set((body.attachments ?? []).map((a: any) => String(a.id)));
    m.attachments = [...m.attachments.filter((a) => keep.has(a.id)), ...attachments(files, m.channel_id, body)];
  } else if (files.length) {
    m.attachments = [...m.attachments, ...attachments(files, m.channel_id, body)];
  }
  m.flags = (m.flags ?? 0) & ~LOADING;
  m.edited_timestamp = new Date().toISOString();
  return m;
}
