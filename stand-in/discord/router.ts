// Route table types and matching. Routes are written like '/channels/:id/messages'.
import type { FakeDiscord } from './fake.ts';
import type { Limit } from './ratelimit.ts';
import type { UploadedFile } from './multipart.ts';

export interface Ctx {
  fake: FakeDiscord;
  method: string;
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  // Request bodies are arbitrary JSON checked by the spec validator; handlers read fields loosely.
  body: any;
  files: UploadedFile[];
  /** When the request arrived (before body parsing and validation). */
  receivedAt: number;
  /** The Authorization header (routes with `auth: false` that take a Bearer token check it). */
  authorization?: string | undefined;
}

export interface Reply {
  status: number;
  body?: unknown;
}

export interface RouteDef {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  route: string;
  /** Path key in spec/openapi.json, for body validation. */
  spec?: string;
  /** Bot token required (false for interaction callbacks and webhook-token routes). */
  auth: boolean;
  /** Per-bucket limit; default applies when omitted. null = no route limit. */
  limit?: Limit | null;
  handler: (ctx: Ctx) => Reply | Promise<Reply>;
}

/** An error answered as Discord would. */
export class HttpError extends Error {
  status: number;
  body: unknown;
  constructor(status: number, code: number, message: string, errors?: unknown) {
    super(message);
    this.status = status;
    this.body = errors === undefined ? { message, code } : { message, code, errors };
  }
}

export const notFound = (what: string, code: number): HttpError => new HttpError(404, code, `Unknown ${what}`);
export const missingPermissions = (): HttpError => new HttpError(403, 50013, 'Missing Permissions');

interface Compiled {
  def: RouteDef;
  re: RegExp;
  names: string[];
}

export class Router {
  private compiled: Compiled[] = [];

  add(defs: RouteDef[]): void {
    for (const def of defs) {
      const names: string[] = [];
      const src = def.route.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:(\w+)/g, (_m, n: string) => {
        names.push(n);
        return '([^/]+)';
      });
      this.compiled.push({ def, re: new RegExp(`^${src}$`), names });
    }
    // Literal segments win over parameters ('/messages/@original' before '/messages/:mid').
    this.compiled.sort((a, b) => a.names.length - b.names.length);
  }

  match(method: string, path: string): { def: RouteDef; params: Record<string, string> } | undefined {
    for (const c of this.compiled) {
      if (c.def.method !== method) continue;
      const m = c.re.exec(path);
      if (!m) continue;
      const params: Record<string, string> = {};
      for (const [i, n] of c.names.entries()) params[n] = m[i + 1] ?? '';
      return { def: c.def, params };
    }
    return undefined;
  }
}
