// Discord Activities as yin's class view meets them: the OAuth2 code exchange, /users/@me with a
// member's Bearer token, and activity instances (made by a LAUNCH_ACTIVITY answer, type 12).
import { randomBytes } from 'node:crypto';
import { APP_ID, BOT_USER, USERS, apiUser } from '../fixtures.ts';
import type { FakeDiscord } from '../fake.ts';
import { HttpError } from '../router.ts';
import type { Ctx, Reply, RouteDef } from '../router.ts';
import { snowflake } from '../snowflake.ts';
import { validateResponse } from '../validate.ts';

/** The OAuth2 client secret the stand-in knows (the developer portal's, for real). */
export const CLIENT_SECRET = 'yin-fake-client-secret-not-a-secret';

export interface ActivityInstance {
  application_id: string;
  instance_id: string;
  launch_id: string;
  location: { id: string; kind: 'gc'; channel_id: string; guild_id: string };
  users: string[];
}

/** What the stand-in remembers about Activities: codes, access tokens and running instances. */
export class ActivityWorld {
  /** Single-use codes from AUTHORIZE → the user they sign in. */
  readonly codes = new Map<string, string>();
  /** Access token → user id. */
  readonly tokens = new Map<string, string>();
  /** Instance id → instance; one per channel while anyone is in it. */
  readonly instances = new Map<string, ActivityInstance>();
  /** Token exchanges answered (for counting requests). */
  exchanges = 0;

  /** What the Discord client does when the Activity calls authorize(): a code for this user. */
  authorize(userId: string): string {
    const code = randomBytes(15).toString('base64url');
    this.codes.set(code, userId);
    return code;
  }

  /** The instance running in a channel, if any. */
  instanceIn(channelId: string): ActivityInstance | undefined {
    return [...this.instances.values()].find((i) => i.location.channel_id === channelId);
  }

  /** A member opens the Activity in a channel: joins its instance, or starts one. */
  launch(channelId: string, guildId: string, userId: string): ActivityInstance {
    let instance = this.instanceIn(channelId);
    if (!instance) {
      instance = {
        application_id: APP_ID,
        instance_id: `i-${snowflake()}-gc-${guildId}-${channelId}`,
        launch_id: snowflake(),
        location: { id: `gc-${guildId}-${channelId}`, kind: 'gc', channel_id: channelId, guild_id: guildId },
        users: [],
      };
      this.instances.set(instance.instance_id, instance);
    }
    if (!instance.users.includes(userId)) instance.users.push(userId);
    return instance;
  }

  /** A member closes the Activity; the instance ends with its last participant. */
  leave(instanceId: string, userId: string): void {
    const instance = this.instances.get(instanceId);
    if (!instance) return;
    instance.users = instance.users.filter((u) => u !== userId);
    if (instance.users.length === 0) this.instances.delete(instanceId);
  }
}

const worlds = new WeakMap<FakeDiscord, ActivityWorld>();
export function activityOf(fake: FakeDiscord): ActivityWorld {
  let w = worlds.get(fake);
  if (!w) {
    w = new ActivityWorld();
    worlds.set(fake, w);
  }
  return w;
}

const oauthError = (status: number, error: string, description: string) =>
  Object.assign(new HttpError(status, 0, description), { body: { error, error_description: description } });

function exchange({ fake, body }: Ctx): Reply {
  const w = activityOf(fake);
  const form = (body ?? {}) as Record<string, string>;
  if (form.client_id !== APP_ID || form.client_secret !== CLIENT_SECRET)
    throw oauthError(401, 'invalid_client', 'Invalid client');
  if (form.grant_type !== 'authorization_code')
    throw oauthError(400, 'unsupported_grant_type', 'Unsupported grant type');
  const userId = w.codes.get(form.code ?? '');
  if (!userId) throw oauthError(400, 'invalid_grant', 'Invalid "code" in request.');
  w.codes.delete(form.code ?? '');
  const token = randomBytes(24).toString('base64url');
  w.tokens.set(token, userId);
  w.exchanges += 1;
  return {
    status: 200,
    body: {
      access_token: token,
      token_type: 'Bearer',
      expires_in: 604800,
      refresh_token: randomBytes(24).toString('base64url'),
      scope: 'identify',
    },
  };
}

/** The bot's own user with the bot token; a member with their Bearer token. */
function me({ fake, authorization }: Ctx): Reply {
  if (authorization === `Bot ${fake.token}`)
    return { status: 200, body: { ...BOT_USER, verified: true, mfa_enabled: false, flags: 0 } };
  const bearer = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
  const userId = bearer ? activityOf(fake).tokens.get(bearer) : undefined;
  const user = USERS.find((u) => u.id === userId);
  if (!user) throw new HttpError(401, 0, '401: Unauthorized');
  return { status: 200, body: { ...apiUser(user), public_flags: 0, flags: 0, locale: 'en-US', mfa_enabled: false } };
}

function instance({ fake, params }: Ctx): Reply {
  if (params.app !== APP_ID) throw new HttpError(404, 10002, 'Unknown Application');
  const found = activityOf(fake).instances.get(params.instance ?? '');
  if (!found) throw new HttpError(404, 10_000 + 97, 'Unknown Activity Instance');
  const body = structuredClone(found);
  const v = validateResponse('/applications/{application_id}/activity-instances/{instance_id}', 'get', 200, body);
  if (!v.ok)
    fake.invalid.push({
      method: 'GET',
      path: `/applications/${params.app}/activity-instances/${params.instance}`,
      route: 'response',
      body,
      errors: v.errors,
      at: Date.now(),
    });
  return { status: 200, body };
}

export const activityRoutes: RouteDef[] = [
  { method: 'POST', route: '/oauth2/token', auth: false, handler: exchange },
  { method: 'GET', route: '/users/@me', auth: false, handler: me },
  {
    method: 'GET',
    route: '/applications/:app/activity-instances/:instance',
    auth: true,
    handler: instance,
  },
];
