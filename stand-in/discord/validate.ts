// Checks request bodies against Discord's own OpenAPI spec (spec/openapi.json), like Discord's
// "Invalid Form Body" (50035). The spec is big, so it is read on first use and each operation's
// validator is compiled lazily and cached.
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS; depending on interop the plugin is the default export or its `.default`.
type FormatsPlugin = (ajv: Ajv2020) => unknown;
const addFormats: FormatsPlugin =
  (addFormatsModule as unknown as { default?: FormatsPlugin }).default ??
  (addFormatsModule as unknown as FormatsPlugin);

const SPEC_ID = 'discord-openapi';

let ajv: Ajv2020 | undefined;
let paths: Record<string, Record<string, { requestBody?: { content?: Record<string, unknown> } }>> = {};
const cache = new Map<string, ValidateFunction | null>();

function load(): Ajv2020 {
  if (ajv) return ajv;
  const spec = JSON.parse(readFileSync(new URL('./spec/openapi.json', import.meta.url), 'utf8'));
  paths = spec.paths;
  const a = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  addFormats(a);
  // Discord-specific formats the spec uses.
  a.addFormat('snowflake', /^[0-9]{1,20}$/);
  a.addFormat('nonce', () => true);
  // The whole spec as one schema so '#/components/...' refs resolve against it.
  a.addSchema({ $id: SPEC_ID, paths: spec.paths, components: spec.components });
  ajv = a;
  return a;
}

function pointer(...segments: string[]): string {
  return segments.map((s) => encodeURIComponent(s.replaceAll('~', '~0').replaceAll('/', '~1'))).join('/');
}

/** The compiled validator for an operation's JSON body, or null when the spec has none. */
function validatorFor(specPath: string, method: string): ValidateFunction | null {
  const key = `${method} ${specPath}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const a = load();
  const m = method.toLowerCase();
  const schema = paths[specPath]?.[m]?.requestBody?.content?.['application/json'];
  const fn = schema
    ? a.compile({
        $ref: `${SPEC_ID}#/${pointer('paths', specPath, m, 'requestBody', 'content', 'application/json', 'schema')}`,
      })
    : null;
  cache.set(key, fn);
  return fn;
}

export interface ValidationResult {
  ok: boolean;
  errors: ErrorObject[];
}

export function validateBody(specPath: string, method: string, body: unknown): ValidationResult {
  const fn = validatorFor(specPath, method);
  if (!fn) return { ok: true, errors: [] };
  if (fn(body)) return { ok: true, errors: [] };
  return { ok: false, errors: [...(fn.errors ?? [])] };
}

const responseCache = new Map<string, ValidateFunction | null>();

/**
 * Checks one of the stand-in's own answers against the spec's response schema (for routes the
 * stand-in adds, so they answer what Discord documents). ok when the spec has none.
 */
export function validateResponse(specPath: string, method: string, status: number, body: unknown): ValidationResult {
  const key = `${method} ${specPath} ${status}`;
  let fn = responseCache.get(key);
  if (fn === undefined) {
    const a = load();
    const m = method.toLowerCase();
    const op = (paths[specPath]?.[m] ?? {}) as { responses?: Record<string, { content?: Record<string, unknown> }> };
    fn = op.responses?.[String(status)]?.content?.['application/json']
      ? a.compile({
          $ref: `${SPEC_ID}#/${pointer('paths', specPath, m, 'responses', String(status), 'content', 'application/json', 'schema')}`,
        })
      : null;
    responseCache.set(key, fn);
  }
  if (!fn || fn(body)) return { ok: true, errors: [] };
  return { ok: false, errors: [...(fn.errors ?? [])] };
}

/** Ajv errors in Discord's nested shape: { embeds: { 0: { title: { _errors: [{ code, message }] } } } }. */
export function discordErrors(errors: ErrorObject[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const e of errors.slice(0, 25)) {
    if (e.keyword === 'anyOf' || e.keyword === 'oneOf') continue; // summarised by their branches
    const segs = e.instancePath
      .split('/')
      .slice(1)
      .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));
    let node = out;
    for (const s of segs) {
      node[s] ??= {};
      node = node[s] as Record<string, unknown>;
    }
    node._errors ??= [];
    const list = node._errors as { code: string; message: string }[];
    list.push({ code: codeFor(e), message: e.message ?? 'Invalid' });
  }
  return out;
}

function codeFor(e: ErrorObject): string {
  switch (e.keyword) {
    case 'maxLength':
      return 'BASE_TYPE_MAX_LENGTH';
    case 'minLength':
      return 'BASE_TYPE_MIN_LENGTH';
    case 'required':
      return 'BASE_TYPE_REQUIRED';
    case 'maxItems':
      return 'BASE_TYPE_MAX_LENGTH';
    case 'type':
      return 'BASE_TYPE_BAD_TYPE';
    case 'enum':
    case 'const':
      return 'BASE_TYPE_CHOICES';
    default:
      return 'BASE_TYPE_INVALID';
  }
}

/** Compile the validators nearly every bot uses, so the first interaction isn't slowed by it. */
export function warmUp(): void {
  validatorFor('/interactions/{interaction_id}/{interaction_token}/callback', 'POST');
  validatorFor('/channels/{channel_id}/messages', 'POST');
  validatorFor('/webhooks/{webhook_id}/{webhook_token}/messages/@original', 'PATCH');
}
