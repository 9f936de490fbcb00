// Test harness for module packages: a Hub (the real engine) on a test database, with modules
// linked into a temporary host's addons folder. Module tests import it from @hub/server/testing.
import { cpSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHub, type Hub } from '@hub/core';


export const quietLogger = { debug() {}, info() {}, warn() {}, error() {} };

export interface TestTarget { kind: string; url?: string; dataDir?: string; drop: () => Promise<void> }

/**
 * A host folder whose addons folder links the given modules: { contacts: '<path>' } or names of
 * folders in `modulesDir` (a module test passes its repository's modules/ folder). `open()` opens a Hub on the target database; call it again after `link()` to see
 * other code on the same database (an upgrade).
 */
export function testHost(target: TestTarget, modulesDir: string) {
  const dir = mkdtempSync(join(tmpdir(), 'hub-modules-test-'));
  const addons = join(dir, 'addons');
  mkdirSync(addons);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'test-host', private: true, version: '0.0.0', dependencies: {} }));
  const hubs: Hub[] = [];
  return {
    dir,
    link(modules: Record<string, string> | string[]) {
      const entries = Array.isArray(modules) ? modules.map((m) => [m, join(modulesDir, m)]) : Object.entries(modules);
      for (const [name, path] of entries) {
        rmSync(join(addons, name), { force: true });
        symlinkSync(path, join(addons, name), 'dir');
      }
    },
    async open(env: Record<string, string | undefined> = {}): Promise<Hub> {
      if (!target.url && target.dataDir) await seedPglite(join(target.dataDir, 'data'));
      const hub = await createHub({
        hostDir: dir, addonsPaths: [addons], env, logger: quietLogger,
        ...(target.url ? { databaseUrl: target.url, dataDir: join(dir, '.hub') } : { dataDir: target.dataDir }),
      });
      hubs.push(hub);
      return hub;
    },
    async close(): Promise<void> {
      for (const hub of hubs.splice(0).reverse()) await hub.close();
    },
    async cleanup(): Promise<void> {
      await this.close();
      await target.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Runs a query through the hub's database layer. */
export const query = <T = Record<string, unknown>>(hub: Hub, sql: string, params: unknown[] = []) => hub.db.query<T>(sql, params);

let template: Promise<string> | undefined;

/** A new PGlite data folder runs initdb (seconds); a copy of a fresh one opens in well under one. */
async function seedPglite(dir: string): Promise<void> {
  if (existsSync(join(dir, 'PG_VERSION'))) return;
  template ??= (async () => {
    const main = createRequire(createRequire(import.meta.url).resolve('@hub/core/package.json')).resolve('@electric-sql/pglite');
    const version = /pglite@([^/]+)/.exec(main)?.[1] ?? 'unknown';
    // The run's cache folder (removed when the vitest run ends), else the temp folder.
    const cache = process.env.HUB_TEST_CACHE_DIR ?? tmpdir();
    const path = join(cache, `hub-pglite-template-${version}`);
    if (existsSync(join(path, 'PG_VERSION'))) return path;
    const { PGlite } = await import(main);
    const fresh = mkdtempSync(join(cache, 'hub-pglite-template-new-'));
    const pg = await PGlite.create({ dataDir: fresh });
    await pg.close();
    try { renameSync(fresh, path); } catch { rmSync(fresh, { recursive: true, force: true }); }
    return path;
  })();
  const source = await template;
  mkdirSync(dir, { recursive: true });
  cpSync(source, dir, { recursive: true });
}
