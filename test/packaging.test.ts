import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { skipUnless } from './helpers/skip.ts';

// No Docker engine here: these read the files the image and compose are built from.
const read = (f: string) => readFileSync(f, 'utf8');

interface Instruction { op: string; args: string }

/** Dockerfile → instructions (continuations joined, comments dropped), split into stages by FROM. */
function stages(text: string): Instruction[][] {
  const joined = text.split('\n').filter((l) => !/^\s*#/.test(l)).join('\n').replace(/\\\n/g, ' ');
  const out: Instruction[][] = [];
  for (const line of joined.split('\n')) {
    const m = /^\s*([A-Za-z]+)\s+(.*)$/.exec(line);
    if (!m) continue;
    const ins = { op: m[1]!.toUpperCase(), args: m[2]!.trim() };
    if (ins.op === 'FROM') out.push([]);
    out.at(-1)?.push(ins);
  }
  return out;
}
const execForm = (args: string): string[] => JSON.parse(args) as string[];

describe('Dockerfile', () => {
  const all = stages(read('Dockerfile'));
  const final = all.at(-1)!;
  const ops = (op: string) => final.filter((i) => i.op === op);

  test('is multi-stage on Node 24, with production dependencies installed in the final stage', () => {
    expect(all.length).toBeGreaterThanOrEqual(2);
    for (const s of all) expect(s[0]!.args).toMatch(/^node:24(-slim|-alpine)?\b/);
    expect(ops('RUN').some((r) => /\bnpm ci\b.*--omit=dev/.test(r.args))).toBe(true);
  });

  test('runs as a non-root user from the final stage on', () => {
    const users = ops('USER').map((u) => u.args.split(':')[0]);
    expect(users.length).toBeGreaterThan(0);
    expect(['root', '0']).not.toContain(users.at(-1));
    const lastUser = final.findLastIndex((i) => i.op === 'USER');
    expect(lastUser).toBeLessThan(final.findIndex((i) => i.op === 'CMD'));
  });

  test('bakes in no secret: no .env copied, no token in ENV or ARG, and .env is kept out of the context', () => {
    for (const i of all.flat().filter((x) => x.op === 'COPY' || x.op === 'ADD')) {
      const sources = i.args.split(/\s+/).filter((a) => !a.startsWith('--')).slice(0, -1);
      for (const s of sources) expect(s).not.toMatch(/(^|\/)\.env$|^\.$/);
    }
    for (const i of all.flat().filter((x) => x.op === 'ENV' || x.op === 'ARG')) expect(i.args).not.toMatch(/DISCORD_TOKEN/);
    const ignore = read('.dockerignore').split('\n').map((l) => l.trim());
    expect(ignore).toContain('.env');
    expect(ignore).toContain('node_modules');
  });

  test('starts like `npm start` (exec form), under an init process, with a HEALTHCHECK on /healthz', () => {
    const pkg = JSON.parse(read('package.json')) as { scripts: Record<string, string> };
    const cmd = execForm(ops('CMD').at(-1)!.args);
    expect(cmd).toEqual(pkg.scripts.start!.split(/\s+/));
    const entry = execForm(ops('ENTRYPOINT').at(-1)!.args);
    expect(entry[0]).toMatch(/\/tini$/);
    expect(ops('RUN').some((r) => /install .*\btini\b/.test(r.args))).toBe(true);

    const check = ops('HEALTHCHECK').at(-1)!.args;
    const script = execForm(check.slice(check.indexOf('CMD') + 3).trim());
    expect(script[0]).toBe('node');
    expect(existsSync(script[1]!)).toBe(true);
    expect(read(script[1]!)).toContain('/healthz');
    expect(ops('ENV').some((e) => /YIN_HTTP_PORT=\d+/.test(e.args))).toBe(true);
  });

  test('keeps the SQLite file on the /data volume', () => {
    expect(ops('VOLUME').map((v) => v.args).join(' ')).toContain('/data');
    expect(ops('ENV').some((e) => /YIN_STORE_URL=sqlite:\/\/\/data\//.test(e.args))).toBe(true);
  });
});

const yamlOk = spawnSync('python3', ['-c', 'import yaml'], { stdio: 'ignore' }).status === 0;

describe('compose.yaml and .env.example', skipUnless(yamlOk, 'python3 with PyYAML is not installed (python3 -c "import yaml" fails)', 'apt-get install -y python3-yaml'), () => {
  // PyYAML parses; vitest reads its JSON (no YAML package in the project).
  const parsed = spawnSync('python3', ['-c', 'import json,sys,yaml; print(json.dumps(yaml.safe_load(open("compose.yaml"))))'], { encoding: 'utf8' });
  const compose = JSON.parse(parsed.stdout || 'null') as { services: Record<string, any>; volumes: Record<string, unknown> };
  const example = read('.env.example').split('\n').map((l) => /^([A-Z][A-Z0-9_]*)=/.exec(l)?.[1]).filter((v): v is string => !!v);

  test('parses, with the bot, Redis on a volume, and the proxy behind a profile', () => {
    expect(parsed.status).toBe(0);
    const { yin, redis } = compose.services;
    expect(yin.build).toBeDefined();
    expect(yin.volumes).toContain('yin-data:/data');
    expect(redis.volumes.some((v: string) => v.endsWith(':/data'))).toBe(true);
    expect(Object.keys(compose.volumes)).toEqual(expect.arrayContaining(['yin-data', 'redis-data']));
    expect(yin.environment.YIN_STORE_URL).toMatch(/redis:\/\/redis:6379/);
    expect(compose.services['rest-proxy']?.profiles).toEqual(['proxy']);
  });

  test('names every variable of .env.example, and .env.example names every variable the bot reads', () => {
    expect(example.length).toBeGreaterThan(5);
    expect(Object.keys(compose.services.yin.environment).sort()).toEqual([...example].sort());
    const schema = read('src/config.ts');
    const readByBot = [...schema.matchAll(/^\s+((?:DISCORD|YIN)_[A-Z0-9_]+):/gm)].map((m) => m[1]);
    expect(readByBot.length).toBeGreaterThan(5);
    for (const v of readByBot) expect(example).toContain(v);
  });
});
