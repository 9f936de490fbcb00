// vitest globalSetup: one folder per test run for caches shared by the run's test files, removed
// when the run ends, so nothing is left in the temp folder. It holds the PGlite template data
// folder (hub-pglite-template-<version>, copied by the test helpers instead of running initdb for
// every database), made here once before the workers start, so no test pays for it.
import { existsSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export default async function setup() {
  // A runner above this one (several packages in one run) made it and removes it.
  if (process.env.HUB_TEST_CACHE_DIR) return;
  const dir = mkdtempSync(join(tmpdir(), 'hub-test-cache-'));
  process.env.HUB_TEST_CACHE_DIR = dir;
  try {
    await makePgliteTemplate(dir);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return () => {
    delete process.env.HUB_TEST_CACHE_DIR;
    rmSync(dir, { recursive: true, force: true });
  };
}

/** The PGlite the tested package runs (its own or @hub/core's); none: the helpers make it if they need it. */
function pgliteEntry() {
  const project = createRequire(join(process.cwd(), 'package.json'));
  for (const from of [project, () => createRequire(project.resolve('@hub/core/package.json'))]) {
    try {
      const require = typeof from === 'function' ? from() : from;
      return require.resolve('@electric-sql/pglite');
    } catch { /* not a dependency there */ }
  }
  return undefined;
}

async function makePgliteTemplate(dir) {
  const main = pgliteEntry();
  if (!main) return;
  const version = /pglite@([^/]+)/.exec(main)?.[1] ?? 'unknown';
  const path = join(dir, `hub-pglite-template-${version}`);
  if (existsSync(join(path, 'PG_VERSION'))) return;
  const { PGlite } = await import(pathToFileURL(main).href);
  const fresh = mkdtempSync(join(dir, 'hub-pglite-template-new-'));
  const pg = await PGlite.create({ dataDir: fresh });
  await pg.close();
  renameSync(fresh, path);
}
