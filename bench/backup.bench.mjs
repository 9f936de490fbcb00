// Backup of a module table (backupTables, COPY text format) vs `pg_dump --data-only -t` of the same
// table, on a PostgreSQL 15 server started for the run; the restore of it (restoreTables, replace
// mode) checked exact against the table; and the backup's peak RSS growth for 100k vs 1M rows
// (memory must not grow with the row count). Needs `pnpm build` first.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPostgres } from '../tooling/src/postgres.mjs';
import { openDatabase, backupTables, restoreTables } from '../packages/core/dist/index.js';

const BIG = 1_000_000;
const SMALL = 100_000;
const RUNS = 3;

const pgDumpBin = ['/usr/lib/postgresql/15/bin/pg_dump', process.env.PG_BIN && join(process.env.PG_BIN, 'pg_dump')]
  .find((p) => p && existsSync(p)) ?? 'pg_dump';

const psqlBin = ['/usr/lib/postgresql/15/bin/psql', process.env.PG_BIN && join(process.env.PG_BIN, 'psql')]
  .find((p) => p && existsSync(p)) ?? 'psql';

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Runs a program to completion, its output to /dev/null; resolves its wall time in ms. */
function timed(bin, args) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(bin, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => { err += d; });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(performance.now() - started) : reject(new Error(`${bin} exited ${code}: ${err}`))));
  });
}

const pgDump = (url, table) => timed(pgDumpBin, ['--data-only', '-t', table, '-f', '/dev/null', '-d', url]);
/** The same COPY that backupTables runs, through psql: the server's share of the work. */
const psqlCopy = (url, table) => timed(psqlBin, ['-d', url, '-c',
  `COPY ${table} (id, at, amount, name, qty, flag) TO STDOUT`, '-o', '/dev/null']);

/**
 * Runs fn with RSS sampled every 5 ms; returns its time and the peak RSS above the level before.
 * No forced GC first: the caller warms up with a small backup so V8's young generation is at its
 * working size, and the delta is what the backup itself adds.
 */
async function measured(fn) {
  await new Promise((r) => setTimeout(r, 20));
  const before = process.memoryUsage.rss();
  let peak = before;
  const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage.rss()); }, 5);
  const started = performance.now();
  try {
    await fn();
  } finally {
    clearInterval(timer);
  }
  const ms = performance.now() - started;
  peak = Math.max(peak, process.memoryUsage.rss());
  return { ms, rssDelta: peak - before };
}

/**
 * One backup on a fresh connection pool. (postgres.js 3.4.9 can leave the connection that ran a
 * COPY with a paused socket, porsager/postgres#1016; a fresh pool keeps runs independent.)
 */
async function backupOnce(url, table, dir, keep = false) {
  const [schema, name] = table.split('.');
  // Warm-up (not measured): a small backup, on its own pool (see above).
  const warmDb = await openDatabase({ url, max: 1 });
  const warm = await backupTables(warmDb, [{ schema, name: 'warm' }], { dir, module: 'bench', reason: 'warm-up' });
  rmSync(warm.path, { recursive: true, force: true });
  const db = await openDatabase({ url, max: 2 });
  try {
    await db.query('SELECT 1');
    let info;
    const m = await measured(async () => { info = await backupTables(db, [{ schema, name }], { dir, module: 'bench', reason: 'bench' }); });
    if (!keep) rmSync(info.path, { recursive: true, force: true });
    return { ...m, rows: info.tables[0].rows, path: info.path };
  } finally {
    await Promise.all([db.close(), warmDb.close()]);
  }
}

export default async function () {
  const pg = await startPostgres();
  const dir = mkdtempSync(join(tmpdir(), 'hub-bench-backup-'));
  try {
    const setup = await openDatabase({ url: pg.url });
    await setup.exec(`
      CREATE SCHEMA bench;
      CREATE TABLE bench.big (id bigserial PRIMARY KEY, at timestamptz NOT NULL, amount numeric(14,2), name text, qty int, flag boolean);
      INSERT INTO bench.big (at, amount, name, qty, flag)
        SELECT timestamptz '2024-01-01' + g * interval '1 second', (g % 100000) / 7.0, 'customer ' || g || ' "quoted" \\ path', g % 1000, g % 2 = 0
        FROM generate_series(1, ${BIG}) g;
      CREATE TABLE bench.warm (LIKE bench.big INCLUDING ALL);
      INSERT INTO bench.warm SELECT * FROM bench.big WHERE id <= 20000;
      CREATE TABLE bench.small (LIKE bench.big INCLUDING ALL);
      INSERT INTO bench.small SELECT * FROM bench.big WHERE id <= ${SMALL};`);
    await setup.exec('VACUUM ANALYZE bench.big');
    await setup.exec('VACUUM ANALYZE bench.small');
    await setup.close();

    // Warm up both paths once (page cache, JIT).
    await pgDump(pg.url, 'bench.small');
    await backupOnce(pg.url, 'bench.small', dir);

    const dumpTimes = [];
    const psqlTimes = [];
    const backupTimes = [];
    const bigRss = [];
    const smallRss = [];
    for (let i = 0; i < RUNS; i++) {
      dumpTimes.push(await pgDump(pg.url, 'bench.big'));
      psqlTimes.push(await psqlCopy(pg.url, 'bench.big'));
      const big = await backupOnce(pg.url, 'bench.big', dir);
      if (big.rows !== BIG) throw new Error(`backup wrote ${big.rows} rows, expected ${BIG}`);
      backupTimes.push(big.ms);
      bigRss.push(big.rssDelta);
      smallRss.push((await backupOnce(pg.url, 'bench.small', dir)).rssDelta);
    }
    // Exact round trip of the 1M rows: restore into a copy of the table, compare row by row.
    const kept = await backupOnce(pg.url, 'bench.big', dir, true);
    const check = await openDatabase({ url: pg.url });
    let restoreMs;
    let differing;
    try {
      await check.exec('ALTER TABLE bench.big RENAME TO original; CREATE TABLE bench.big (LIKE bench.original INCLUDING ALL)');
      const started = performance.now();
      await restoreTables(check, kept.path, { replace: true });
      restoreMs = performance.now() - started;
      [{ n: differing }] = await check.query(`SELECT count(*)::int AS n FROM (
        (SELECT * FROM bench.original EXCEPT ALL SELECT * FROM bench.big) UNION ALL (SELECT * FROM bench.big EXCEPT ALL SELECT * FROM bench.original)) d`);
      await check.exec('DROP TABLE bench.big; ALTER TABLE bench.original RENAME TO big');
    } finally {
      await check.close();
    }
    if (differing !== 0) throw new Error(`restore differs from the table in ${differing} rows`);
    const dump = median(dumpTimes);
    const backup = median(backupTimes);
    const mib = (b) => b / 1024 / 1024;
    const rssSmall = mib(median(smallRss));
    const rssBig = mib(median(bigRss));
    const timeRatio = backup / dump;
    const psqlJson = median(psqlTimes);
    // Memory is "flat" when 10x the rows costs at most 1.5x the peak growth (or under 16 MiB more).
    const memRatio = rssBig / Math.max(rssSmall, 1);
    const flat = memRatio <= 1.5 || rssBig - rssSmall < 16;
    return [
      { name: 'backup 1M rows: backupTables vs pg_dump --data-only', value: backup, unit: 'ms', baseline: dump, ratio: timeRatio, goal: '<= 1.3', meets: timeRatio <= 1.3 },
      { name: 'backup 1M rows vs psql running the same COPY (client overhead)', value: backup, unit: 'ms', baseline: psqlJson, ratio: backup / psqlJson, goal: null, meets: null },
      { name: 'server share: psql COPY vs pg_dump --data-only', value: psqlJson, unit: 'ms', baseline: dump, ratio: psqlJson / dump, goal: null, meets: null },
      { name: 'restore 1M rows (replace mode, into an empty table; rows compared exact) vs pg_dump --data-only', value: restoreMs, unit: 'ms', baseline: dump, ratio: restoreMs / dump, goal: null, meets: null },
      { name: 'backup peak RSS growth, 100k rows', value: rssSmall, unit: 'MiB', baseline: null, ratio: null, goal: null, meets: null },
      { name: 'backup peak RSS growth, 1M rows (baseline 100k)', value: rssBig, unit: 'MiB', baseline: rssSmall, ratio: memRatio, goal: 'flat (<= 1.5x or < 16 MiB more)', meets: flat },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await pg.stop();
  }
}
