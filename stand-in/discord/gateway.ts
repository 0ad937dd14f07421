// The gateway WebSocket: HELLO, heartbeats, IDENTIFY -> READY + GUILD_CREATEs, RESUME with replay,
// voice state updates, and intent-filtered dispatches with sequence numbers.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { randomBytes } from 'node:crypto';
import { WebSocketServer, WebSocket } from 'ws';
import { APP_ID, BOT_USER } from './fixtures.ts';
import type { FakeDiscord } from './fake.ts';
import { PermissionFlagsBits as P } from 'discord-api-types/v10';
import { gatewayGuild, permissionsIn, voiceStatePayload } from './payloads.ts';
import { shardOf } from './snowflake.ts';

interface Dispatch {
  s: number;
  t: string;
  d: unknown;
}

export interface Session {
  id: string;
  shard: [number, number];
  intents: number;
  seq: number;
  /** Everything dispatched on this session, for RESUME replay. */
  sent: Dispatch[];
  socket: WebSocket | undefined;
  invalid: boolean;
}

// Which intent bit an event needs; events not listed are always sent.
const INTENT_OF: [RegExp, number][] = [
  [/^(GUILD_(CREATE|UPDATE|DELETE)|GUILD_ROLE_.*|CHANNEL_.*|THREAD_.*|VOICE_CHANNEL_STATUS_UPDATE)$/, 1 << 0],
  [/^GUILD_MEMBER_(ADD|UPDATE|REMOVE)$/, 1 << 1],
  [/^VOICE_STATE_UPDATE$/, 1 << 7],
  [/^MESSAGE_(CREATE|UPDATE|DELETE|DELETE_BULK)$/, 1 << 9],
  [/^GUILD_SCHEDULED_EVENT_.*$/, 1 << 16],
];

function wants(intents: number, t: string): boolean {
  const rule = INTENT_OF.find(([re]) => re.test(t));
  return !rule || (intents & rule[1]) !== 0;
}

export class Gateway {
  private wss = new WebSocketServer({ noServer: true });
  private fake: FakeDiscord;
  sessions = new Map<string, Session>();
  sockets = new Set<WebSocket>();
  /** Zombie sockets: open, but nothing is answered or sent on them. */
  stalled = new WeakSet<WebSocket>();
  connections = 0;

  constructor(fake: FakeDiscord) {
    this.fake = fake;
  }

  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if ((url.searchParams.get('encoding') ?? 'json') !== 'json') return void socket.destroy();
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws));
  }

  private accept(ws: WebSocket): void {
    this.connections += 1;
    this.sockets.add(ws);
    let session: Session | undefined;
    ws.on('close', (code) => {
      this.sockets.delete(ws);
      if (session?.socket !== ws) return;
      session.socket = undefined;
      // A client closing with 1000/1001 ends its session, as on Discord; other codes keep it resumable.
      if (code === 1000 || code === 1001) session.invalid = true;
    });
    ws.on('message', (raw) => {
      if (this.stalled.has(ws)) return;
      let p: { op: number; d: any };
      try {
        p = JSON.parse(raw.toString());
      } catch {
        return ws.close(4002, 'Error while decoding payload.');
      }
      switch (p.op) {
        case 1:
          return this.send(ws, { op: 11, d: null });
        case 2: {
          if (session) return ws.close(4005, 'Already authenticated.');
          session = this.identify(ws, p.d);
          return;
        }
        case 6: {
          if (session) return ws.close(4005, 'Already authenticated.');
          session = this.resume(ws, p.d);
          return;
        }
        case 3:
          return; // presence update: nothing to do
        case 4:
          return session ? this.voiceUpdate(session, p.d) : ws.close(4003, 'Not authenticated.');
        case 8:
          return session ? this.membersChunk(session, p.d) : ws.close(4003, 'Not authenticated.');
        default:
          return ws.close(4001, 'Unknown opcode.');
      }
    });
    this.send(ws, { op: 10, d: { heartbeat_interval: this.fake.heartbeatIntervalMs } });
  }

  private send(ws: WebSocket, payload: object): void {
    if (ws.readyState === WebSocket.OPEN && !this.stalled.has(ws)) ws.send(JSON.stringify(payload));
  }

  private identify(ws: WebSocket, d: any): Session | undefined {
    if (d?.token !== this.fake.token && d?.token !== `Bot ${this.fake.token}`) {
      ws.close(4004, 'Authentication failed.');
      return undefined;
    }
    const shard: [number, number] = Array.isArray(d.shard) ? [d.shard[0], d.shard[1]] : [0, 1];
    if (!(shard[1] >= 1 && shard[0] >= 0 && shard[0] < shard[1])) {
      ws.close(4010, 'Invalid shard.');
      return undefined;
    }
    const { token: _omit, ...rest } = d as Record<string, unknown>;
    this.fake.identifies.push(rest);
    const s: Session = {
      id: randomBytes(16).toString('hex'),
      shard,
      intents: Number(d.intents ?? 0),
      seq: 0,
      sent: [],
      socket: ws,
      invalid: false,
    };
    this.sessions.set(s.id, s);
    const guilds = this.fake.state.guildIds.filter((g) => shardOf(g, shard[1]) === shard[0]);
    this.emit(s, 'READY', {
      v: 10,
      user: { ...BOT_USER, verified: true, mfa_enabled: false, flags: 0 },
      guilds: guilds.map((id) => ({ id, unavailable: true })),
      session_id: s.id,
      resume_gateway_url: this.fake.gatewayUrl,
      shard,
      session_type: 'normal',
      application: { id: APP_ID, flags: 0 },
      private_channels: [],
      relationships: [],
      presences: [],
      guild_join_requests: [],
      geo_ordered_rtc_regions: [],
      user_settings: {},
      _trace: ['["fake-discord"]'],
    });
    for (const g of guilds) this.emit(s, 'GUILD_CREATE', gatewayGuild(this.fake.state, g));
    return s;
  }

  private resume(ws: WebSocket, d: any): Session | undefined {
    const s = this.sessions.get(String(d?.session_id));
    if (!s || s.invalid || d?.token !== this.fake.token) {
      this.send(ws, { op: 9, d: false });
      return undefined;
    }
    s.socket?.close(4000, 'Session resumed elsewhere.');
    s.socket = ws;
    for (const ev of s.sent) if (ev.s > Number(d.seq ?? 0)) this.send(ws, { op: 0, ...ev });
    this.emit(s, 'RESUMED', {});
    return s;
  }

  private voiceUpdate(s: Session, d: any): void {
    const guildId = String(d?.guild_id);
    const states = this.fake.state.voiceStates(guildId);
    // Without View Channel and Connect there, Discord doesn't move the bot in: no dispatch at all,
    // and the library's join times out.
    const have = d?.channel_id ? permissionsIn(this.fake.state, String(d.channel_id), APP_ID) : 0n;
    if (d?.channel_id && (!(have & P.ViewChannel) || !(have & P.Connect))) return;
    if (d?.channel_id) {
      states.set(APP_ID, {
        channelId: String(d.channel_id),
        sessionId: s.id,
        selfMute: !!d.self_mute,
        selfDeaf: !!d.self_deaf,
      });
    } else {
      states.delete(APP_ID);
    }
    const vs = voiceStatePayload(this.fake.state, guildId, APP_ID, true);
    this.fake.dispatch('VOICE_STATE_UPDATE', { ...vs, channel_id: d?.channel_id ?? null, session_id: s.id }, guildId);
    if (d?.channel_id) {
      const endpoint = this.fake.voiceEndpoint ?? null;
      this.fake.dispatch(
        'VOICE_SERVER_UPDATE',
        { token: randomBytes(8).toString('hex'), guild_id: guildId, endpoint },
        guildId,
      );
    }
  }

  private membersChunk(s: Session, d: any): void {
    const guildId = String(d?.guild_id);
    const members = gatewayGuild(this.fake.state, guildId).members;
    this.emit(s, 'GUILD_MEMBERS_CHUNK', {
      guild_id: guildId,
      members,
      chunk_index: 0,
      chunk_count: 1,
      nonce: d?.nonce,
    });
  }

  private emit(s: Session, t: string, d: unknown): void {
    s.seq += 1;
    const ev = { s: s.seq, t, d };
    s.sent.push(ev);
    if (s.sent.length > 1000) s.sent.shift();
    if (s.socket) this.send(s.socket, { op: 0, ...ev });
  }

  /** Send an event to every live session that should see it (shard of the guild, intents). */
  dispatch(t: string, d: unknown, guildId?: string): void {
    for (const s of this.sessions.values()) {
      if (s.invalid) continue;
      if (guildId && shardOf(guildId, s.shard[1]) !== s.shard[0]) continue;
      if (!wants(s.intents, t)) continue;
      this.emit(s, t, d);
    }
  }

  stall(deadTcp: boolean): void {
    for (const ws of this.sockets) {
      this.stalled.add(ws);
      // No reads: a close frame from the bot is never seen, so no close frame goes back.
      if (deadTcp) (ws as unknown as { _socket?: { pause(): void } })._socket?.pause();
    }
  }

  drop(code: number): void {
    for (const ws of this.sockets) ws.close(code, 'Dropped by the fake');
  }

  close(): void {
    for (const ws of this.sockets) ws.terminate();
    this.sockets.clear();
    this.wss.close();
  }
}
