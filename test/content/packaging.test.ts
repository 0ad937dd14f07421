import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { posix, sep } from 'node:path';
import { describe, expect, test } from 'vitest';
import { skipUnless } from '../helpers/skip.ts';

// No Docker engine here: these read the files the image and compose are built from.
const read = (f: string) => readFileSync(f, 'utf8');

interface Instruction {
  op: string;
  args: string;
}

/** Dockerfile → instructions (continuations joined, comments dropped), split into stages by FROM. */
function stages(text: string): Instruction[][] {
  const joined = text
    .split('\n')
    .filter((l) => !/^\s*#/.test(l))
    .join('\n')
    .replace(/\\\n/g, ' ');
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
      const sources = i.args
        .split(/\s+/)
        .filter((a) => !a.startsWith('--'))
        .slice(0, -1);
      for (const s of sources) expect(s).not.toMatch(/(^|\/)\.env$|^\.$/);
    }
    for (const i of all.flat().filter((x) => x.op === 'ENV' || x.op === 'ARG'))
      expect(i.args).not.toMatch(/DISCORD_TOKEN/);
    const ignore = read('.dockerignore')
      .split('\n')
      .map((l) => l.trim());
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
    expect(
      ops('VOLUME')
        .map((v) => v.args)
        .join(' '),
    ).toContain('/data');
    expect(ops('ENV').some((e) => /YIN_STORE_URL=sqlite:\/\/\/data\//.test(e.args))).toBe(true);
  });
});

const yamlOk = spawnSync('python3', ['-c', 'import yaml'], { stdio: 'ignore' }).status === 0;

describe(
  'compose.yaml and .env.example',
  skipUnless(
    yamlOk,
    'python3 with PyYAML is not installed (python3 -c "import yaml" fails)',
    'apt-get install -y python3-yaml',
  ),
  () => {
    // PyYAML parses; vitest reads its JSON (no YAML package in the project).
    const parsed = spawnSync(
      'python3',
      ['-c', 'import json,sys,yaml; print(json.dumps(yaml.safe_load(open("compose.yaml"))))'],
      { encoding: 'utf8' },
    );
    const compose = JSON.parse(parsed.stdout || 'null') as {
      services: Record<string, any>;
      volumes: Record<string, unknown>;
    };
    const example = read('.env.example')
      .split('\n')
      .map((l) => /^([A-Z][A-Z0-9_]*)=/.exec(l)?.[1])
      .filter((v): v is string => !!v);

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
  },
);

// ---- what the image holds: traced from the Dockerfile, then its static import graph ----

/** The build-context paths the final stage copies, through `COPY --from=<stage>` to that stage's own COPYs. */
function finalContextSources(all: Instruction[][]): string[] {
  const copyArgs = (i: Instruction) => {
    const words = i.args.split(/\s+/);
    const from = words.find((w) => w.startsWith('--from='))?.slice('--from='.length);
    const rest = words.filter((w) => !w.startsWith('--'));
    return { from, sources: rest.slice(0, -1), dest: rest.at(-1)! };
  };
  const clean = (p: string) => posix.normalize(p).replace(/\/$/, '');
  const out: string[] = [];
  for (const i of all.at(-1)!.filter((x) => x.op === 'COPY' || x.op === 'ADD')) {
    const { from, sources } = copyArgs(i);
    if (!from) {
      out.push(...sources.map(clean));
      continue;
    }
    const stage = all.find((s) => new RegExp(`\\bAS\\s+${from}$`, 'i').test(s[0]!.args)) ?? all[Number(from)];
    if (!stage) throw new Error(`COPY --from=${from}: no such stage`);
    // Where each of that stage's COPYs put its sources (absolute path in the stage → context path).
    const placed = new Map<string, string>();
    let workdir = '/';
    for (const s of stage) {
      if (s.op === 'WORKDIR') workdir = posix.resolve(workdir, s.args);
      if (s.op !== 'COPY' && s.op !== 'ADD') continue;
      const c = copyArgs(s);
      if (c.from) continue; // a copy of a copy: not traced, so anything taken from it fails below
      const dest = posix.resolve(workdir, c.dest);
      const intoDir = c.sources.length > 1 || c.dest.endsWith('/') || c.dest === '.';
      for (const src of c.sources) placed.set(intoDir ? posix.join(dest, posix.basename(src)) : dest, clean(src));
    }
    for (const p of sources.map((x) => posix.resolve(workdir, x))) {
      const hit = [...placed].find(([dest]) => p === dest || p.startsWith(`${dest}/`));
      if (!hit)
        throw new Error(
          `COPY --from=${from} ${p}: not a file that stage copied from the context (e.g. something it built or installed)`,
        );
      out.push(clean(posix.join(hit[1], posix.relative(hit[0], p))));
    }
  }
  return out;
}

/** Every file under the given context paths (files or folders), as repository-relative paths. */
function filesUnder(paths: string[]): string[] {
  return paths.flatMap((p) =>
    statSync(p).isDirectory()
      ? readdirSync(p, { recursive: true, withFileTypes: true })
          .filter((d) => d.isFile())
          .map((d) => posix.join(posix.relative('.', d.parentPath.split(sep).join('/')), d.name))
      : [p],
  );
}

/** Import specifiers written as string literals: import/export … from '…', import '…', import('…'). */
function importSpecifiers(source: string): string[] {
  // Comments out (strings kept whole, so a '//' inside one stays), then the three forms.
  const code = source.replace(/(['"`])(?:\\[\s\S]|(?!\1)[^\\])*\1|\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, (m) =>
    m[0] === '/' ? ' ' : m,
  );
  const forms = [
    /\b(?:import|export)\b[^'"`;]*?\bfrom\s*(['"])([^'"]+)\1/g,
    // Not the word in a string (`name: 'import'`): a side-effect import stands outside quotes.
    /(?<!['"])\bimport\s*(['"])([^'"]+)\1/g,
    /\bimport\s*\(\s*(['"`])([^'"`$]+)\1\s*[,)]/g,
  ];
  return forms.flatMap((re) => [...code.matchAll(re)].map((m) => m[2]!));
}

/** The package an import names: `discord.js/x` → discord.js, `@scope/pkg/x` → @scope/pkg. */
const packageOf = (spec: string) =>
  spec
    .split('/')
    .slice(0, spec.startsWith('@') ? 2 : 1)
    .join('/');

/**
 * Walks the static import graph of an image's files (path → contents) from every .ts file in it.
 * A relative import must resolve (exactly, as Node resolves it) to a file in the image; a bare one
 * must name a production dependency. Returns the violations and how many imports it followed.
 */
function importViolations(
  image: ReadonlyMap<string, string>,
  dependencies: readonly string[],
): { violations: string[]; imports: number } {
  const violations: string[] = [];
  let imports = 0;
  const queue = [...image.keys()].filter((f) => f.endsWith('.ts'));
  const seen = new Set(queue);
  while (queue.length) {
    const file = queue.shift()!;
    if (!/\.[cm]?[jt]s$/.test(file)) continue; // JSON and other data: nothing to follow
    for (const spec of importSpecifiers(image.get(file)!)) {
      imports++;
      if (spec.startsWith('node:')) continue;
      if (spec.startsWith('.') || spec.startsWith('/')) {
        const target = posix.normalize(posix.join(posix.dirname(file), spec));
        if (!image.has(target)) violations.push(`${file}: '${spec}' resolves to ${target}, which is not in the image`);
        else if (!seen.has(target)) {
          seen.add(target);
          queue.push(target);
        }
      } else if (!dependencies.includes(packageOf(spec))) {
        violations.push(`${file}: '${spec}' needs ${packageOf(spec)}, which is not in package.json dependencies`);
      }
    }
  }
  return { violations, imports };
}

describe('the image holds only what runs', () => {
  const all = stages(read('Dockerfile'));
  const sources = () => finalContextSources(all);
  // Built by the check stage (the class view's page, a bundle with no imports): not in a clean clone.
  const built = ['activity/dist'];
  const shipped = () => filesUnder(sources().filter((p) => !built.includes(p)));
  const pkg = JSON.parse(read('package.json')) as {
    dependencies: Record<string, string>;
    devDependencies: Record<string, string>;
  };
  const notShipped = /^(stand-in|test|bench|scripts)(\/|$)/;

  test('the final stage copies src/, commands/, data/ and the package files, and no stand-in, test or bench file', () => {
    expect(sources().sort()).toEqual(['activity/dist', 'commands', 'data', 'package-lock.json', 'package.json', 'src']);
    expect(shipped().length).toBeGreaterThan(50);
    expect(
      shipped().filter((f) => notShipped.test(f) || /\.test\.ts$/.test(f) || /(^|\/)spec\/openapi\.json$/.test(f)),
    ).toEqual([]);
    // No stage copies them either (the check stage type-checks product code alone).
    for (const i of all.flat().filter((x) => (x.op === 'COPY' || x.op === 'ADD') && !x.args.includes('--from='))) {
      for (const s of i.args
        .split(/\s+/)
        .filter((a) => !a.startsWith('--'))
        .slice(0, -1))
        expect(posix.normalize(s)).not.toMatch(notShipped);
    }
    const ignore = read('.dockerignore')
      .split('\n')
      .map((l) => l.trim());
    expect(ignore).toEqual(expect.arrayContaining(['stand-in', 'test', 'bench', 'scripts']));
  });

  test('every import of the shipped code resolves inside the image or to a production dependency', () => {
    const image = new Map(shipped().map((f) => [f, read(f)]));
    const { violations, imports } = importViolations(image, Object.keys(pkg.dependencies));
    expect(violations).toEqual([]);
    expect(imports).toBeGreaterThan(200); // it really read the imports
  });

  test('the walker reports a devDependency, a stand-in, a missing file, and follows import(), export … from and subpaths', () => {
    const deps = ['discord.js', '@discordjs/voice'];
    const image = new Map([
      [
        'src/a.ts',
        [
          "import { Ajv2020 } from 'ajv/dist/2020.js';",
          "import type {\n  FakeDiscord,\n} from '../stand-in/x.ts';",
          "import { Client } from 'discord.js/x';",
          "import { join } from 'node:path';",
          "export * from './b.ts';",
          "// import { x } from 'in-a-comment';",
          "const url = 'http://example.com/'; // a string with // in it",
        ].join('\n'),
      ],
      [
        'src/b.ts',
        "export const c = await import('./c.ts');\nexport { joinVoiceChannel } from '@discordjs/voice/x';\nimport './d.ts';",
      ],
      ['src/c.ts', "export { default } from '../commands/e.ts';\nimport 'ws';"],
      ['commands/e.ts', 'export default 1;'],
    ]);
    const { violations, imports } = importViolations(image, deps);
    expect(imports).toBe(10);
    expect(violations).toEqual([
      "src/a.ts: 'ajv/dist/2020.js' needs ajv, which is not in package.json dependencies",
      "src/a.ts: '../stand-in/x.ts' resolves to stand-in/x.ts, which is not in the image",
      "src/b.ts: './d.ts' resolves to src/d.ts, which is not in the image",
      "src/c.ts: 'ws' needs ws, which is not in package.json dependencies",
    ]);
    expect(pkg.devDependencies).toHaveProperty('ajv');
    expect(
      importViolations(new Map([['src/a.ts', "import x from 'ajv';"]]), Object.keys(pkg.dependencies)).violations,
    ).toHaveLength(1);
  });
});
