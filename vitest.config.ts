import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // After vitest's own reporter: lists the tests that were skipped, why, and how to run them.
    reporters: [...configDefaults.reporters, './test/helpers/skip-summary.ts'],
  },
});
