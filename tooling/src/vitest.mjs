// Shared vitest config: JSON results for the totals line, a cache folder for the run, and the
// PostgreSQL server for tests.
import { defineConfig, mergeConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

const globalSetup = fileURLToPath(new URL('./global-setup.mjs', import.meta.url));
const testCache = fileURLToPath(new URL('./test-cache.mjs', import.meta.url));

/** @param {object} overrides vitest config merged over the defaults
 *  @param {{ postgres?: boolean }} options postgres: start a PostgreSQL server for the run (default true) */
export function hubVitestConfig(overrides = {}, { postgres = true } = {}) {
  return mergeConfig(
    defineConfig({
      test: {
        // The run's cache folder (HUB_TEST_CACHE_DIR, removed at the end) and the PostgreSQL server.
        globalSetup: postgres ? [testCache, globalSetup] : [testCache],
        testTimeout: 60_000,
        hookTimeout: 120_000,
        reporters: ['default', 'json'],
        outputFile: { json: './test-results/vitest.json' },
        pool: 'forks',
        fileParallelism: true,
        maxWorkers: 2,
      },
    }),
    overrides,
  );
}
