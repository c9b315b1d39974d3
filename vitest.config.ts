import { defineConfig } from 'vitest/config';

/**
 * The tests that fake Oura with nock. They get `test/setup/nock.ts` (no real network, every interceptor
 * used); applied to every file it would refuse the 127.0.0.1 servers the other tests start (measured:
 * 71 failures in four files).
 */
const NOCK_TESTS = [
  'test/oura/client.paging.test.ts',
  'test/oura/client.ranges.test.ts',
  'test/oura/client.cancel.test.ts',
  'test/oura/client.retry.test.ts',
  'test/oura/errorMapping.test.ts',
  'test/oura/rateLimit.test.ts',
  'test/oura/cache/cachedSource.client.test.ts',
  'test/oura/client.budget.test.ts',
];

export default defineConfig({
  test: {
    environment: 'node',
    // Hang guards, not speed checks: on a busy 2-core machine (two suites at once, other work beside them) a test
    // that spawns node processes takes several times longer, so the guard is minutes and lives here only.
    testTimeout: 180_000,
    hookTimeout: 180_000,
    // Tests start real servers on 127.0.0.1; two cores, so keep the pool small.
    pool: 'forks',
    maxWorkers: 2,
    restoreMocks: true,
    // The MCP Apps views are HTML built from views/ (resources/read serves them).
    globalSetup: ['test/setup/buildViews.ts'],
    projects: [
      { extends: true, test: { name: 'nock', include: NOCK_TESTS, setupFiles: ['test/setup/nock.ts'] } },
      { extends: true, test: { name: 'main', include: ['test/**/*.test.ts'], exclude: NOCK_TESTS } },
    ],
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      reporter: ['text-summary', 'json-summary'],
      // About one point under today's level (measured 91.90 / 84.69 / 93.00 / 93.45 after #12, #15, #17-#19):
      // coverage may rise, not fall; the margin absorbs timing-dependent branches. The CLI's setup and
      // start and the entry points (index, demo, simulator main, stdio) count as 0%: their tests run them
      // as real processes (test/cli, test/package, test/demo), which in-process v8 coverage cannot see.
      thresholds: { statements: 91, branches: 84, functions: 92, lines: 92 },
    },
  },
});
