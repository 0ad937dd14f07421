// The REST pipeline: route, parse, authenticate, inject faults, rate-limit, validate, handle, record.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FakeDiscord, RecordedRequest } from './fake.ts';
import { parseMultipart } from './multipart.ts';
import type { UploadedFile } from './multipart.ts';
import { HttpError } from './router.ts';
import type { Reply, RouteDef } from './router.ts';
import { discordErrors, validateBody } from './validate.ts';

const DEFAULT_LIMIT = { limit: 50, windowMs: 1000 };

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string>): void {
  if (res.destroyed) return; // the client gave up (e.g. a timeout during delayNext)
  const text = body === undefined || status === 204 ? '' : JSON.stringify(body);
  res.writeHead(status, { ...headers, ...(text ? { 'content-type': 'application/json' } : {}) });
  res.end(text);
}

function safeDecode(p: string): string {
  try {
    return p
      .split('/')
      .map((seg) => decodeURIComponent(seg))
      .join('/');
  } catch {
    return p;
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function handleRest(fake: FakeDiscord, req: IncomingMessage, res: ServerResponse): Promise<void> {
  fake.inFlight += 1;
  try {
    await answerRest(fake, req, res);
  } finally {
    fake.inFlight -= 1;
  }
}

async function answerRest(fake: FakeDiscord, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const receivedAt = fake.now();
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const method = (req.method ?? 'GET').toUpperCase();
  // The bot's rest `api` is '<origin>/api'; @discordjs/rest appends '/v10'.
  // Routes match decoded segments ('%40original' is '@original').
  const path = safeDecode(url.pathname.replace(/^\/api(\/v\d+)?/, '') || '/');
  const raw = await readBody(req);
  const ctype = req.headers['content-type'] ?? '';
  let body: unknown;
  let files: UploadedFile[] = [];
  const headers: Record<string, string> = {};
  const matched = fake.router.match(method, path);
  const record = (route: string, status: number): RecordedRequest => {
    const r: RecordedRequest = { method, path, route, query: url.search.slice(1), body, status, at: fake.now() };
    if (files.length) r.files = files.map((f) => ({ name: f.filename, size: f.content.length }));
    fake.requests.push(r);
    if (status === 401 || status === 403 || status === 429) fake.stats.invalidRequests += 1;
    return r;
  };
  try {
    if (raw.length && ctype.startsWith('multipart/form-data')) {
      const mp = parseMultipart(raw, ctype);
      body = mp.json;
      files = mp.files;
    } else if (raw.length && ctype.startsWith('application/x-www-form-urlencoded')) {
      // OAuth2's token route takes a form, not JSON.
      body = Object.fromEntries(new URLSearchParams(raw.toString('utf8')));
    } else if (raw.length) {
      body = JSON.parse(raw.toString('utf8'));
    }
  } catch {
    record(matched?.def.route ?? path, 400);
    return send(res, 400, { message: '400: Bad Request', code: 50109 }, headers);
  }
  if (!matched) {
    fake.unhandled.push(record(path, 404));
    return send(res, 404, { message: '404: Not Found', code: 0 }, headers);
  }
  const { def, params } = matched;
  const auth = req.headers.authorization;
  if (def.auth && auth !== `Bot ${fake.token}`) {
    record(def.route, 401);
    return send(res, 401, { message: '401: Unauthorized', code: 0 }, headers);
  }

  const fault = fake.takeFault(method, def.route, path);
  if (fault) {
    record(def.route, fault.status);
    if (fault.status === 429) {
      Object.assign(headers, { 'retry-after': '1', 'x-ratelimit-scope': 'user' });
      return send(
        res,
        429,
        fault.body ?? { message: 'You are being rate limited.', retry_after: 1, global: false },
        headers,
      );
    }
    return send(res, fault.status, fault.body ?? { message: `${fault.status}: Injected failure`, code: 0 }, headers);
  }

  if (fake.rateLimits) {
    const limited = applyRateLimits(fake, def, params, headers);
    if (limited) {
      record(def.route, 429);
      return send(res, 429, limited, headers);
    }
  }

  const delay = fake.takeDelay(method, def.route, path);
  if (delay && !delay.afterCommit) await sleep(delay.ms);

  let reply: Reply;
  if (fake.validate && def.spec && body !== undefined) {
    const v = validateBody(def.spec, method, body);
    if (!v.ok) {
      fake.invalid.push({ method, path, route: def.route, body, errors: v.errors, at: fake.now() });
      record(def.route, 400);
      return send(res, 400, { code: 50035, message: 'Invalid Form Body', errors: discordErrors(v.errors) }, headers);
    }
  }
  try {
    reply = await def.handler({
      fake,
      method,
      path,
      params,
      query: url.searchParams,
      body,
      files,
      receivedAt,
      authorization: auth,
    });
  } catch (e) {
    if (!(e instanceof HttpError)) throw e;
    reply = { status: e.status, body: e.body };
  }
  record(def.route, reply.status);
  if (delay?.afterCommit) await sleep(delay.ms);
  send(res, reply.status, reply.body, headers);
}

/** Returns a 429 body when over a limit; otherwise fills in the bucket headers. */
function applyRateLimits(
  fake: FakeDiscord,
  def: RouteDef,
  params: Record<string, string>,
  headers: Record<string, string>,
): unknown {
  // Interaction callbacks and webhook-token routes don't count toward the bot's global limit.
  if (def.auth) {
    const g = fake.limiter.global(fake.token, fake.now());
    if (!g.ok) {
      fake.stats.rateLimited += 1;
      fake.stats.globalRateLimited += 1;
      Object.assign(headers, g.headers);
      return { message: 'You are being rate limited.', retry_after: g.retryAfterMs / 1000, global: true };
    }
  }
  if (def.limit === null) return undefined;
  const limit = fake.routeLimit(def) ?? DEFAULT_LIMIT;
  // Major parameters (channel, guild, webhook) split a route into separate buckets.
  const major = /^\/(channels|guilds)\//.test(def.route)
    ? (params.id ?? '')
    : def.route.startsWith('/webhooks/')
      ? `${params.app}/${params.token}`
      : '';
  const v = fake.limiter.bucket(`${def.method} ${def.route}`, major, limit, fake.now());
  Object.assign(headers, v.headers);
  if (v.ok) return undefined;
  fake.stats.rateLimited += 1;
  return { message: 'You are being rate limited.', retry_after: v.retryAfterMs / 1000, global: false };
}
