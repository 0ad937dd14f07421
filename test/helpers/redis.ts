import { spawn, spawnSync } from 'node:child_process';
import { createServer, connect } from 'node:net';
import { inject } from 'vitest';
import { skipUnless } from './skip.ts';

export type TestRedis = { url: string; stop(): Promise<void> };

/** YIN_TEST_NO_REDIS=1 makes the tests behave as on a machine without redis-server. */
const hiddenByEnv = process.env.YIN_TEST_NO_REDIS === '1';

/** True when a redis-server binary is on PATH (CI installs it with apt) and not hidden by YIN_TEST_NO_REDIS=1. */
export const hasRedisServer =
  !hiddenByEnv && spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;

/**
 * Options for a `describe`/`test` that needs redis-server: skipped without it, saying why and
 * how to get it (the skip-summary reporter prints that at the end of the run).
 */
export const needsRedis = hiddenByEnv
  ? skipUnless(false, 'redis-server is hidden by YIN_TEST_NO_REDIS=1', 'unset YIN_TEST_NO_REDIS')
  : skipUnless(hasRedisServer, 'redis-server is not installed (not on PATH)', 'apt-get install -y redis-server');

/**
 * Starts a throwaway redis-server on a free port of 127.0.0.1 with persistence off, and
 * resolves once it answers PING. Resolves undefined when redis-server isn't installed, so a
 * suite can skip Redis cases instead of failing on a laptop without it.
 */
export async function startRedis(extraArgs: string[] = []): Promise<TestRedis | undefined> {
  if (!hasRedisServer) return undefined;
  const port = await freePort();
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', ...extraArgs],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  const deadline = Date.now() + 10_000;
  while (!(await answersPing(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`redis-server on port ${port} did not start: ${stderr.trim() || 'no answer to PING'}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { url: `redis://127.0.0.1:${port}`, stop };
}

/**
 * This test file's own database of the run's one redis-server (started by ./redis-global.ts,
 * the globalSetup of the projects that use Redis), empty: files running in parallel never see
 * each other's keys. `url` ends in the database number (redis://127.0.0.1:<port>/<n>); `stop()`
 * empties it again and leaves the server running. Undefined without redis-server.
 */
export async function sharedRedis(): Promise<TestRedis | undefined> {
  if (!hasRedisServer) return undefined;
  const base = inject('sharedRedisUrl');
  if (!base)
    throw new Error('no shared redis-server: add test/helpers/redis-global.ts to the globalSetup of this project');
  const port = Number(new URL(base).port);
  // Database 0 holds only the counter that hands out the others.
  const db = Number((await send(port, 'INCR yin-test:next-db\r\n', 1))[0]?.slice(1));
  const flush = async () => {
    const replies = await send(port, `SELECT ${db}\r\nFLUSHDB\r\n`, 2);
    if (replies.some((r) => !r.startsWith('+OK'))) throw new Error(`redis db ${db}: ${replies.join(' ')}`);
  };
  await flush();
  return { url: `${base}/${db}`, stop: flush };
}

/** Sends raw inline commands to 127.0.0.1:`port` and resolves with the first `count` reply lines. */
function send(port: number, commands: string, count: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let got = '';
    socket.setTimeout(5_000, () => {
      socket.destroy();
      reject(new Error(`redis on port ${port} did not answer ${JSON.stringify(commands)}`));
    });
    socket.once('error', reject);
    socket.once('connect', () => socket.write(commands));
    socket.on('data', (data) => {
      got += data.toString();
      const lines = got.split('\r\n').filter((l) => l !== '');
      if (lines.length >= count) {
        socket.destroy();
        resolve(lines.slice(0, count));
      }
    });
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** One raw RESP PING, so the helper needs no client library. */
function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}
