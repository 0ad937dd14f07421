// FakeDiscord: one HTTP server on 127.0.0.1 serving REST under /api/v10 and the gateway upgrade.
import { snowflake } from './snowflake.ts';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ErrorObject } from 'ajv/dist/2020.js';
import type { APIApplicationCommand, APIChannel, APIGuildScheduledEvent, APIOverwrite } from 'discord-api-types/v10';
import { PermissionFlagsBits } from 'discord-api-types/v10';
import { APP_ID, GUILD_ID, OTHER_GUILD_ID, TOKEN, guildRoles } from './fixtures.ts';
import { permissionsIn } from './payloads.ts';
import { Gateway } from './gateway.ts';
import { handleRest } from './http.ts';
import { warmUp } from './validate.ts';
import { RateLimiter } from './ratelimit.ts';
import type { Limit } from './ratelimit.ts';
import { Router } from './router.ts';
import type { RouteDef } from './router.ts';
import { State } from './state.ts';
import type { StoredMessage } from './state.ts';
import { allRoutes } from './rest/index.ts';
import { injectAutocomplete, injectClick, injectModal, injectSlash } from './inject.ts';
import type { ClickOptions, FakeInteraction, ModalOptions, SlashOptions } from './inject.ts';
import { addTextChannels, deleteEventAsUser, markInterested, setVoiceState, unmarkInterested } from './helpers.ts';

export interface FakeDiscordOptions {
  port?: number;
  validate?: boolean;
  rateLimits?: boolean;
  heartbeatIntervalMs?: number;
  shards?: number;
  token?: string;
  /** Window in which an interaction must be answered (Discord: 3 s). */
  interactionTimeoutMs?: number;
  /** The bot's guild permissions (its managed role), e.g. to test "missing permission" paths. */
  botPermissions?: bigint | string;
  /** Permission overwrites per channel id (Discord's `permission_overwrites`), e.g. a channel that denies the bot Send Messages. */
  overwrites?: Record<string, APIOverwrite[]>;
  /** Override POST /channels/:id/messages' limit (Discord: 5 per 5 s per channel). */
  messageRateLimit?: Limit;
  /** Returned in VOICE_SERVER_UPDATE.endpoint; null (Discord's "no server yet") by default. */
  voiceEndpoint?: string | null;
  /** Adds this many text channels ('bench-0', …) to GUILD_ID; their ids are in `textChannelIds`. */
  textChannels?: number;
  /** The same in OTHER_GUILD_ID (its ids in `otherTextChannelIds`): load on two shards. */
  otherTextChannels?: number;
  /**
   * Discord's notion of time: rate-limit windows, interaction ids and their 15-minute tokens,
   * "in the past" for events, and when each request was received (`RecordedRequest.at`). The
   * test clock the bot runs on, so both move in step when it jumps (default: the system time).
   */
  clock?: { now(): number };
}

export interface RecordedRequest {
  method: string;
  path: string;
  route: string;
  query: string;
  body: unknown;
  status: number;
  at: number;
  files?: { name: string; size: number }[];
}

export interface InvalidRequest {
  method: string;
  path: string;
  route: string;
  body: unknown;
  errors: ErrorObject[];
  at: number;
}

export interface FailOptions {
  method?: string;
  route?: string | RegExp;
  status: number;
  times?: number;
  body?: unknown;
}
export interface DelayOptions {
  method?: string;
  route?: string | RegExp;
  ms: number;
  afterCommit?: boolean;
  times?: number;
}
interface Pending<T> {
  o: T;
  left: number;
}

export class FakeDiscord {
  readonly state = new State();
  readonly router = new Router();
  readonly limiter = new RateLimiter();
  readonly gateway: Gateway;
  readonly server: Server;
  port = 0;
  token: string;
  validate: boolean;
  rateLimits: boolean;
  heartbeatIntervalMs: number;
  shards: number;
  interactionTimeoutMs: number;
  voiceEndpoint: string | null;
  messageRateLimit: Limit;
  requests: RecordedRequest[] = [];
  /** Requests received and not yet answered. */
  inFlight = 0;
  invalid: InvalidRequest[] = [];
  unhandled: RecordedRequest[] = [];
  stats = { rateLimited: 0, globalRateLimited: 0, invalidRequests: 0 };
  identifies: Record<string, unknown>[] = [];
  ackLatencies: number[] = [];
  /** The channels `textChannels` added, in order. */
  textChannelIds: string[] = [];
  otherTextChannelIds: string[] = [];
  private faults: Pending<FailOptions>[] = [];
  private delays: Pending<DelayOptions>[] = [];
  private readonly clock: { now(): number };

  constructor(options: FakeDiscordOptions = {}) {
    this.clock = options.clock ?? { now: () => Date.now() };
    this.token = options.token ?? TOKEN;
    this.validate = options.validate ?? true;
    this.rateLimits = options.rateLimits ?? true;
    this.heartbeatIntervalMs = options.heartbeatIntervalMs ?? 41250;
    this.shards = options.shards ?? 1;
    this.interactionTimeoutMs = options.interactionTimeoutMs ?? 3000;
    this.voiceEndpoint = options.voiceEndpoint ?? null;
    this.messageRateLimit = options.messageRateLimit ?? { limit: 5, windowMs: 5000 };
    if (options.botPermissions !== undefined) this.state.botPermissions = BigInt(options.botPermissions);
    for (const [id, overwrites] of Object.entries(options.overwrites ?? {})) {
      const c = this.state.channels.get(id);
      if (!c) throw new Error(`overwrites for unknown channel ${id}`);
      this.state.channels.set(id, { ...c, permission_overwrites: overwrites } as APIChannel);
    }
    this.textChannelIds = addTextChannels(this.state, options.textChannels ?? 0);
    this.otherTextChannelIds = addTextChannels(this.state, options.otherTextChannels ?? 0, OTHER_GUILD_ID);
    this.router.add(allRoutes);
    this.gateway = new Gateway(this);
    this.server = createServer((req, res) => {
      const file = req.method === 'GET' ? this.cdn.get(new URL(req.url ?? '/', 'http://x').pathname) : undefined;
      if (file) {
        res.writeHead(200, { 'content-type': file.contentType, 'content-length': file.content.length });
        return void res.end(file.content);
      }
      handleRest(this, req, res).catch((e: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ message: `500: ${String(e)}`, code: 0 }));
      });
    });
    this.server.on('upgrade', (req, socket, head) => this.gateway.upgrade(req, socket, head));
  }

  async listen(port = 0): Promise<this> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => resolve());
    });
    this.port = (this.server.address() as AddressInfo).port;
    // Off the start-up path: the bot takes longer than this to log in anyway.
    if (this.validate) setTimeout(() => warmUp(), 0).unref();
    return this;
  }

  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }
  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.port}`;
  }
  /** Gateway connections accepted so far (reconnects included). */
  get connections(): number {
    return this.gateway.connections;
  }
  get openSockets(): number {
    return this.gateway.sockets.size;
  }

  routeLimit(def: RouteDef): Limit | undefined {
    if (def.method === 'POST' && def.route === '/channels/:id/messages') return this.messageRateLimit;
    return def.limit ?? undefined;
  }

  /**
   * A file a member attached to a command, as Discord's CDN serves it: the attachment object for
   * an interaction's `data.resolved.attachments`, with its URL on this server.
   */
  hostFile(filename: string, content: Buffer, contentType = 'application/json') {
    const id = snowflake();
    this.cdn.set(`/attachments/${id}/${filename}`, { content, contentType });
    const url = `http://127.0.0.1:${this.port}/attachments/${id}/${filename}`;
    const attachment = { id, filename, size: content.length, url, proxy_url: url, content_type: contentType };
    this.state.attachments.set(id, attachment);
    return attachment;
  }
  /** Files served by hostFile, by path. */
  readonly cdn = new Map<string, { content: Buffer; contentType: string }>();

  // ---- state views ----
  /** Now, as Discord sees it (`clock` in the options). */
  now(): number {
    return this.clock.now();
  }

  messages(channelId: string): StoredMessage[] {
    return [...this.state.channelMessages(channelId)];
  }
  events(guildId: string = GUILD_ID): APIGuildScheduledEvent[] {
    return this.state.guildEvents(guildId);
  }
  commands(guildId?: string): APIApplicationCommand[] {
    return [...(this.state.commands.get(guildId ?? 'global') ?? [])];
  }

  // ---- interactions ----
  slash(o: SlashOptions): FakeInteraction {
    return injectSlash(this, o);
  }
  autocomplete(o: SlashOptions & { focused: string }): FakeInteraction {
    return injectAutocomplete(this, o);
  }
  click(o: ClickOptions): FakeInteraction {
    return injectClick(this, o);
  }
  submitModal(o: ModalOptions): FakeInteraction {
    return injectModal(this, o);
  }

  // ---- things people do in the Discord client ----
  markInterested(eventId: string, userId: string): void {
    markInterested(this, eventId, userId);
  }
  unmarkInterested(eventId: string, userId: string): void {
    unmarkInterested(this, eventId, userId);
  }
  /** The user closes their DMs to the bot (or opens them again): messages to them get 403 50007. */
  closeDms(userId: string, closed = true): void {
    if (closed) this.state.closedDms.add(userId);
    else this.state.closedDms.delete(userId);
  }
  /** What the bot sent the user by DM, oldest first. */
  dms(userId: string): StoredMessage[] {
    const id = this.state.dmChannels.get(userId);
    return id ? this.state.channelMessages(id) : [];
  }
  deleteEventAsUser(eventId: string): void {
    deleteEventAsUser(this, eventId);
  }
  setVoiceState(userId: string, channelId: string | null, guildId: string = GUILD_ID): void {
    setVoiceState(this, userId, channelId, guildId);
  }

  // ---- gateway ----
  dispatch(t: string, d: unknown, guildId?: string): void {
    this.gateway.dispatch(t, d, guildId);
  }
  /**
   * Changes what the bot's managed role grants, as a server admin would in Server Settings →
   * Roles: every guild hears GUILD_ROLE_UPDATE, so the bot's cache follows.
   */
  setBotPermissions(bits: bigint): void {
    this.state.botPermissions = bits;
    for (const guildId of this.state.guildIds) {
      const role = guildRoles(guildId, bits).find((r) => r.managed);
      if (role) this.dispatch('GUILD_ROLE_UPDATE', { guild_id: guildId, role }, guildId);
    }
  }
  /** Whether the bot may be heard in its current voice channel in `guildId` (Speak there). */
  botMayBeHeard(guildId: string): boolean {
    const channelId = this.state.voiceStates(guildId).get(APP_ID)?.channelId;
    return !!channelId && (permissionsIn(this.state, channelId, APP_ID) & PermissionFlagsBits.Speak) !== 0n;
  }
  dropConnections(code = 4000): void {
    this.gateway.drop(code);
  }
  /**
   * A zombie connection: the gateway stops acknowledging heartbeats and sends nothing, and never
   * closes the socket. With `deadTcp` it stops reading too, so the bot's close frame goes
   * unanswered (a cable pulled, not a server that hung up). New connections work normally.
   */
  stallConnections(o: { deadTcp?: boolean } = {}): void {
    this.gateway.stall(o.deadTcp ?? false);
  }

  // ---- fault injection ----
  failNext(o: FailOptions): void {
    this.faults.push({ o, left: o.times ?? 1 });
  }
  delayNext(o: DelayOptions): void {
    this.delays.push({ o, left: o.times ?? 1 });
  }
  takeFault(method: string, route: string, path: string): FailOptions | undefined {
    return take(this.faults, method, route, path);
  }
  takeDelay(method: string, route: string, path: string): DelayOptions | undefined {
    return take(this.delays, method, route, path);
  }

  async waitFor<T>(fn: () => T | undefined | false | null, timeoutMs = 5000): Promise<T> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const v = fn();
      if (v !== undefined && v !== false && v !== null) return v;
      if (Date.now() > until) throw new Error(`waitFor timed out after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  async stop(): Promise<void> {
    this.gateway.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

function take<T extends { method?: string; route?: string | RegExp }>(
  list: Pending<T>[],
  method: string,
  route: string,
  path: string,
): T | undefined {
  const i = list.findIndex(
    ({ o }) =>
      (!o.method || o.method.toUpperCase() === method) &&
      (!o.route ||
        (typeof o.route === 'string'
          ? o.route === route || o.route === path
          : o.route.test(path) || o.route.test(route))),
  );
  const hit = list[i];
  if (!hit) return undefined;
  hit.left -= 1;
  if (hit.left <= 0) list.splice(i, 1);
  return hit.o;
}

export async function startFakeDiscord(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  return new FakeDiscord(options).listen(options.port ?? 0);
}
