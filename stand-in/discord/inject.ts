// Builds INTERACTION_CREATE payloads as Discord sends them and dispatches them to the bot.
import type { APIApplicationCommandOption, APIMessage } from 'discord-api-types/v10';
import { PermissionFlagsBits as P } from 'discord-api-types/v10';
import { randomBytes } from 'node:crypto';
import { APP_ID, GUILD_ID, HOST } from './fixtures.ts';
import type { FixtureUser } from './fixtures.ts';
import type { FakeDiscord } from './fake.ts';
import { EPHEMERAL } from './messages.ts';
import { memberObject, permissionsIn, permissionsOf, userById } from './payloads.ts';
import { snowflake } from './snowflake.ts';
import type { InteractionRecord, StoredMessage } from './state.ts';
import { commandOptions } from './options.ts';

type Who = FixtureUser | string;

export interface SlashOptions {
  user?: Who;
  guildId?: string;
  channelId: string;
  name: string;
  subcommand?: string;
  group?: string;
  options?: Record<string, string | number | boolean>;
  /** Merged into data.resolved (e.g. attachments). */
  resolved?: Record<string, unknown>;
  /** Overrides member.permissions (default: computed from the member's roles). */
  memberPermissions?: string;
  locale?: string;
}

export interface ClickOptions {
  user?: Who;
  message: APIMessage;
  customId: string;
  channelId?: string;
  values?: string[];
  componentType?: number;
  /** The clicking member's Discord language (default en-US). */
  locale?: string;
}
export interface ModalOptions {
  user?: Who;
  channelId: string;
  customId: string;
  fields: Record<string, string>;
  message?: APIMessage;
}

export interface FakeInteraction {
  id: string;
  token: string;
  /** The callback body ({ type, data }) once the bot answers. */
  response: Promise<{ type: number; data?: any }>;
  /** Follow-up messages, ephemeral ones included. */
  readonly followups: StoredMessage[];
  original(): StoredMessage | undefined;
  ephemeral(): boolean;
}

const userId = (u: Who | undefined): string => (typeof u === 'string' ? u : (u ?? HOST).id);

function base(
  fake: FakeDiscord,
  type: number,
  who: Who | undefined,
  channelId: string,
  guildIdIn?: string,
  memberPermissions?: string,
  locale = 'en-US',
) {
  const channel = fake.state.channels.get(channelId);
  const guildId = guildIdIn ?? (channel && 'guild_id' in channel ? channel.guild_id : GUILD_ID) ?? GUILD_ID;
  const uid = userId(who);
  const id = snowflake(fake.now());
  // Real tokens are base64 of 'interaction:<id>:<secret>'; url-safe here so paths need no escaping.
  const token = Buffer.from(`interaction:${id}:${randomBytes(24).toString('hex')}`).toString('base64url');
  const member = memberObject(fake.state, guildId, uid);
  // In the channel the interaction came from, overwrites included, as Discord sends them.
  const permissions = (user: string) =>
    (channel ? permissionsIn(fake.state, channelId, user) : permissionsOf(fake.state, guildId, user)).toString();
  const payload: Record<string, unknown> = {
    id,
    application_id: APP_ID,
    type,
    token,
    version: 1,
    guild_id: guildId,
    channel_id: channelId,
    channel: channel ? { ...channel, permissions: memberPermissions ?? permissions(uid) } : { id: channelId, type: 0 },
    guild: { id: guildId, locale: 'en-US', features: [] },
    member: {
      ...(member ?? {
        user: userById(uid) ?? { id: uid, username: uid, discriminator: '0', avatar: null, global_name: null },
        roles: [],
      }),
      permissions: memberPermissions ?? permissions(uid),
    },
    app_permissions: permissions(APP_ID),
    locale,
    guild_locale: 'en-US',
    entitlements: [],
    authorizing_integration_owners: { '0': guildId },
    context: 0,
    attachment_size_limit: 10 * 1024 * 1024,
  };
  if (channel?.type === 1) {
    // In the bot's DM (a button under a private replay's post): no guild, the user instead of a
    // member, the bot-DM context, and permissions as Discord gives them in a DM.
    for (const k of ['guild_id', 'guild', 'member', 'guild_locale']) delete payload[k];
    payload.user = userById(uid) ?? { id: uid, username: uid, discriminator: '0', avatar: null, global_name: null };
    payload.channel = { ...channel };
    payload.app_permissions = DM_PERMISSIONS.toString();
    payload.context = 1;
    payload.authorizing_integration_owners = { '0': guildId };
    return { id, token, guildId: undefined, uid, payload };
  }
  return { id, token, guildId, uid, payload };
}

/** What anyone may do in a DM: view, send, embed, attach, read history, use commands. */
const DM_PERMISSIONS =
  P.ViewChannel | P.SendMessages | P.EmbedLinks | P.AttachFiles | P.ReadMessageHistory | P.UseApplicationCommands;

function register(
  fake: FakeDiscord,
  b: ReturnType<typeof base>,
  type: number,
  channelId: string,
  message?: StoredMessage,
): FakeInteraction {
  let resolveResponse!: (r: { type: number; data?: unknown }) => void;
  const response = new Promise<{ type: number; data?: any }>((r) => (resolveResponse = r));
  const rec: InteractionRecord = {
    id: b.id,
    token: b.token,
    type,
    guildId: b.guildId,
    channelId,
    userId: b.uid,
    createdAt: fake.now(),
    callback: undefined,
    resolveResponse,
    original: undefined,
    followups: [],
    message,
  };
  fake.state.interactions.set(rec.id, rec);
  fake.state.interactionsByToken.set(rec.token, rec);
  // Discord sends what happens in DMs to shard 0 (guild id 0 maps there).
  fake.dispatch('INTERACTION_CREATE', b.payload, b.guildId ?? '0');
  return {
    id: rec.id,
    token: rec.token,
    response,
    get followups() {
      return rec.followups;
    },
    original: () => rec.original,
    ephemeral: () =>
      !!((rec.original?.flags ?? (rec.callback?.data as { flags?: number } | undefined)?.flags ?? 0) & EPHEMERAL),
  };
}

function commandData(fake: FakeDiscord, o: SlashOptions, guildId: string, focused?: string) {
  const cmd = [...(fake.state.commands.get(guildId) ?? []), ...(fake.state.commands.get('global') ?? [])].find(
    (c) => c.name === o.name,
  );
  const { options, resolved } = commandOptions(
    fake.state,
    guildId,
    cmd?.options as APIApplicationCommandOption[] | undefined,
    o,
    focused,
  );
  const merged = { ...resolved, ...(o.resolved ?? {}) };
  return {
    id: cmd?.id ?? '1300000000000000001',
    name: o.name,
    // A PRIMARY_ENTRY_POINT command (the App Launcher) is type 4.
    type: cmd?.type ?? 1,
    ...(cmd && 'guild_id' in cmd && cmd.guild_id ? { guild_id: cmd.guild_id } : {}),
    options,
    ...(Object.keys(merged).length ? { resolved: merged } : {}),
  };
}

export function injectSlash(fake: FakeDiscord, o: SlashOptions): FakeInteraction {
  const b = base(fake, 2, o.user, o.channelId, o.guildId, o.memberPermissions, o.locale);
  b.payload.data = commandData(fake, o, b.guildId ?? GUILD_ID);
  return register(fake, b, 2, o.channelId);
}

export function injectAutocomplete(fake: FakeDiscord, o: SlashOptions & { focused: string }): FakeInteraction {
  const b = base(fake, 4, o.user, o.channelId, o.guildId, o.memberPermissions, o.locale);
  b.payload.data = commandData(fake, o, b.guildId ?? GUILD_ID, o.focused);
  return register(fake, b, 4, o.channelId);
}

/** The stored copy of a message, so edits through the interaction land on what messages() returns. */
function stored(fake: FakeDiscord, m: APIMessage): StoredMessage {
  const inChannel = fake.state.findMessage(m.channel_id, m.id);
  if (inChannel) return inChannel;
  for (const r of fake.state.interactions.values()) {
    const hit = [r.original, ...r.followups].find((x) => x?.id === m.id);
    if (hit) return hit;
  }
  return m as StoredMessage;
}

export function injectClick(fake: FakeDiscord, o: ClickOptions): FakeInteraction {
  const channelId = o.channelId ?? o.message.channel_id;
  const message = stored(fake, o.message);
  const b = base(fake, 3, o.user, channelId, undefined, undefined, o.locale);
  const componentType = o.componentType ?? (o.values ? 3 : 2);
  b.payload.message = message;
  b.payload.data = { custom_id: o.customId, component_type: componentType, ...(o.values ? { values: o.values } : {}) };
  return register(fake, b, 3, channelId, message);
}

export function injectModal(fake: FakeDiscord, o: ModalOptions): FakeInteraction {
  const b = base(fake, 5, o.user, o.channelId);
  const message = o.message ? stored(fake, o.message) : undefined;
  if (message) b.payload.message = message;
  b.payload.data = {
    custom_id: o.customId,
    components: Object.entries(o.fields).map(([custom_id, value]) => ({
      type: 1,
      components: [{ type: 4, custom_id, value }],
    })),
  };
  return register(fake, b, 5, o.channelId, message);
}
