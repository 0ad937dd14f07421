// One redis-server for the whole run (a vitest globalSetup of the projects that use Redis). Each
// test file takes its own database of it (sharedRedis() in ./redis.ts), so files running in
// parallel never see each other's keys.
import type { TestProject } from 'vitest/node';
import { startRedis } from './redis.ts';

declare module 'vitest' {
  interface ProvidedContext {
    /** redis://127.0.0.1:<port> of the run's shared redis-server, or '' without one. */
    sharedRedisUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const redis = await startRedis(['--databases', '1000']);
  project.provide('sharedRedisUrl', redis?.url ?? '');
  return async () => redis?.stop();
}
