// Test helpers: a temporary host folder, fixture addons paths, a Hub per test database.
import { cpSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHub } from '../src/hub/createHub.js';
import type { CreateHubOptions, Hub } from '../src/hub/types.js';
import type { SqlExecutor } from '../src/db/types.js';

export const fixtures = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

export interface TestTarget {
  kind: string;
  url?: string;
  dataDir?: string;
  drop: () => Promise<void>;
}

/** A host folder with an empty package.json (modules come from addonsPaths only). */
export function tempHost(): { dir: string; rm: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'hub-host-'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'test-host', version: '0.0.0', private: true, dependencies: {} }));
  return { dir, rm: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Opens a Hub on a test database; `reopen` opens another one on the same database with other addons. */
export function hubFactory(target: TestTarget, hostDir: string) {
  const hubs: Hub[] = [];
  const open = async (addons: string[], extra: Partial<CreateHubOptions> = {}) => {
    if (!target.url && target.dataDir) await seedPglite(join(target.dataDir, 'hub', 'data'));
    const hub = await createHub({
      hostDir, dataDir: join(hostDir, '.hub'), addonsPaths: addons.map(fixtures),
      databaseUrl: target.url, logger: quietLogger, env: {}, ...extra,
      ...(target.url ? {} : { dataDir: target.dataDir ? join(target.dataDir, 'hub') : join(hostDir, '.hub') }),
    });
    hubs.push(hub);
    return hub;
  };
  const closeAll = async () => { for (const h of hubs.splice(0)) await h.close(); };
  return { open, closeAll };
}

export const quietLogger = { debug() {}, info() {}, warn() {}, error() {} };

/** A JSON text of every module schema and the hub state: equal before and after means unchanged. */
export async function dumpDatabase(db: SqlExecutor): Promise<string> {
  const q = (sql: string) => db.query(sql);
  const out = {
    schemas: await q(`SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema' ORDER BY 1`),
    columns: await q(`SELECT table_schema, table_name, column_name, data_type, is_nullable, column_default FROM information_schema.columns
                       WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2, 3`),
    constraints: await q(`SELECT n.nspname, c.conname, pg_get_constraintdef(c.oid) AS def FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
                           WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2, 3`),
    indexes: await q(`SELECT schemaname, tablename, indexname, indexdef FROM pg_indexes WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2, 3`),
    types: await q(`SELECT n.nspname, t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
                     WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') AND t.typtype = 'e' ORDER BY 1, 2`),
    modules: await q(`SELECT name, version, state, enabled, snapshot::text, manifest_hash, installed_at::text, updated_at::text FROM hub.modules ORDER BY name`),
    migrations: await q(`SELECT * FROM hub.migrations ORDER BY id`),
    backups: await q(`SELECT * FROM hub.backups ORDER BY id`),
    ownership: await q(`SELECT * FROM hub.ownership ORDER BY 1, 2, 3, 4`),
    audit: await q(`SELECT id, action, module, ok FROM hub.audit WHERE ok ORDER BY id`),
    rows: await rowCounts(db),
  };
  return JSON.stringify(out, (_k, v) => (typeof v === 'bigint' ? String(v) : v instanceof Date ? v.toISOString() : v));
}

async function rowCounts(db: SqlExecutor): Promise<Record<string, unknown>> {
  const tables = await db.query<{ s: string; t: string }>(`SELECT table_schema AS s, table_name AS t FROM information_schema.tables
    WHERE table_schema NOT IN ('pg_catalog', 'information_schema', 'hub', 'public') AND table_type = 'BASE TABLE' ORDER BY 1, 2`);
  const out: Record<string, unknown> = {};
  for (const { s, t } of tables) out[`${s}.${t}`] = await db.query(`SELECT row_to_json(x)::text AS r FROM "${s}"."${t}" x ORDER BY 1`);
  return out;
}

let template: Promise<string> | undefined;

/**
 * Creating a PGlite data folder runs initdb (10+ s on a busy machine); opening a copy of one takes
 * well under a second. One template per PGlite version is kept for the test run.
 */
export async function seedPglite(dir: string): Promise<void> {
  if (existsSync(join(dir, 'PG_VERSION'))) return;
  template ??= (async () => {
    const main = createRequire(import.meta.url).resolve('@electric-sql/pglite');
    const version = /pglite@([^/]+)/.exec(main)?.[1] ?? 'unknown';
    // The run's cache folder (removed when the vitest run ends), else the temp folder.
    const cache = process.env.HUB_TEST_CACHE_DIR ?? tmpdir();
    const path = join(cache, `hub-pglite-template-${version}`);
    if (existsSync(join(path, 'PG_VERSION'))) return path;
    const { PGlite } = await import('@electric-sql/pglite');
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

/** Opens a test database (PGlite seeded from the template). For unit tests of src/ folders. */
export async function openTestDatabase(target: TestTarget) {
  const { openDatabase } = await import('../src/db/index.js');
  if (target.url) return openDatabase({ url: target.url });
  const dir = join(target.dataDir!, 'pg');
  await seedPglite(dir);
  return openDatabase({ dataDir: dir });
}
