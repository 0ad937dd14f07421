import type { TestOptions } from 'vitest';

/**
 * Why a test could not run on this machine, and the setup step that lets it (a shell command,
 * run before `npm test`). The skip-summary reporter (./skip-summary.ts) prints these at the end
 * of the run, so a skip is never silent.
 */
export type SkipReason = { reason: string; setup: string };

declare module 'vitest' {
  interface TaskMeta {
    /** Set by skipUnless() when its condition did not hold; read by the skip-summary reporter. */
    skipReason?: SkipReason;
  }
}

/**
 * Options for `describe`/`test` that skip it unless `condition` holds, and say why:
 *
 *   describe('Redis store', skipUnless(hasRedisServer, 'redis-server is not installed', 'apt-get install -y redis-server'), () => { … });
 *   test('…', { ...needsRedis, timeout: 30_000 }, async () => { … });
 *
 * The reason travels as test meta (a describe's meta is inherited by every test in it), so the
 * reporter lists each skipped test with the reason its own file gave, never a guess.
 */
export function skipUnless(condition: boolean, reason: string, setup: string): TestOptions {
  return condition ? {} : { skip: true, meta: { skipReason: { reason, setup } } };
}
