import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { z } from 'zod';
import type { Clock } from '../domain/clock.ts';
import { ACTIONS, type Action } from '../domain/session.ts';
import { t } from '../i18n.ts';
import type { Logger } from '../log.ts';
import { DiscordCallError, type ActivityDiscord } from './discord-api.ts';
import { clientKey, WindowLimiter } from './limits.ts';
import type { ActResult, ClassViews } from './views.ts';

export interface ActivityServerOptions {
  port: number;
  host?: string | undefined;
  discord: ActivityDiscord;
  /** The views and controls of the sessions (this process's, or the shards'). */
  views: ClassViews;
  clock: Clock;
  log: Logger;
  /** The built client (index.html and assets/). */
  clientDir: string;
  /** The application's id: the page's SDK needs it (not a secret). */
  clientId: string;
  /** Until this resolves (saved sessions resumed) viewers are asked to try again shortly. */
  ready?: Promise<void> | undefined;
}

export interface ActivityServer {
  readonly port: number;
  /** Viewers connected now. */
  readonly viewers: number;
  close(): Promise<void>;
}

/** The client's messages. Anything else closes the connection. */
const hello = z.strictObject({
  t: z.literal('hello'),
  token: z.string().min(1).max(200),
  instance: z.string().min(1).max(100),
});
const act = z.strictObject({ t: z.literal('act'), action: z.enum(ACTIONS) });
const tokenRequest = z.strictObject({ code: z.string().regex(/^[A-Za-z0-9._~-]{1,512}$/) });

const BODY_MAX = 4096;
const HELLO_WAIT_MS = 10_000;
const PING_MS = 30_000;
/** Open live connections at most (a class is a call: ~25 people; this is many classes). */
const SOCKETS_MAX = 5000;

const CONTENT_TYPE: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.html': 'text/html; charset=utf-8',
};

const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-resource-policy': 'same-origin',
};

/** The page's own policy: its scripts, styles, pictures and socket come from its origin only. */
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; object-src 'none'";

interface Viewer {
  ws: WebSocket;
  userId: string;
  guildId: string | undefined;
  channelId: string;
  alive: boolean;
  sending: Promise<void>;
  acts: WindowLimiter;
}

interface Asset {
  type: string;
  body: Buffer;
  cache: string;
}

function loadClient(dir: string, clientId: string): Map<string, Asset> {
  try {
    return readClient(dir, clientId);
  } catch {
    // Being rebuilt this very moment: served as not built (503) rather than failing start-up.
    return new Map();
  }
}

function readClient(dir: string, clientId: string): Map<string, Asset> {
  const files = new Map<string, Asset>();
  const index = join(dir, 'index.html');
  if (!existsSync(index)) return files;
  const html = readFileSync(index, 'utf8').replace('%CLIENT_ID%', /^\d{1,20}$/.test(clientId) ? clientId : '');
  files.set('/', { type: CONTENT_TYPE['.html']!, body: Buffer.from(html), cache: 'no-store' });
  const assets = join(dir, 'assets');
  if (existsSync(assets))
    for (const name of readdirSync(assets)) {
      const ext = name.slice(name.lastIndexOf('.'));
      const type = CONTENT_TYPE[ext];
      if (type)
        files.set(`/assets/${name}`, {
          type,
          body: readFileSync(join(assets, name)),
          // Hashed names: a new build is a new name.
          cache: 'public, max-age=31536000, immutable',
        });
    }
  return files;
}

/**
 * The class view's own listener (YIN_ACTIVITY_PORT): the built page at `/`, the token exchange
 * at `POST /api/token`, and the live channel at `/api/live` (a WebSocket). It is public: it
 * trusts nothing the page says. The viewer is whom Discord says the access token belongs to; the
 * channel is the Activity instance's, from Discord, and the viewer must be in that instance.
 */
export async function startActivityServer(o: ActivityServerOptions): Promise<ActivityServer> {
  const { log } = o;
  const files = loadClient(o.clientDir, o.clientId);
  if (!files.has('/'))
    log.error(
      { event: 'activity.not_built', dir: o.clientDir },
      'the class view is not built (npm run build:activity): its page answers 503',
    );
  const rooms = new Map<string, Set<Viewer>>();
  const tokenPerClient = new WindowLimiter(10, 60_000);
  const tokenOverall = new WindowLimiter(300, 60_000, 1);
  const connectsPerClient = new WindowLimiter(30, 60_000);
  let ready = o.ready === undefined;
  void o.ready?.then(() => {
    ready = true;
  });

  const send = (v: Viewer, message: unknown) => {
    if (v.ws.readyState === v.ws.OPEN) v.ws.send(JSON.stringify(message));
  };

  /** One snapshot after another per viewer: a slow one can't overtake a newer one. */
  function sendCurrent(v: Viewer): Promise<void> {
    v.sending = v.sending.then(() => sendNow(v));
    return v.sending;
  }

  async function sendNow(v: Viewer): Promise<void> {
    const view = await o.views.snapshot(v).catch((err: Error) => {
      log.warn({ event: 'activity.snapshot_failed', channel: v.channelId, err: err.message }, 'no class view to send');
      return undefined;
    });
    if (view) send(v, { t: 'view', view });
  }

  o.views.onChange((channelId) => {
    for (const v of rooms.get(channelId) ?? []) void sendCurrent(v);
  });

  async function onAct(v: Viewer, action: Action): Promise<void> {
    if (v.acts.take('act') > 0) return send(v, { t: 'result', action, ok: false, text: t('activity.tooFast') });
    const result = await o.views.act(v, action).catch((): ActResult => ({ ok: false, text: t('common.unexpected') }));
    send(v, { t: 'result', action, ...result });
  }

  /** Who and where, from Discord: the token's user, who must be in the instance. */
  async function admit(ws: WebSocket, message: z.infer<typeof hello>): Promise<Viewer | undefined> {
    const refuse = (code: number, reason: string) => {
      ws.send(JSON.stringify({ t: 'refused', reason }));
      ws.close(code, reason);
      return undefined;
    };
    let user: { id: string };
    try {
      user = await o.discord.whoIs(message.token);
    } catch (err) {
      if (err instanceof DiscordCallError && err.status === 0) return refuse(1013, 'discord');
      return refuse(4001, 'signin');
    }
    const instance = await o.discord.instance(message.instance).catch((err: Error) => err);
    if (instance instanceof Error) return refuse(1013, 'discord');
    if (!instance) return refuse(4003, 'instance');
    if (!instance.userIds.includes(user.id)) {
      log.warn(
        { event: 'activity.not_in_instance', user: user.id, channel: instance.channelId },
        'viewer not in the instance',
      );
      return refuse(4003, 'notInInstance');
    }
    return {
      ws,
      userId: user.id,
      guildId: instance.guildId,
      channelId: instance.channelId,
      alive: true,
      sending: Promise.resolve(),
      acts: new WindowLimiter(5, 1000, 1),
    };
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: BODY_MAX });
  wss.on('connection', (ws: WebSocket) => {
    let viewer: Viewer | undefined;
    let admitting = false;
    const helloTimer = setTimeout(() => ws.close(4001, 'no hello'), HELLO_WAIT_MS);
    ws.on('error', () => ws.terminate());
    ws.on('pong', () => {
      if (viewer) viewer.alive = true;
    });
    ws.on('close', () => {
      clearTimeout(helloTimer);
      if (viewer) rooms.get(viewer.channelId)?.delete(viewer);
    });
    ws.on('message', (data, binary) => {
      let parsed: unknown;
      try {
        parsed = binary ? undefined : JSON.parse(String(data));
      } catch {
        parsed = undefined;
      }
      if (!viewer) {
        const h = hello.safeParse(parsed);
        if (!h.success || admitting) return ws.close(1008, 'bad hello');
        admitting = true;
        clearTimeout(helloTimer);
        void admit(ws, h.data).then(
          async (v) => {
            if (!v || ws.readyState !== ws.OPEN) return;
            viewer = v;
            const room = rooms.get(v.channelId) ?? new Set();
            room.add(v);
            rooms.set(v.channelId, room);
            await sendCurrent(v);
          },
          (err: Error) => {
            log.error({ event: 'activity.admit_failed', err: err.message }, 'class view could not admit a viewer');
            ws.close(1011, 'error');
          },
        );
        return;
      }
      const a = act.safeParse(parsed);
      if (!a.success) return ws.close(1008, 'bad message');
      void onAct(viewer, a.data.action);
    });
  });

  const ping = setInterval(() => {
    for (const room of rooms.values())
      for (const v of room) {
        if (!v.alive) {
          v.ws.terminate();
          continue;
        }
        v.alive = false;
        v.ws.ping();
      }
  }, PING_MS);
  ping.unref();

  function reply(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
    res.writeHead(status, {
      ...SECURITY_HEADERS,
      'content-type': 'application/json',
      'cache-control': 'no-store',
      ...headers,
    });
    res.end(JSON.stringify(body));
  }

  async function readJson(req: IncomingMessage): Promise<unknown> {
    const declared = Number(req.headers['content-length'] ?? '0');
    if (declared > BODY_MAX) throw new BodyTooLarge();
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > BODY_MAX) throw new BodyTooLarge();
      chunks.push(chunk as Buffer);
    }
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  }

  async function token(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const wait = Math.max(tokenPerClient.take(clientKey(req)), tokenOverall.take('all'));
    if (wait > 0)
      return reply(
        res,
        429,
        { error: 'too many sign-ins: try again shortly' },
        { 'retry-after': String(Math.ceil(wait / 1000)) },
      );
    if (!String(req.headers['content-type'] ?? '').startsWith('application/json'))
      return reply(res, 415, { error: 'send JSON: {"code": "…"}' });
    let body: unknown;
    try {
      body = await readJson(req);
    } catch (err) {
      if (err instanceof BodyTooLarge) {
        reply(res, 413, { error: 'too large' }, { connection: 'close' });
        req.destroy();
        return;
      }
      return reply(res, 400, { error: 'send JSON: {"code": "…"}' });
    }
    const parsed = tokenRequest.safeParse(body);
    if (!parsed.success) return reply(res, 400, { error: 'send JSON: {"code": "…"}' });
    try {
      const accessToken = await o.discord.exchangeCode(parsed.data.code);
      reply(res, 200, { access_token: accessToken });
    } catch (err) {
      const status = err instanceof DiscordCallError ? err.status : 0;
      log.warn({ event: 'activity.token_refused', status }, 'a sign-in code was not exchanged');
      if (status >= 400 && status < 500) return reply(res, 400, { error: 'Discord refused the sign-in code' });
      reply(res, 502, { error: 'Discord did not answer: try again' });
    }
  }

  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path === '/api/token') {
      if (req.method !== 'POST') return reply(res, 405, { error: 'POST only' }, { allow: 'POST' });
      token(req, res).catch((err: Error) => {
        log.error({ event: 'activity.token_failed', err: err.message }, 'token exchange failed');
        if (!res.headersSent) reply(res, 500, { error: 'failed' });
      });
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return reply(res, 405, { error: 'GET only' }, { allow: 'GET' });
    const picture = /^\/pictures\/([A-Za-z0-9_.-]{1,120}\.png)$/.exec(path);
    const pictureBody = picture ? o.views.picture(picture[1]!) : undefined;
    const file = picture
      ? pictureBody
        ? { type: 'image/png', body: pictureBody, cache: 'public, max-age=86400' }
        : undefined
      : files.get(path === '/index.html' ? '/' : path);
    if (!file) {
      if (path === '/' && !files.has('/')) return reply(res, 503, { error: 'the class view is not built' });
      return reply(res, 404, { error: 'not found' });
    }
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'content-type': file.type,
      'content-length': String(file.body.length),
      'cache-control': file.cache,
      ...(file.type.startsWith('text/html') ? { 'content-security-policy': CSP } : {}),
    });
    res.end(req.method === 'HEAD' ? undefined : file.body);
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 15_000;
  server.on('upgrade', (req, socket, head) => {
    const path = (req.url ?? '/').split('?')[0];
    const wait = connectsPerClient.take(clientKey(req));
    const full = wss.clients.size >= SOCKETS_MAX;
    if (path !== '/api/live' || wait > 0 || !ready || full) {
      socket.end(
        wait > 0 || full
          ? 'HTTP/1.1 429 Too Many Requests\r\nconnection: close\r\n\r\n'
          : !ready && path === '/api/live'
            ? 'HTTP/1.1 503 Service Unavailable\r\nretry-after: 1\r\nconnection: close\r\n\r\n'
            : 'HTTP/1.1 404 Not Found\r\nconnection: close\r\n\r\n',
      );
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  log.info({ event: 'activity.listening', port }, 'class view listening');

  return {
    port,
    get viewers() {
      let n = 0;
      for (const room of rooms.values()) n += room.size;
      return n;
    },
    async close() {
      clearInterval(ping);
      for (const room of rooms.values()) for (const v of room) v.ws.close(1001, 'going away');
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

class BodyTooLarge extends Error {}
