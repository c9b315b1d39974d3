import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Tests start real servers on 127.0.0.1; two cores, so keep the pool small.
    pool: 'forks',
    maxWorkers: 2,
    restoreMocks: true,
  },
});
