import { defineConfig, mergeConfig } from 'vitest/config';
import { hubVitestConfig } from '@hub/tooling/vitest';
import viteConfig from './vite.config.ts';

// Two projects, one results file (test-results/vitest.json):
//  - unit: components and client in happy-dom;
//  - e2e: real Chromium against a real hub (skipped, saying why, when the server or Chromium is missing).
export default mergeConfig(
  mergeConfig(viteConfig, hubVitestConfig({}, { postgres: false })),
  defineConfig({
    test: {
      projects: [
        { extends: true, test: { name: 'unit', environment: 'happy-dom', include: ['src/**/*.test.ts', 'test/unit/**/*.test.ts'], setupFiles: ['test/setup/contract.ts'] } },
        { extends: true, test: { name: 'e2e', environment: 'node', include: ['test/e2e/**/*.test.ts'], testTimeout: 180_000, hookTimeout: 240_000, fileParallelism: false } },
      ],
    },
  }),
);
