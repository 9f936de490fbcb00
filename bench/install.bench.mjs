// Install of a generated 50-table module (foreign keys, indexes) through the Hub, in a warm
// process, vs the same DDL executed directly in one transaction on the same PostgreSQL server.
// Also: the same install on PGlite (vs its own direct DDL) and `drizzle-kit push` (whole process).
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from '../packages/core/node_modules/postgres/src/index.js';
import { createHub } from '../packages/core/dist/index.js';
import { startPostgres } from '../tooling/src/postgres.mjs';
import { benchRoot, writeModule } from '../packages/core/test/bench/genModules.mjs';

const TABLES = 50;
const RUNS = 7;
const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const coreDir = fileURLToPath(new URL('../packages/core/', import.meta.url));

async function createDb(adminUrl, name) {
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await sql.unsafe(`DROP DATABASE IF EXISTS "${name}"`);
  await sql.unsafe(`CREATE DATABASE "${name}"`);
  await sql.end();
  return adminUrl.replace(/\/[^/]*$/, `/${name}`);
}

/**
 * Installs `gen` through the hub and executes the same DDL directly in one transaction on the same
 * database, alternately (so load on the machine affects both alike), RUNS times each after a warm-up
 * run; between runs the hub uninstalls with dropTables and the direct run drops the schema.
 */
async function compare(hub) {
  const viaHub = [];
  const direct = [];
  for (let i = 0; i < RUNS + 1; i++) {
    let t0 = performance.now();
    const result = await hub.apply({ action: 'install', modules: ['gen'] });
    if (i > 0) viaHub.push(performance.now() - t0); // the first run warms imports, drizzle-kit and the caches
    const ddl = result.plan.modules[0].statements.map((s) => s.sql);
    await hub.apply({ action: 'uninstall', modules: ['gen'], options: { dropTables: true, backup: false } });
    t0 = performance.now();
    await hub.db.transaction(async (tx) => { for (const s of ddl) await tx.exec(s); });
    if (i > 0) direct.push(performance.now() - t0);
    await hub.db.exec('DROP SCHEMA gen CASCADE');
  }
  return { hubMs: median(viaHub), directMs: median(direct) };
}

export default async function () {
  const root = benchRoot();
  writeModule(root, 'gen', { tables: TABLES });
  const pg = await startPostgres();
  const entries = [];
  try {
    // PostgreSQL
    const hubUrl = await createDb(pg.url, 'bench_hub');
    const hub = await createHub({ hostDir: join(root, 'host'), dataDir: join(root, 'data'), addonsPaths: [join(root, 'addons')], databaseUrl: hubUrl, logger: quiet, env: {} });
    const onPg = await compare(hub);
    await hub.close();
    entries.push({
      name: `install ${TABLES}-table module, PostgreSQL (hub apply vs direct DDL)`, value: onPg.hubMs, unit: 'ms',
      baseline: onPg.directMs, ratio: onPg.hubMs / onPg.directMs, goal: '<= 1.3', meets: onPg.hubMs / onPg.directMs <= 1.3,
    });

    // PGlite
    const lite = await createHub({ hostDir: join(root, 'host'), dataDir: join(root, 'lite'), addonsPaths: [join(root, 'addons')], logger: quiet, env: {} });
    const onLite = await compare(lite);
    await lite.close();
    entries.push({
      name: `install ${TABLES}-table module, PGlite (hub apply vs direct DDL)`, value: onLite.hubMs, unit: 'ms',
      baseline: onLite.directMs, ratio: onLite.hubMs / onLite.directMs, goal: null, meets: null,
    });

    // drizzle-kit push of the same schema, whole process (as a user would run it).
    const pushUrl = await createDb(pg.url, 'bench_push');
    const config = join(root, 'drizzle.config.mjs');
    writeFileSync(config, `export default ${JSON.stringify({ dialect: 'postgresql', schema: join(root, 'addons', 'gen', 'schema.js'), schemaFilter: ['gen'], dbCredentials: { url: pushUrl } })};\n`);
    const t0 = performance.now();
    const r = spawnSync(join(coreDir, 'node_modules/.bin/drizzle-kit'), ['push', '--config', config, '--force'], { cwd: coreDir, encoding: 'utf8', timeout: 120_000 });
    const pushMs = performance.now() - t0;
    const ok = r.status === 0;
    if (!ok) process.stderr.write(`drizzle-kit push failed: ${r.stderr || r.stdout}\n`);
    entries.push({
      name: `drizzle-kit push of the same schema (whole process)${ok ? '' : ' FAILED'}`, value: ok ? pushMs : null, unit: 'ms',
      baseline: onPg.hubMs, ratio: ok ? pushMs / onPg.hubMs : null, goal: null, meets: null,
    });
  } finally {
    await pg.stop();
  }
  return entries;
}
