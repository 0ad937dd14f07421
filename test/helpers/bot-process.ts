import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { expect } from 'vitest';
import type { FakeDiscord } from '../../stand-in/discord/fake.ts';
import type { StoredMessage } from '../../stand-in/discord/state.ts';
import { APP_ID, TOKEN } from '../../stand-in/discord/fixtures.ts';
import { catchUpNote } from '../../src/discord/session/render.ts';
import { loadCatalog } from '../../src/domain/load-catalog.ts';
import { buildTimeline } from '../../src/domain/timeline.ts';

const catalog = loadCatalog(join(import.meta.dirname, '..', '..', 'data'));

/** One pino line from the bot's stdout. */
export type LogLine = { event?: string; msg?: string; level?: number; [k: string]: unknown };

/**
 * The bot as `npm start` runs it: its own process, Node 24 (process.execPath under npx/vitest),
 * the real entry point. Its JSON log lines are parsed and kept, so a test can wait for
 * `gateway.ready`, `store.down` and the like.
 */
export interface BotProcess {
  child: ChildProcess;
  lines: LogLine[];
  /** Everything it wrote to stdout and to stderr (stderr: the last 10,000 characters or more). */
  stdout(): string;
  stderr(): string;
  onLine(fn: (line: LogLine) => void): void;
  waitForLine(pred: (line: LogLine) => boolean, timeoutMs?: number, from?: number): Promise<LogLine>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Exited and its stdout and stderr read to the end (a process whose children keep them open never closes). */
  closed: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Environment for a bot against `fake`, with its own SQLite file unless a store is given. */
export function botEnv(fake: FakeDiscord, extra: Record<string, string> = {}): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'yin-proc-'));
  return {
    PATH: process.env.PATH ?? '',
    DISCORD_TOKEN: TOKEN,
    DISCORD_CLIENT_ID: APP_ID,
    DISCORD_API_URL: fake.apiUrl,
    YIN_STORE_URL: `sqlite://${join(dir, 'yin.sqlite')}`,
    YIN_LOG_LEVEL: 'info',
    ...extra,
  };
}

/**
 * Starts `script` (src/main.ts unless told) as its own process. `detached`: in its own process
 * group, so `process.kill(-pid)` takes it and the processes it started (a manager and its shards).
 */
export function spawnBot(
  env: Record<string, string>,
  o: {
    nodeArgs?: string[];
    ipc?: boolean;
    keepLines?: boolean;
    detached?: boolean;
    script?: string;
    /** Copy its stderr to the test's when it exits with an error (default true). */
    echoStderr?: boolean;
  } = {},
): BotProcess {
  const child = spawn(process.execPath, [...(o.nodeArgs ?? []), o.script ?? 'src/main.ts'], {
    env,
    stdio: o.ipc ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
    detached: o.detached ?? false,
  });
  const lines: LogLine[] = [];
  const listeners: ((line: LogLine) => void)[] = [];
  const keep = o.keepLines ?? true;
  let stdout = '';
  if (keep)
    child.stdout!.on('data', (c: Buffer) => {
      stdout += c.toString();
    });
  createInterface({ input: child.stdout! }).on('line', (text) => {
    let line: LogLine;
    try {
      line = JSON.parse(text) as LogLine;
    } catch {
      line = { msg: text };
    }
    if (keep) lines.push(line);
    for (const fn of listeners) fn(line);
  });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => {
    stderr += c.toString();
    if (stderr.length > 20_000) stderr = stderr.slice(-10_000);
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      if (code && code !== 0 && stderr && (o.echoStderr ?? true)) process.stderr.write(`[bot stderr] ${stderr}\n`);
      resolve({ code, signal });
    });
  });
  const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('close', (code, signal) => resolve({ code, signal }));
  });
  return {
    child,
    lines,
    stdout: () => stdout,
    stderr: () => stderr,
    exited,
    closed,
    onLine: (fn) => void listeners.push(fn),
    waitForLine(pred, timeoutMs = 10_000, from = 0) {
      return new Promise((resolve, reject) => {
        const hit = lines.slice(from).find(pred);
        if (hit) return resolve(hit);
        const timer = setTimeout(() => reject(new Error(`no matching bot log line within ${timeoutMs} ms`)), timeoutMs);
        listeners.push((line) => {
          if (!pred(line)) return;
          clearTimeout(timer);
          resolve(line);
        });
      });
    },
  };
}

import { postId, stepOf } from '../../stand-in/session-posts.ts';

export { postId, postKey, stepOf } from '../../stand-in/session-posts.ts';

/** The back class at 3-minute holds, as the shipped data builds it: its closing's step index. */
export const BACK_CLOSING = buildTimeline(catalog, catalog.sequences.get('back')!, 3).steps.length - 1;

/**
 * The promise a session makes about its posts in one channel: every step at most once, in
 * order, ending with the closing; a step passed over only ever by one catch-up post that says
 * the bot was away.
 */
export function expectEveryStepOnceOrCaughtUp(posts: StoredMessage[], closing = BACK_CLOSING): void {
  const steps = posts.map(stepOf);
  expect(new Set(posts.map(postId)).size, 'no step posted twice').toBe(posts.length);
  expect(steps, 'in order, each once').toEqual([...new Set(steps)].sort((a, b) => a - b));
  // The opening, or (a machine so busy that the first pose came due before the opening went
  // out) a catch-up post that covers it.
  if (steps[0] !== 0)
    expect(posts[0]!.embeds[0]?.description ?? '', 'starts with the opening').toContain(catchUpNote('en'));
  expect(steps.at(-1), 'ends with the closing').toBe(closing);
  for (let i = 1; i < posts.length; i++) {
    const gap = steps[i]! - steps[i - 1]! - 1;
    const text = posts[i]!.embeds[0]?.description ?? '';
    if (gap > 0) expect(text, `step ${steps[i]} covers ${gap}`).toContain(catchUpNote('en'));
  }
}

/**
 * Bot processes a test file starts and kills: `ready()` spawns one and waits for its gateway
 * READY, `killAll()` (in afterAll) kills every one still running.
 */
export function botProcesses(env: () => Record<string, string>): { ready(): Promise<BotProcess>; killAll(): void } {
  const bots: BotProcess[] = [];
  return {
    async ready() {
      const b = spawnBot(env());
      bots.push(b);
      await b.waitForLine((l) => l.event === 'gateway.ready', 15_000);
      return b;
    },
    killAll: () => {
      for (const b of bots) b.child.kill('SIGKILL');
    },
  };
}
