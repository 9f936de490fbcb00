// Shared vitest config: JSON results for the totals line, and the PostgreSQL server for tests.
import { defineConfig, mergeConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

const globalSetup = fileURLToPath(new URL('./global-setup.mjs', import.meta.url));

/** @param {object} overrides vitest config merged over the defaults
 *  @param {{ postgres?: boolean }} options postgres: start a PostgreSQL server for the run (default true) */
export function hubVitestConfig(overrides = {}, { postgres = true } = {}) {
  return mergeConfig(
    defineConfig({
      test: {
        globalSetup: postgres ? [globalSetup] : [],
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
