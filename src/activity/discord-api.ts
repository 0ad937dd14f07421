import { createHash } from 'node:crypto';
import { z } from 'zod';

/**
 * What the class view asks Discord, through DISCORD_API_URL like the rest of the bot: the
 * OAuth2 code exchange (with the client secret), who an access token belongs to, and an
 * Activity instance (with the bot token). Tokens and the secret go into requests only: never
 * into errors, logs or answers other than the member's own access token.
 */
export interface ActivityDiscord {
  exchangeCode(code: string): Promise<string>;
  whoIs(accessToken: string): Promise<ActivityUser>;
  instance(instanceId: string): Promise<ActivityInstance | undefined>;
}

export interface ActivityUser {
  id: string;
  name: string;
}

export interface ActivityInstance {
  channelId: string;
  guildId: string | undefined;
  userIds: string[];
}

/** Discord said no, or could not be reached: `status` 0 for no answer. No token in the message. */
export class DiscordCallError extends Error {
  override name = 'DiscordCallError';
  readonly status: number;
  constructor(status: number, what: string) {
    super(`${what}: ${status === 0 ? 'no answer from Discord' : `Discord answered ${status}`}`);
    this.status = status;
  }
}

const tokenAnswer = z.object({ access_token: z.string().min(1), token_type: z.string().optional() });
const userAnswer = z.object({
  id: z.string().regex(/^\d{1,20}$/),
  username: z.string(),
  global_name: z.string().nullish(),
});
const instanceAnswer = z.object({
  instance_id: z.string(),
  location: z.object({ channel_id: z.string().regex(/^\d{1,20}$/), guild_id: z.string().nullish() }),
  users: z.array(z.string()),
});

const TIMEOUT_MS = 10_000;
/** Who a token belongs to doesn't change: a reconnect within this time costs Discord nothing. */
const WHO_TTL_MS = 5 * 60_000;
const WHO_MAX = 2000;

export function activityDiscord(o: {
  apiUrl: string;
  clientId: string;
  clientSecret: string;
  botToken: string;
  now?: () => number;
}): ActivityDiscord {
  const base = `${o.apiUrl}/v10`;
  const now = o.now ?? Date.now;
  const who = new Map<string, { user: ActivityUser; until: number }>();

  async function call(what: string, url: string, init: RequestInit): Promise<unknown> {
    let res: Response;
    try {
      res = await fetch(url, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS) });
    } catch {
      throw new DiscordCallError(0, what);
    }
    if (res.status === 404) {
      await res.body?.cancel();
      return undefined;
    }
    if (!res.ok) {
      await res.body?.cancel();
      throw new DiscordCallError(res.status, what);
    }
    return res.json();
  }

  return {
    async exchangeCode(code) {
      const body = new URLSearchParams({
        client_id: o.clientId,
        client_secret: o.clientSecret,
        grant_type: 'authorization_code',
        code,
      });
      const answer = await call('the code exchange', `${base}/oauth2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body,
      });
      const parsed = tokenAnswer.safeParse(answer);
      if (!parsed.success) throw new DiscordCallError(answer === undefined ? 404 : 502, 'the code exchange');
      return parsed.data.access_token;
    },

    async whoIs(accessToken) {
      const key = createHash('sha256').update(accessToken).digest('base64url');
      const known = who.get(key);
      if (known && known.until > now()) return known.user;
      const answer = await call('who the token belongs to', `${base}/users/@me`, {
        headers: { authorization: `Bearer ${accessToken}` },
      });
      const parsed = userAnswer.safeParse(answer);
      if (!parsed.success) throw new DiscordCallError(401, 'who the token belongs to');
      const user = { id: parsed.data.id, name: parsed.data.global_name ?? parsed.data.username };
      if (who.size >= WHO_MAX) who.delete(who.keys().next().value as string);
      who.set(key, { user, until: now() + WHO_TTL_MS });
      return user;
    },

    async instance(instanceId) {
      const answer = await call(
        'the activity instance',
        `${base}/applications/${o.clientId}/activity-instances/${encodeURIComponent(instanceId)}`,
        { headers: { authorization: `Bot ${o.botToken}` } },
      );
      if (answer === undefined) return undefined;
      const parsed = instanceAnswer.safeParse(answer);
      if (!parsed.success) throw new DiscordCallError(502, 'the activity instance');
      const { location, users } = parsed.data;
      return { channelId: location.channel_id, guildId: location.guild_id ?? undefined, userIds: users };
    },
  };
}
