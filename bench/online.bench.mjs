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

/** Runs work() while a writer inserts and updates; returns the longest writer statement in ms. */
async function longestStall(url, work) {
  const writer = await openDatabase({ url, max: 1 });
  let stop = false;
  let longest = 0;
  let writes = 0;
  const loop = (async () => {
    while (!stop) {
      const t = performance.now();
      await writer.query('INSERT INTO b.entries (account, amount) VALUES (1 + (random() * 999)::int, 1)');
      await writer.query('UPDATE b.entries SET amount = amount + 1 WHERE id = (1 + (random() * 1999999)::int)');
      longest = Math.max(longest, (performance.now() - t) / 2);
      writes += 2;
    }
  })();
  await new Promise((r) => setTimeout(r, 300));
  const started = performance.now();
  await work();
  const ms = performance.now() - started;
  await new Promise((r) => setTimeout(r, 300));
  stop = true;
  await loop;
  await writer.close();
  return { longest, ms, writes };
}

export default async function () {
  const pg = await startPostgres();
  try {
    const db = await openDatabase({ url: pg.url });
    await setup(db);
    const atomic = await longestStall(pg.url, () => db.transaction(async (tx) => { for (const s of STATEMENTS) await tx.exec(s); }));
    await setup(db);
    const rows = new Map([['b.entries', ROWS], ['b.accounts', 1000]]);
    const { statements, online } = splitOnline(STATEMENTS.map((sql) => ({ sql })), rows, 100_000);
    const onlineRun = await longestStall(pg.url, async () => {
      await db.transaction(async (tx) => { await tx.exec("SET LOCAL lock_timeout = '5s'"); for (const s of statements) await tx.exec(s.sql); });
      await db.session(async (conn) => { for (const s of online) await conn.exec(s.sql); });
    });
    const [check] = await db.query(`SELECT (SELECT indisvalid FROM pg_index WHERE indexrelid = 'b.entries_account_idx'::regclass) AS idx,
      (SELECT convalidated FROM pg_constraint WHERE conname = 'entries_account_fk') AS fk`);
    if (!check.idx || !check.fk) throw new Error('online phase left the index or the foreign key invalid');
    await db.close();
    return [
      { name: 'longest write stall, 2M rows + index + FK + column default: online phase vs one transaction', value: onlineRun.longest, unit: 'ms', baseline: atomic.longest, ratio: onlineRun.longest / atomic.longest, goal: '<= 100 ms', meets: onlineRun.longest <= 100 },
      { name: 'wall time of the change: online phase vs one transaction', value: onlineRun.ms, unit: 'ms', baseline: atomic.ms, ratio: onlineRun.ms / atomic.ms, goal: null, meets: null },
    ];
  } finally {
    await pg.stop();
  }
}
