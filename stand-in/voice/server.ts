// A stand-in Discord voice server on 127.0.0.1: the voice gateway (wss, v8 JSON ops) and the
// UDP media socket. It decrypts what the bot sends (aead_aes256_gcm_rtpsize) and keeps the Opus
// frames, so a test can say which cue files were played. No DAVE: dave_protocol_version 0.
import { createDecipheriv, randomBytes } from 'node:crypto';
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';

export interface FakeVoiceOptions {
  cert: string;
  key: string;
  heartbeatIntervalMs?: number;
}

export interface ReceivedFrame {
  at: number;
  ssrc: number;
  sequence: number;
  timestamp: number;
  opus: Buffer;
}

interface Client {
  ws: WebSocket;
  ssrc: number;
  secret: Buffer | undefined;
  /** From Identify: the guild (server_id) the connection is for. */
  guildId: string | undefined;
}

/** The frame the library sends as padding after each resource (Opus silence). */
export const SILENCE = Buffer.from([0xf8, 0xff, 0xfe]);

export class FakeVoiceServer {
  readonly #https: Server;
  readonly #wss = new WebSocketServer({ noServer: true });
  readonly #udp: Socket = createSocket('udp4');
  readonly #clients = new Map<number, Client>();
  readonly #heartbeatMs: number;
  #nextSsrc = 1000;
  port = 0;
  udpPort = 0;
  /** Everything the bot sent on the voice gateway, in order. */
  ops: { at: number; op: number; d: unknown }[] = [];
  frames: ReceivedFrame[] = [];
  /** Packets that failed to decrypt: should stay empty. */
  badPackets = 0;
  /** Audio packets Discord would not pass on: the sender lacks Speak in its channel. */
  unheardPackets = 0;
  /**
   * Whether the bot may be heard in `guildId` (Discord forwards nobody's audio without Speak);
   * the harness asks the stand-in Discord. Everyone is heard by default.
   */
  mayBeHeard: (guildId: string) => boolean = () => true;
  connections = 0;

  constructor(o: FakeVoiceOptions) {
    this.#heartbeatMs = o.heartbeatIntervalMs ?? 5_000;
    this.#https = createServer({ cert: o.cert, key: o.key });
    this.#https.on('upgrade', (req, socket, head) =>
      this.#wss.handleUpgrade(req, socket, head, (ws) => this.#accept(ws)),
    );
    this.#udp.on('message', (msg, from) => this.#packet(msg, from));
  }

  async listen(): Promise<this> {
    await new Promise<void>((resolve) => this.#https.listen(0, '127.0.0.1', resolve));
    await new Promise<void>((resolve) => this.#udp.bind(0, '127.0.0.1', resolve));
    this.port = (this.#https.address() as AddressInfo).port;
    this.udpPort = this.#udp.address().port;
    return this;
  }

  /** What VOICE_SERVER_UPDATE.endpoint should say. */
  get endpoint(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** Identify payloads (op 0) seen so far: one per (re)connection of the bot. */
  identifies(): Record<string, unknown>[] {
    return this.ops.filter((o) => o.op === 0).map((o) => o.d as Record<string, unknown>);
  }

  /** Closes every voice gateway socket with this code (4014: disconnected, do not resume). */
  drop(code: number): void {
    for (const c of this.#clients.values()) c.ws.close(code, 'dropped by the fake');
  }

  /** Non-silent Opus frames received since index `from`. */
  audio(from = 0): Buffer[] {
    return this.frames
      .slice(from)
      .map((f) => f.opus)
      .filter((f) => !f.equals(SILENCE));
  }

  async stop(): Promise<void> {
    for (const c of this.#clients.values()) c.ws.terminate();
    this.#wss.close();
    this.#https.closeAllConnections();
    await new Promise<void>((resolve) => this.#https.close(() => resolve()));
    await new Promise<void>((resolve) => this.#udp.close(() => resolve()));
  }

  #accept(ws: WebSocket): void {
    this.connections += 1;
    const client: Client = { ws, ssrc: this.#nextSsrc++, secret: undefined, guildId: undefined };
    this.#clients.set(client.ssrc, client);
    ws.on('close', () => this.#clients.delete(client.ssrc));
    const send = (op: number, d: unknown) => ws.readyState === WebSocket.OPEN && ws.send(JSON.stringify({ op, d }));
    ws.on('message', (raw, binary) => {
      if (binary) return; // DAVE's binary ops: never negotiated here
      const p = JSON.parse(raw.toString()) as { op: number; d: any };
      this.ops.push({ at: Date.now(), op: p.op, d: p.d });
      switch (p.op) {
        case 0: // Identify → Ready: where to send UDP and which encryption we speak
          client.guildId = p.d?.server_id === undefined ? undefined : String(p.d.server_id);
          return send(2, {
            ssrc: client.ssrc,
            ip: '127.0.0.1',
            port: this.udpPort,
            modes: ['aead_aes256_gcm_rtpsize'],
            heartbeat_interval: this.#heartbeatMs,
          });
        case 1: {
          // Select Protocol → Session Description. dave_protocol_version 0: no end-to-end layer.
          client.secret = randomBytes(32);
          return send(4, {
            mode: p.d?.data?.mode ?? 'aead_aes256_gcm_rtpsize',
            secret_key: [...client.secret],
            dave_protocol_version: 0,
          });
        }
        case 3:
          return send(6, { t: p.d?.t ?? p.d });
        case 7: // Resume: not supported; force a fresh Identify
          return ws.close(4006, 'Session no longer valid.');
        default:
          return; // 5 Speaking and anything else: recorded only
      }
    });
    send(8, { heartbeat_interval: this.#heartbeatMs });
  }

  #packet(msg: Buffer, from: RemoteInfo): void {
    // IP discovery: type 1 request → type 2 reply with the address the packet came from.
    if (msg.length === 74 && msg.readUInt16BE(0) === 1) {
      const reply = Buffer.alloc(74);
      reply.writeUInt16BE(2, 0);
      reply.writeUInt16BE(70, 2);
      reply.writeUInt32BE(msg.readUInt32BE(4), 4);
      reply.write(from.address, 8, 'utf8');
      reply.writeUInt16BE(from.port, 72);
      this.#udp.send(reply, from.port, from.address);
      return;
    }
    if (msg.length < 12 + 16 + 4) return; // keep-alives
    const ssrc = msg.readUInt32BE(8);
    const client = this.#clients.get(ssrc);
    const secret = client?.secret;
    if (!secret) return;
    if (client.guildId !== undefined && !this.mayBeHeard(client.guildId)) {
      this.unheardPackets += 1;
      return;
    }
    // rtpsize: the AAD is the fixed header plus, with an extension, its 4-byte preamble.
    const hasExtension = (msg.readUInt8(0) & 0x10) !== 0;
    const csrc = msg.readUInt8(0) & 0x0f;
    const aadLength = 12 + 4 * csrc + (hasExtension ? 4 : 0);
    const nonce = Buffer.alloc(12);
    msg.copy(nonce, 0, msg.length - 4);
    try {
      const decipher = createDecipheriv('aes-256-gcm', secret, nonce);
      decipher.setAAD(msg.subarray(0, aadLength));
      decipher.setAuthTag(msg.subarray(msg.length - 20, msg.length - 4));
      let opus = Buffer.concat([decipher.update(msg.subarray(aadLength, msg.length - 20)), decipher.final()]);
      // The extension's body is encrypted with the payload: strip it after decryption.
      if (hasExtension) opus = opus.subarray(4 * msg.readUInt16BE(aadLength - 2));
      this.frames.push({ at: Date.now(), ssrc, sequence: msg.readUInt16BE(2), timestamp: msg.readUInt32BE(4), opus });
    } catch {
      this.badPackets += 1;
    }
  }
}

export async function startFakeVoice(o: FakeVoiceOptions): Promise<FakeVoiceServer> {
  return new FakeVoiceServer(o).listen();
}
