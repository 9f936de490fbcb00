// vitest globalSetup: one folder per test run for caches shared by the run's test files (the
// PGlite template data folder), removed when the run ends, so nothing is left in the temp folder.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup() {
  // A runner above this one (several packages in one run) made it and removes it.
  if (process.env.HUB_TEST_CACHE_DIR) return;
  const dir = mkdtempSync(join(tmpdir(), 'hub-test-cache-'));
  process.env.HUB_TEST_CACHE_DIR = dir;
  return () => {
    delete process.env.HUB_TEST_CACHE_DIR;
    rmSync(dir, { recursive: true, force: true });
  };
}
