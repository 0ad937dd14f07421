import { configDefaults, defineConfig } from 'vitest/config';
import { LongestFirst } from './test/helpers/sequencer.ts';

// The suite by kind, one vitest project per folder of test/. On the 2-core machines the suite
// runs on, the CPU-bound kinds (unit, content) take one worker a core and run first; the end-to-end
// and system files then run together, more at a time than there are cores, because they spend
// most of their time waiting (on timers, on the stand-in, on bot processes). Projects with
// different worker counts need different group orders: vitest runs the groups one after another.
const CPU_BOUND = 2;
const WAITING = 6;

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // After vitest's own reporter: lists the tests that were skipped, why, and how to run them.
    reporters: [...configDefaults.reporters, './test/helpers/skip-summary.ts'],
    // The files that wait longest on real time start first (helpers/sequencer.ts).
    sequence: { sequencer: LongestFirst },
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/unit/**/*.test.ts'], maxWorkers: CPU_BOUND, sequence: { groupOrder: 0 } },
      },
      {
        extends: true,
        test: {
          name: 'content',
          include: ['test/content/**/*.test.ts'],
          maxWorkers: CPU_BOUND,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], maxWorkers: WAITING, sequence: { groupOrder: 1 } },
      },
      {
        extends: true,
        test: {
          name: 'system',
          include: ['test/system/**/*.test.ts'],
          maxWorkers: WAITING,
          sequence: { groupOrder: 1 },
          // One redis-server for the run; each file takes its own database of it (helpers/redis.ts).
          globalSetup: ['test/helpers/redis-global.ts'],
        },
      },
    ],
  },
});
