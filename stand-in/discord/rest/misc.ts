// Gateway discovery, the bot's own user and application, guild reads, and application commands.
import { checkCommand } from '../command-rules.ts';
import type { APIApplicationCommand } from 'discord-api-types/v10';
import { APP_ID, BOT_USER } from '../fixtures.ts';
import type { FakeDiscord } from '../fake.ts';
import { guildObject, memberObject } from '../payloads.ts';
import { guildRoles } from '../fixtures.ts';
import { HttpError, notFound } from '../router.ts';
import type { Ctx, Reply, RouteDef } from '../router.ts';
import { snowflake } from '../snowflake.ts';

function guildOr404(fake: FakeDiscord, id: string): string {
  if (!fake.state.guildIds.includes(id)) throw notFound('Guild', 10004);
  return id;
}

/** Bulk overwrite: same-named commands keep their ids, like Discord. */
function putCommands({ fake, params, body }: Ctx): Reply {
  const key = params.id ?? 'global';
  if (params.id) guildOr404(fake, params.id);
  const old = fake.state.commands.get(key) ?? [];
  for (const [i, c] of ((body ?? []) as any[]).entries()) checkCommand(c, i);
  const entryPoints = ((body ?? []) as any[]).filter((c) => c.type === 4);
  if (entryPoints.length && params.id)
    throw new HttpError(400, 50035, 'Invalid Form Body: cannot have a PRIMARY_ENTRY_POINT guild command');
  if (entryPoints.length > 1)
    throw new HttpError(400, 50035, 'Invalid Form Body: an application may have one PRIMARY_ENTRY_POINT command');
  const list = ((body ?? []) as any[]).map((c) => {
    const prev = old.find((o) => o.name === c.name && (o.type ?? 1) === (c.type ?? 1));
    return {
      id: prev?.id ?? snowflake(),
      application_id: APP_ID,
      version: snowflake(),
      type: c.type ?? 1,
      name: c.name,
      name_localizations: c.name_localizations ?? null,
      description: c.description ?? '',
      description_localizations: c.description_localizations ?? null,
      options: c.options ?? [],
      default_member_permissions: c.default_member_permissions ?? null,
      dm_permission: c.dm_permission ?? true,
      nsfw: c.nsfw ?? false,
      contexts: c.contexts ?? null,
      integration_types: c.integration_types ?? [0],
      ...(c.type === 4 ? { handler: c.handler ?? 1 } : {}),
      ...(params.id ? { guild_id: params.id } : {}),
    } as APIApplicationCommand;
  });
  fake.state.commands.set(key, list);
  return { status: 200, body: list };
}

const getCommands = ({ fake, params }: Ctx): Reply => ({
  status: 200,
  body: fake.state.commands.get(params.id ?? 'global') ?? [],
});

export const miscRoutes: RouteDef[] = [
  {
    method: 'GET',
    route: '/gateway/bot',
    auth: true,
    handler: ({ fake }) => ({
      status: 200,
      body: {
        url: fake.gatewayUrl,
        shards: fake.shards,
        // max_concurrency = shards lets every shard identify at once, keeping multi-shard tests fast.
        session_start_limit: {
          total: 1000,
          remaining: 1000,
          reset_after: 86_400_000,
          max_concurrency: Math.max(1, fake.shards),
        },
      },
    }),
  },
  {
    method: 'GET',
    route: '/gateway',
    auth: false,
    handler: ({ fake }) => ({ status: 200, body: { url: fake.gatewayUrl } }),
  },
  // GET /users/@me (the bot's, or a member's with a Bearer token): activity.ts.
  {
    method: 'GET',
    route: '/applications/@me',
    auth: true,
    handler: () => ({
      status: 200,
      body: {
        id: APP_ID,
        name: 'yin',
        icon: null,
        description: 'Guides group yin yoga',
        summary: '',
        bot_public: true,
        bot_require_code_grant: false,
        verify_key: '0'.repeat(64),
        flags: 0,
        team: null,
        owner: { id: '1200000000000000001', username: 'ana', discriminator: '0', avatar: null },
        bot: BOT_USER,
        install_params: null,
        tags: [],
        approximate_guild_count: 2,
      },
    }),
  },
  {
    method: 'GET',
    route: '/guilds/:id',
    auth: true,
    handler: ({ fake, params }) => ({ status: 200, body: guildObject(fake.state, guildOr404(fake, params.id!)) }),
  },
  {
    method: 'GET',
    route: '/guilds/:id/channels',
    auth: true,
    handler: ({ fake, params }) => ({
      status: 200,
      body: fake.state.guildChannels(guildOr404(fake, params.id!)).filter((c) => ![10, 11, 12].includes(c.type)),
    }),
  },
  {
    method: 'GET',
    route: '/guilds/:id/members/:uid',
    auth: true,
    handler: ({ fake, params }) => {
      const m = memberObject(fake.state, guildOr404(fake, params.id!), params.uid!);
      if (!m) throw notFound('Member', 10007);
      return { status: 200, body: m };
    },
  },
  {
    method: 'GET',
    route: '/guilds/:id/roles',
    auth: true,
    handler: ({ fake, params }) => ({
      status: 200,
      body: guildRoles(guildOr404(fake, params.id!), fake.state.botPermissions),
    }),
  },
  {
    method: 'PUT',
    route: '/applications/:app/commands',
    spec: '/applications/{application_id}/commands',
    auth: true,
    handler: putCommands,
  },
  { method: 'GET', route: '/applications/:app/commands', auth: true, handler: getCommands },
  {
    method: 'PUT',
    route: '/applications/:app/guilds/:id/commands',
    spec: '/applications/{application_id}/guilds/{guild_id}/commands',
    auth: true,
    handler: putCommands,
  },
  { method: 'GET', route: '/applications/:app/guilds/:id/commands', auth: true, handler: getCommands },
];
