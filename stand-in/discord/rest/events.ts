// Guild scheduled events, with the rules Discord enforces that are cheap to imitate.
import type { APIGuildScheduledEvent } from 'discord-api-types/v10';
import { PermissionFlagsBits as P } from 'discord-api-types/v10';
import { APP_ID, BOT_USER } from '../fixtures.ts';
import type { FakeDiscord } from '../fake.ts';
import { memberObject, permissionsIn, permissionsOf, userById } from '../payloads.ts';
import { HttpError, missingPermissions, notFound } from '../router.ts';
import type { Ctx, Reply, RouteDef } from '../router.ts';
import { snowflake } from '../snowflake.ts';

const MAX_UNCOMPLETED = 100;
// Allowed status changes: scheduled -> active|canceled, active -> completed.
const TRANSITIONS: Record<number, number[]> = { 1: [2, 4], 2: [3] };

function formError(field: string, code: string, message: string): HttpError {
  return new HttpError(400, 50035, 'Invalid Form Body', { [field]: { _errors: [{ code, message }] } });
}

function guildOr404(fake: FakeDiscord, id: string): string {
  if (!fake.state.guildIds.includes(id)) throw notFound('Guild', 10004);
  return id;
}

function eventOr404(fake: FakeDiscord, guildId: string, id: string): APIGuildScheduledEvent {
  const e = fake.state.events.get(id);
  if (!e || e.guild_id !== guildId) throw notFound('Guild Scheduled Event', 10070);
  return e;
}

/**
 * Discord's rules since 2026-02-23: creating an event needs Create Events (Manage Events alone
 * no longer does), and a voice event also View Channel and Connect in its channel. The creator
 * may edit or delete its own events with Create Events or Manage Events; others' events need
 * Manage Events.
 */
function requireCreate(fake: FakeDiscord, guildId: string, body: any): void {
  if (!(permissionsOf(fake.state, guildId, APP_ID) & P.CreateEvents)) throw missingPermissions();
  if (body?.entity_type === 2 || body?.entity_type === 1) {
    const have = permissionsIn(fake.state, String(body.channel_id), APP_ID);
    if (!(have & P.ViewChannel) || !(have & P.Connect)) throw missingPermissions();
  }
}

function requireManage(fake: FakeDiscord, guildId: string, e: APIGuildScheduledEvent): void {
  const have = permissionsOf(fake.state, guildId, APP_ID);
  const own = e.creator_id === APP_ID;
  if (have & P.ManageEvents || (own && have & P.CreateEvents)) return;
  throw missingPermissions();
}

/** Checks the entity rules on the merged (current + patch) event. */
function checkEntity(fake: FakeDiscord, guildId: string, e: any): void {
  if (e.entity_type === 2 || e.entity_type === 1) {
    const c = e.channel_id ? fake.state.channels.get(String(e.channel_id)) : undefined;
    if (!e.channel_id) throw formError('channel_id', 'BASE_TYPE_REQUIRED', 'This field is required');
    if (!c || !('guild_id' in c) || c.guild_id !== guildId) throw notFound('Channel', 10003);
    if (c.type !== (e.entity_type === 2 ? 2 : 13))
      throw formError('channel_id', 'CHANNEL_TYPE_INVALID', 'Channel type is invalid for this entity type');
  } else if (e.entity_type === 3) {
    if (!e.entity_metadata?.location)
      throw formError('entity_metadata', 'BASE_TYPE_REQUIRED', 'location is required for external events');
    if (!e.scheduled_end_time)
      throw formError('scheduled_end_time', 'BASE_TYPE_REQUIRED', 'This field is required for external events');
    if (e.channel_id) throw formError('channel_id', 'BASE_TYPE_INVALID', 'External events cannot have a channel');
  }
  if (e.scheduled_end_time && Date.parse(e.scheduled_end_time) <= Date.parse(e.scheduled_start_time)) {
    throw formError(
      'scheduled_end_time',
      'GUILD_SCHEDULED_EVENT_END_BEFORE_START',
      'End time must be after start time',
    );
  }
}

function create({ fake, params, body }: Ctx): Reply {
  const guildId = guildOr404(fake, params.id!);
  requireCreate(fake, guildId, body);
  const open = fake.state.guildEvents(guildId).filter((e) => e.status === 1 || e.status === 2).length;
  if (open >= MAX_UNCOMPLETED)
    throw new HttpError(400, 30038, 'Maximum number of uncompleted guild scheduled events reached (100)');
  if (Date.parse(body.scheduled_start_time) < fake.now()) {
    throw formError(
      'scheduled_start_time',
      'GUILD_SCHEDULED_EVENT_SCHEDULED_START_TIME_IN_PAST',
      'Cannot schedule event in the past.',
    );
  }
  checkEntity(fake, guildId, body);
  const e = {
    id: snowflake(),
    guild_id: guildId,
    channel_id: body.entity_type === 3 ? null : String(body.channel_id),
    creator_id: APP_ID,
    creator: BOT_USER,
    name: body.name,
    description: body.description ?? null,
    scheduled_start_time: body.scheduled_start_time,
    scheduled_end_time: body.scheduled_end_time ?? null,
    privacy_level: body.privacy_level ?? 2,
    status: 1,
    entity_type: body.entity_type,
    entity_id: null,
    entity_metadata: body.entity_type === 3 ? { location: body.entity_metadata.location } : null,
    user_count: 0,
    image: body.image ? 'fakeimagehash' : null,
    recurrence_rule: body.recurrence_rule ?? null,
  } as APIGuildScheduledEvent;
  fake.state.events.set(e.id, e);
  fake.state.interested.set(e.id, new Set());
  fake.dispatch('GUILD_SCHEDULED_EVENT_CREATE', e, guildId);
  return { status: 200, body: e };
}

function update({ fake, params, body }: Ctx): Reply {
  const guildId = guildOr404(fake, params.id!);
  const e = eventOr404(fake, guildId, params.eid!);
  requireManage(fake, guildId, e);
  if (body.status !== undefined && body.status !== e.status && !TRANSITIONS[e.status]?.includes(body.status)) {
    throw formError(
      'status',
      'GUILD_SCHEDULED_EVENT_INVALID_STATUS_TRANSITION',
      `Cannot change status from ${e.status} to ${body.status}`,
    );
  }
  if (e.status === 3 || e.status === 4) throw new HttpError(400, 180000, 'Cannot modify a completed or canceled event');
  const merged = { ...e, ...body };
  if (body.entity_type === 3 && body.channel_id === undefined) merged.channel_id = null;
  checkEntity(fake, guildId, merged);
  Object.assign(e, merged);
  fake.dispatch('GUILD_SCHEDULED_EVENT_UPDATE', e, guildId);
  return { status: 200, body: e };
}

function remove({ fake, params }: Ctx): Reply {
  const guildId = guildOr404(fake, params.id!);
  const e = eventOr404(fake, guildId, params.eid!);
  requireManage(fake, guildId, e);
  fake.state.events.delete(e.id);
  fake.dispatch('GUILD_SCHEDULED_EVENT_DELETE', e, guildId);
  return { status: 204 };
}

function users({ fake, params, query }: Ctx): Reply {
  const guildId = guildOr404(fake, params.id!);
  const e = eventOr404(fake, guildId, params.eid!);
  const withMember = query.get('with_member') === 'true';
  const limit = Math.min(100, Number(query.get('limit') ?? 100));
  let ids = [...(fake.state.interested.get(e.id) ?? [])].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
  const before = query.get('before');
  const after = query.get('after');
  if (before) ids = ids.filter((id) => BigInt(id) < BigInt(before));
  if (after) ids = ids.filter((id) => BigInt(id) > BigInt(after));
  const body = ids.slice(0, limit).map((id) => {
    const member = withMember ? memberObject(fake.state, guildId, id) : undefined;
    const { user: _u, ...memberRest } = member ?? {};
    return { guild_scheduled_event_id: e.id, user: userById(id), ...(member ? { member: memberRest } : {}) };
  });
  return { status: 200, body };
}

const withCount = (fake: FakeDiscord, e: APIGuildScheduledEvent): APIGuildScheduledEvent => ({
  ...e,
  user_count: fake.state.interested.get(e.id)?.size ?? 0,
});

const S = '/guilds/{guild_id}/scheduled-events';
export const eventRoutes: RouteDef[] = [
  { method: 'POST', route: '/guilds/:id/scheduled-events', spec: S, auth: true, handler: create },
  {
    method: 'GET',
    route: '/guilds/:id/scheduled-events',
    auth: true,
    handler: ({ fake, params }) => ({
      status: 200,
      body: fake.state.guildEvents(guildOr404(fake, params.id!)).map((e) => withCount(fake, e)),
    }),
  },
  {
    method: 'GET',
    route: '/guilds/:id/scheduled-events/:eid',
    auth: true,
    handler: ({ fake, params }) => ({
      status: 200,
      body: withCount(fake, eventOr404(fake, guildOr404(fake, params.id!), params.eid!)),
    }),
  },
  {
    method: 'PATCH',
    route: '/guilds/:id/scheduled-events/:eid',
    spec: `${S}/{guild_scheduled_event_id}`,
    auth: true,
    handler: update,
  },
  { method: 'DELETE', route: '/guilds/:id/scheduled-events/:eid', auth: true, handler: remove },
  { method: 'GET', route: '/guilds/:id/scheduled-events/:eid/users', auth: true, handler: users },
];
