// Interaction callbacks and the interaction webhook (original response + follow-ups).
import { APP_ID } from '../fixtures.ts';
import { activityOf } from './activity.ts';
import type { FakeDiscord } from '../fake.ts';
import { EPHEMERAL, LOADING, buildMessage, editMessage } from '../messages.ts';
import type { StoredMessage } from '../messages.ts';
import { HttpError, notFound } from '../router.ts';
import type { Ctx, Reply, RouteDef } from '../router.ts';
import type { InteractionRecord } from '../state.ts';

const WEBHOOK_TOKEN_TTL_MS = 15 * 60 * 1000;

// Which callback types each interaction type may use (1 ping, 2 command, 3 component, 4 autocomplete, 5 modal);
// 12 is LAUNCH_ACTIVITY.
const ALLOWED: Record<number, number[]> = {
  1: [1],
  2: [4, 5, 9, 12],
  3: [4, 5, 6, 7, 9, 12],
  4: [8],
  5: [4, 5, 6, 7, 12],
};

function invalidType(type: unknown): HttpError {
  return new HttpError(400, 50035, 'Invalid Form Body', {
    type: {
      _errors: [
        {
          code: 'INTERACTION_CALLBACK_TYPE_INVALID',
          message: `Callback type ${String(type)} is not valid for this interaction`,
        },
      ],
    },
  });
}

function publish(fake: FakeDiscord, rec: InteractionRecord, m: StoredMessage): void {
  if ((m.flags ?? 0) & EPHEMERAL) return; // ephemeral: only the user sees it, so it lives on the interaction
  fake.state.channelMessages(rec.channelId).push(m);
  fake.dispatch('MESSAGE_CREATE', m, rec.guildId);
}

function metadata(rec: InteractionRecord): Partial<StoredMessage> {
  return {
    webhook_id: APP_ID,
    application_id: APP_ID,
    interaction_metadata: {
      id: rec.id,
      type: rec.type,
      user: { id: rec.userId },
      authorizing_integration_owners: { 0: rec.guildId ?? '' },
    },
  } as Partial<StoredMessage>;
}

async function callback({ fake, params, body, files, query, receivedAt }: Ctx): Promise<Reply> {
  const rec = fake.state.interactions.get(params.id!);
  if (!rec || rec.token !== params.token) throw new HttpError(404, 10062, 'Unknown interaction');
  if (rec.callback) throw new HttpError(400, 40060, 'Interaction has already been acknowledged.');
  // Measured at arrival, so the fake's own validation time doesn't count against the bot.
  const age = receivedAt - rec.createdAt;
  if (age > fake.interactionTimeoutMs) throw new HttpError(404, 10062, 'Unknown interaction');
  const type: number = body?.type;
  if (!ALLOWED[rec.type]?.includes(type)) throw invalidType(type);
  const data = body?.data;
  if (type === 4) {
    rec.original = buildMessage(fake.state, rec.channelId, data, files, metadata(rec));
    publish(fake, rec, rec.original);
  } else if (type === 5) {
    // The "yin is thinking…" placeholder, edited later through @original.
    const flags = ((data?.flags ?? 0) & EPHEMERAL) | LOADING;
    rec.original = buildMessage(fake.state, rec.channelId, { content: '' }, [], { ...metadata(rec), flags }, true);
    publish(fake, rec, rec.original);
  } else if (type === 6 || type === 7) {
    if (!rec.message) throw invalidType(type);
    if (type === 7) {
      editMessage(rec.message as StoredMessage, data ?? {}, files);
      fake.dispatch('MESSAGE_UPDATE', rec.message, rec.guildId);
    }
    rec.original = rec.message; // @original now means the component's message
  }
  // LAUNCH_ACTIVITY: the member opens the Activity in the channel (joining its instance if one runs).
  const launched = type === 12 ? activityOf(fake).launch(rec.channelId, rec.guildId ?? '', rec.userId) : undefined;
  rec.callback = body;
  fake.ackLatencies.push(age);
  rec.resolveResponse(body);
  if (query.get('with_response') !== 'true') return { status: 204 };
  const m = rec.original;
  const withMessage = type === 4 || type === 5 || type === 7;
  return {
    status: 200,
    body: {
      interaction: {
        id: rec.id,
        type: rec.type,
        ...(launched ? { activity_instance_id: launched.instance_id } : {}),
        ...(withMessage && m
          ? {
              response_message_id: m.id,
              response_message_loading: type === 5,
              response_message_ephemeral: !!((m.flags ?? 0) & EPHEMERAL),
            }
          : {}),
      },
      resource: {
        type,
        ...(withMessage && m ? { message: m } : {}),
        ...(launched ? { activity_instance: { id: launched.instance_id } } : {}),
      },
    },
  };
}

function webhookRecord(fake: FakeDiscord, params: Record<string, string>): InteractionRecord {
  const rec = fake.state.interactionsByToken.get(params.token ?? '');
  if (params.app !== APP_ID || !rec) throw notFound('Webhook', 10015);
  if (fake.now() - rec.createdAt > WEBHOOK_TOKEN_TTL_MS) throw new HttpError(401, 50027, 'Invalid Webhook Token');
  return rec;
}

function findResponse(rec: InteractionRecord, mid: string): StoredMessage {
  const m = mid === '@original' ? rec.original : [rec.original, ...rec.followups].find((x) => x?.id === mid);
  if (!m) throw notFound('Message', 10008);
  return m as StoredMessage;
}

function followUp({ fake, params, body, files }: Ctx): Reply {
  const rec = webhookRecord(fake, params);
  if (!rec.callback) throw notFound('Webhook', 10015);
  const o = rec.original;
  // Discord: the first follow-up after a deferred reply edits the loading message instead
  // (keeping the defer's ephemeral flag).
  if (rec.callback.type === 5 && o && (o.flags ?? 0) & LOADING && rec.followups.length === 0) {
    editMessage(o as StoredMessage, { ...body, flags: undefined }, files);
    if (!((o.flags ?? 0) & EPHEMERAL)) fake.dispatch('MESSAGE_UPDATE', o, rec.guildId);
    return { status: 200, body: o };
  }
  const m = buildMessage(fake.state, rec.channelId, body, files, metadata(rec));
  rec.followups.push(m);
  publish(fake, rec, m);
  return { status: 200, body: m };
}

function editResponse({ fake, params, body, files }: Ctx): Reply {
  const rec = webhookRecord(fake, params);
  const m = editMessage(findResponse(rec, params.mid ?? '@original'), body, files);
  if (!((m.flags ?? 0) & EPHEMERAL)) fake.dispatch('MESSAGE_UPDATE', m, rec.guildId);
  return { status: 200, body: m };
}

function deleteResponse({ fake, params }: Ctx): Reply {
  const rec = webhookRecord(fake, params);
  const m = findResponse(rec, params.mid ?? '@original');
  if (fake.state.removeMessage(m.channel_id, m.id)) {
    fake.dispatch('MESSAGE_DELETE', { id: m.id, channel_id: m.channel_id, guild_id: rec.guildId }, rec.guildId);
  }
  if (rec.original === m) rec.original = undefined;
  rec.followups = rec.followups.filter((x) => x !== m);
  return { status: 204 };
}

const getResponse = ({ fake, params }: Ctx): Reply => ({
  status: 200,
  body: findResponse(webhookRecord(fake, params), params.mid ?? '@original'),
});

const W = '/webhooks/{webhook_id}/{webhook_token}';
export const interactionRoutes: RouteDef[] = [
  {
    method: 'POST',
    route: '/interactions/:id/:token/callback',
    spec: '/interactions/{interaction_id}/{interaction_token}/callback',
    auth: false,
    limit: null,
    handler: callback,
  },
  { method: 'POST', route: '/webhooks/:app/:token', spec: W, auth: false, handler: followUp },
  { method: 'GET', route: '/webhooks/:app/:token/messages/@original', auth: false, handler: getResponse },
  {
    method: 'PATCH',
    route: '/webhooks/:app/:token/messages/@original',
    spec: `${W}/messages/@original`,
    auth: false,
    handler: editResponse,
  },
  { method: 'DELETE', route: '/webhooks/:app/:token/messages/@original', auth: false, handler: deleteResponse },
  { method: 'GET', route: '/webhooks/:app/:token/messages/:mid', auth: false, handler: getResponse },
  {
    method: 'PATCH',
    route: '/webhooks/:app/:token/messages/:mid',
    spec: `${W}/messages/{message_id}`,
    auth: false,
    handler: editResponse,
  },
  { method: 'DELETE', route: '/webhooks/:app/:token/messages/:mid', auth: false, handler: deleteResponse },
];
