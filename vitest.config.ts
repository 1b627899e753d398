import { defineConfig } from 'vitest/config';
import { LongestFirst } from './tests/e2e-order';

// Two projects: `unit` (pure logic and the test server, fast) and `e2e` (real browsers, real uni-app fixtures).
// e2e runs two files at a time: most of an e2e test is waiting (a server paced on purpose, a page loading, a
// timeout running out), so two files share the 2-core machine well; every test waits for conditions, never for
// time, so it holds on a loaded machine too. The longest files start first (tests/e2e-order.ts).
export default defineConfig({
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  test: {
    sequence: { sequencer: LongestFirst },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.{ts,tsx}', 'tests/server/**/*.test.ts'],
          environment: 'node',
          // Not a goal for the code: vitest's default of 5 s failed the fuzz and 50,000-entry tests (under 1 s on a
          // quiet machine) while the fixtures build beside them on a loaded 2-core machine. A hang still ends.
          testTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts', 'tests/fixtures/**/*.test.ts'],
          exclude: ['**/node_modules/**'],
          maxWorkers: 2,
          testTimeout: 360_000,
          hookTimeout: 600_000,
        },
      },
    ],
  },
});
