import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface OpsHandlers {
  /** `ok` decides 200 or 503; the whole object is the JSON body. */
  health(): Promise<{ ok: boolean }>;
  metrics(): Promise<{ contentType: string; body: string }>;
}

export interface OpsServer {
  readonly port: number;
  close(): Promise<void>;
}

/**
 * GET /healthz and GET /metrics, nothing else. Plain node:http: two routes don't need a
 * framework, and the server must keep answering while the bot itself is in trouble.
 */
export async function startOpsServer(port: number, handlers: OpsHandlers, host?: string): Promise<OpsServer> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const send = (status: number, type: string, body: string) => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'text/plain', 'method not allowed\n');
    if (path === '/healthz') {
      handlers.health().then(
        (h) => send(h.ok ? 200 : 503, 'application/json', `${JSON.stringify(h)}\n`),
        (err: unknown) => send(503, 'application/json', `${JSON.stringify({ ok: false, error: String(err) })}\n`),
      );
      return;
    }
    if (path === '/metrics') {
      handlers.metrics().then(
        (m) => send(200, m.contentType, m.body),
        (err: unknown) => send(500, 'text/plain', `metrics failed: ${String(err)}\n`),
      );
      return;
    }
    send(404, 'text/plain', 'not found: try /healthz or /metrics\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
