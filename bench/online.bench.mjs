// Longest write stall while a 2M-row table gets an index, a foreign key and a column with a
// default: the statements run in one transaction (baseline) vs the hub's online phase (the same
// statements as splitOnline makes them: ADD COLUMN and ADD CONSTRAINT ... NOT VALID in a short
// transaction, then CREATE INDEX CONCURRENTLY and VALIDATE CONSTRAINT). A writer inserts and
// updates rows continuously on its own connection; its longest single statement is the stall.
import { startPostgres } from '../tooling/src/postgres.mjs';
import { openDatabase, splitOnline } from '../packages/core/dist/index.js';

const ROWS = 2_000_000;
const STATEMENTS = [
  'ALTER TABLE "b"."entries" ADD COLUMN "status" text DEFAULT \'new\' NOT NULL;',
  'ALTER TABLE "b"."entries" ADD CONSTRAINT "entries_account_fk" FOREIGN KEY ("account") REFERENCES "b"."accounts"("id") ON DELETE no action ON UPDATE no action;',
  'CREATE INDEX "entries_account_idx" ON "b"."entries" USING btree ("account");',
];

async function setup(db) {
  await db.exec(`DROP SCHEMA IF EXISTS b CASCADE; CREATE SCHEMA b;
    CREATE TABLE b.accounts (id serial PRIMARY KEY, name text);
    INSERT INTO b.accounts (name) SELECT 'a' || g FROM generate_series(1, 1000) g;
    CREATE TABLE b.entries (id bigserial PRIMARY KEY, account int NOT NULL, amount int NOT NULL);
    INSERT INTO b.entries (account, amount) SELECT 1 + g % 1000, g FROM generate_series(1, ${ROWS}) g`);
  await db.exec('VACUUM ANALYZE b.entries');
  await db.exec('VACUUM ANALYZE b.accounts');
}

const TRACE = process.env.HUB_BENCH_TRACE === '1';

/**
 * Runs work(mark) while a writer inserts and updates; returns the longest writer statement in ms.
 * With HUB_BENCH_TRACE=1 a sampler on a third connection records every 10 ms what the writer's
 * backend waits on (pg_stat_activity) and which locks others wait for (pg_locks), and the longest
 * stalls are printed with the phase of the change and the waits seen during them.
 */
async function longestStall(url, work, label) {
  const writer = await openDatabase({ url, max: 1 });
  const [{ pid }] = await writer.query('SELECT pg_backend_pid() AS pid');
  let stop = false;
  let longest = 0;
  let writes = 0;
  const stalls = [];
  const phases = [];
  const mark = (name) => phases.push({ at: performance.now(), name });
  const timed = async (sql, params) => {
    const t = performance.now();
    await writer.query(sql, params);
    const ms = performance.now() - t;
    longest = Math.max(longest, ms);
    writes++;
    if (TRACE) stalls.push({ at: t, ms, sql: sql.slice(0, 6) });
  };
  const loop = (async () => {
    while (!stop) {
      await timed('INSERT INTO b.entries (account, amount) VALUES (1 + (random() * 999)::int, 1)');
      // The id comes from here: `id = <random() expression>` is volatile, so PostgreSQL would scan
      // all 2M rows (and update a random number of them) instead of using the primary key.
      await timed('UPDATE b.entries SET amount = amount + 1 WHERE id = $1', [1 + Math.floor(Math.random() * ROWS)]);
    }
  })();
  const samples = [];
  const sampler = TRACE && (async () => {
    const probe = await openDatabase({ url, max: 1 });
    while (!stop) {
      const at = performance.now();
      const rows = await probe.query(`SELECT a.pid = $1 AS writer, a.wait_event_type AS type, a.wait_event AS event, left(a.query, 40) AS query,
          (SELECT string_agg(l.mode || ' on ' || coalesce(l.relation::regclass::text, l.locktype), ', ') FROM pg_locks l WHERE l.pid = a.pid AND NOT l.granted) AS waiting_for
        FROM pg_stat_activity a WHERE a.datname = current_database() AND a.pid <> pg_backend_pid() AND a.state = 'active'`, [pid]);
      samples.push({ at, rows });
      await new Promise((r) => setTimeout(r, 10));
    }
    await probe.close();
  })();
  await new Promise((r) => setTimeout(r, 300));
  const started = performance.now();
  await work(mark);
  const ms = performance.now() - started;
  await new Promise((r) => setTimeout(r, 300));
  stop = true;
  await loop;
  if (sampler) await sampler;
  await writer.close();
  if (TRACE) {
    const phaseAt = (t) => phases.filter((p) => p.at <= t).at(-1)?.name ?? 'before';
    console.error(`\n[${label}] ${writes} writes, longest ${longest.toFixed(0)} ms; phases: ${phases.map((p) => `${p.name}@${(p.at - started).toFixed(0)}`).join(' ')} end@${ms.toFixed(0)}`);
    for (const s of stalls.sort((a, b) => b.ms - a.ms).slice(0, 8)) {
      const seen = samples.filter((x) => x.at >= s.at && x.at <= s.at + s.ms).flatMap((x) => x.rows.map((r) => `${r.writer ? 'WRITER' : 'other'}:${r.type ?? 'cpu'}/${r.event ?? '-'}${r.waiting_for ? ` waits ${r.waiting_for}` : ''} [${r.query}]`));
      const counts = Object.entries(seen.reduce((m, k) => ({ ...m, [k]: (m[k] ?? 0) + 1 }), {})).sort((a, b) => b[1] - a[1]).slice(0, 4);
      console.error(`  ${s.ms.toFixed(0)} ms ${s.sql} at ${(s.at - started).toFixed(0)} (${phaseAt(s.at)}): ${counts.map(([k, n]) => `${n}x ${k}`).join(' | ') || 'no sample with the writer active'}`);
    }
  }
  return { longest, ms, writes };
}

export default async function () {
  const pg = await startPostgres();
  try {
    const db = await openDatabase({ url: pg.url });
    await setup(db);
    // The writer alone, for as long as a change takes: what the machine itself costs it.
    const idle = await longestStall(pg.url, () => new Promise((r) => setTimeout(r, 3000)), 'idle');
    const atomic = await longestStall(pg.url, () => db.transaction(async (tx) => { for (const s of STATEMENTS) await tx.exec(s); }), 'one transaction');
    await setup(db);
    const rows = new Map([['b.entries', ROWS], ['b.accounts', 1000]]);
    const { statements, online } = splitOnline(STATEMENTS.map((sql) => ({ sql })), rows, 100_000);
    const onlineRun = await longestStall(pg.url, async (mark) => {
      mark('transaction');
      await db.transaction(async (tx) => { await tx.exec("SET LOCAL lock_timeout = '5s'"); for (const s of statements) await tx.exec(s.sql); });
      await db.session(async (conn) => { for (const s of online) { mark(s.sql.slice(0, 24)); await conn.exec(s.sql); } });
    }, 'online');
    const [check] = await db.query(`SELECT (SELECT indisvalid FROM pg_index WHERE indexrelid = 'b.entries_account_idx'::regclass) AS idx,
      (SELECT convalidated FROM pg_constraint WHERE conname = 'entries_account_fk') AS fk`);
    if (!check.idx || !check.fk) throw new Error('online phase left the index or the foreign key invalid');
    await db.close();
    return [
      { name: 'longest write stall, 2M rows + index + FK + column default: online phase vs one transaction', value: onlineRun.longest, unit: 'ms', baseline: atomic.longest, ratio: onlineRun.longest / atomic.longest, goal: '<= 100 ms', meets: onlineRun.longest <= 100 },
      { name: 'longest write stall of the writer alone (the machine\'s share), same run', value: idle.longest, unit: 'ms', baseline: null, ratio: null, goal: null, meets: null },
      { name: 'wall time of the change: online phase vs one transaction', value: onlineRun.ms, unit: 'ms', baseline: atomic.ms, ratio: onlineRun.ms / atomic.ms, goal: null, meets: null },
    ];
  } finally {
    await pg.stop();
  }
}
