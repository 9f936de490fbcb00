// The online phase: index builds and constraint checks on big tables run after the commit,
// recorded, resumed after kill -9, never run twice by two instances.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { testDatabases } from '@hub/tooling/test-databases';
import { openDatabase } from '../src/db/index.js';
import type { Hub } from '../src/hub/types.js';
import { hubFactory, tempHost, type TestTarget } from './helpers.js';

const SEED = `INSERT INTO ledger.accounts (name) SELECT 'a' || g FROM generate_series(1, 100) g;
  INSERT INTO ledger.entries (account, amount) SELECT 1 + g % 100, g FROM generate_series(1, 20000) g;
  ANALYZE ledger.entries; ANALYZE ledger.accounts`;

async function indexAndConstraint(hub: Hub) {
  const [index] = await hub.db.query<{ valid: boolean }>(`SELECT indisvalid AS valid FROM pg_index WHERE indexrelid = to_regclass('ledger.entries_account_idx')`);
  const [fk] = await hub.db.query<{ valid: boolean }>(`SELECT convalidated AS valid FROM pg_constraint WHERE conname = 'entries_account_accounts_id_fk'`);
  return { index: index?.valid, fk: fk?.valid };
}
const steps = (hub: Hub) => hub.db.query<{ kind: string; state: string; attempts: number }>('SELECT kind, state, attempts FROM hub.online_steps ORDER BY id');
type Cleanups = (() => Promise<void> | void)[];

async function freshHost(create: () => Promise<TestTarget>, cleanups: Cleanups) {
  const target = await create(); cleanups.push(target.drop);
  const host = tempHost(); cleanups.push(host.rm);
  const f = hubFactory(target, host.dir); cleanups.push(f.closeAll);
  return { target, host, f };
}

/** An open snapshot on its own connection: CREATE INDEX CONCURRENTLY waits for it before it marks the index valid. */
async function holdOldSnapshot(url: string, cleanups: Cleanups) {
  const blocker = await openDatabase({ url, max: 1 });
  cleanups.push(() => blocker.close());
  let release!: () => void;
  const held = blocker.transaction(async (tx) => {
    await tx.exec('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
    await tx.query('SELECT count(*) FROM hub.modules');
    await new Promise<void>((r) => { release = r; });
  });
  held.catch(() => {});
  return async () => { release(); await held; };
}

describe.each(testDatabases())('online phase on $kind', ({ create, kind }) => {
  const cleanups: Cleanups = [];
  afterEach(async () => { for (const c of cleanups.splice(0).reverse()) await c(); });
  const setup = async () => {
    const { target, host, f } = await freshHost(create, cleanups);
    const v1 = await f.open(['ledger-v1']);
    await v1.apply({ action: 'install', modules: ['ledger'] });
    await v1.db.exec(SEED);
    await v1.close();
    return { target, host, f };
  };

  it('a plan on a big table puts the index build and the foreign key check after the commit, and apply runs them', async () => {
    const { f } = await setup();
    const hub = await f.open(['ledger-v2'], { onlineRows: 1000 });
    const plan = await hub.plan({ action: 'upgrade', modules: ['ledger'] });
    const m = plan.modules[0]!;
    expect(m.online!.map((s) => s.sql)).toEqual([
      'CREATE INDEX CONCURRENTLY IF NOT EXISTS "entries_account_idx" ON "ledger"."entries" USING btree ("account");',
      'ALTER TABLE "ledger"."entries" VALIDATE CONSTRAINT "entries_account_accounts_id_fk";',
    ]);
    expect(m.online![0]).toMatchObject({ lock: 'SHARE UPDATE EXCLUSIVE', rows: 20000 });
    expect(m.statements.find((s) => /FOREIGN KEY/.test(s.sql))!.sql).toMatch(/NOT VALID;$/);
    expect(m.statements.some((s) => /CREATE INDEX/.test(s.sql))).toBe(false);
    expect(plan.text).toContain('Online phase (after the commit');
    // Below the threshold everything stays in the one transaction, as before.
    const small = await f.open(['ledger-v2']);
    expect((await small.plan({ action: 'upgrade', modules: ['ledger'] })).modules[0]!.online).toBeUndefined();

    const result = await hub.apply({ action: 'upgrade', modules: ['ledger'] });
    expect(result.online).toEqual({ done: 2, failed: 0, busy: 0 });
    expect(await indexAndConstraint(hub)).toEqual({ index: true, fk: true });
    expect(await steps(hub)).toEqual([{ kind: 'index', state: 'done', attempts: 1 }, { kind: 'validate', state: 'done', attempts: 1 }]);
    expect((await hub.get('ledger')).online).toBeUndefined();
    expect(await hub.db.query('SELECT count(*)::int AS n FROM ledger.entries WHERE status = $1', ['new'])).toEqual([{ n: 20000 }]);
  });

  it.skipIf(kind !== 'postgres')('survives kill -9 in the middle, shows the step pending, and two instances finish it once', async () => {
    const { target, host, f } = await setup();
    const release = await holdOldSnapshot(target.url!, cleanups);
    // node itself with tsx's loader (the tsx CLI would run the script in a grandchild that kill -9 misses).
    const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
    const child = spawn(process.execPath, ['--import', tsx, fileURLToPath(new URL('./online/applyChild.ts', import.meta.url))], {
      // TSX_DISABLE_CACHE: tsx would otherwise leave its compile cache in the temp folder (tsx-<uid>).
      env: { ...process.env, TSX_DISABLE_CACHE: '1', HUB_TEST_URL: target.url, HUB_TEST_HOST: host.dir, HUB_TEST_DATA: join(host.dir, '.hub') }, stdio: ['ignore', 'pipe', 'inherit'],
    });
    cleanups.push(() => { child.kill('SIGKILL'); });
    let out = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', (d) => { out += d; if (out.includes('online start: CREATE INDEX CONCURRENTLY')) resolve(); });
      child.on('exit', (code) => reject(new Error(`child exited ${code} early: ${out}`)));
    });
    await new Promise((r) => setTimeout(r, 300)); // the build is under way, waiting on the snapshot
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    expect(out).not.toContain("applied");

    const first = await f.open(['ledger-v2'], { onlineRows: 1000 });
    // The transactional part committed; the module's state lists both online steps as not done.
    const info = await first.get('ledger');
    expect(info.installedVersion).toBe('2.0.0');
    expect(info.online!.map((s) => s.sql)).toEqual([expect.stringContaining('CREATE INDEX CONCURRENTLY'), expect.stringContaining('VALIDATE CONSTRAINT')]);
    expect(info.online!.every((s) => s.state === 'running' || s.state === 'pending')).toBe(true);
    await release();
    // Two instances take the steps up at once, again until none is busy: the server's backend of
    // the killed process may still be finishing its statement (it holds the step's lock until then).
    const second = await f.open(['ledger-v2'], { onlineRows: 1000 });
    for (let i = 0; i < 50; i++) {
      const runs = await Promise.all([first.runOnline(), second.runOnline()]);
      if (runs.every((r) => r.busy === 0) && (await steps(first)).every((s) => s.state === 'done')) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(await indexAndConstraint(first)).toEqual({ index: true, fk: true });
    expect(await steps(first)).toEqual([{ kind: 'index', state: 'done', attempts: 2 }, { kind: 'validate', state: 'done', attempts: 1 }]);
    expect((await first.get('ledger')).online).toBeUndefined();
  });
});

// Indexes a module declares .concurrently() are built after the commit whatever the table's size.
// On PGlite the same steps run: there is one session, so the build waits for nobody and, since
// PGlite runs one statement at a time, writes wait for the build (nothing to gain, nothing lost).
describe.each(testDatabases())('concurrently() indexes on $kind', ({ create, kind }) => {
  const cleanups: Cleanups = [];
  afterEach(async () => { for (const c of cleanups.splice(0).reverse()) await c(); });
  const setup = () => freshHost(create, cleanups);
  const indexes = (hub: Hub) => hub.db.query<{ name: string; valid: boolean; unique: boolean }>(
    `SELECT c.relname AS name, i.indisvalid AS valid, i.indisunique AS unique FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'journal' AND c.relname <> 'pages_pkey' ORDER BY 1`);

  it('install and upgrade build them with CREATE INDEX CONCURRENTLY after the commit; the unique one enforces afterwards', async () => {
    const { f } = await setup();
    const v1 = await f.open(['journal-v1']);
    const plan = await v1.plan({ action: 'install', modules: ['journal'] });
    expect(plan.modules[0]!.online!.map((s) => s.sql)).toEqual(['CREATE INDEX CONCURRENTLY IF NOT EXISTS "pages_title_idx" ON "journal"."pages" USING btree ("title");']);
    expect(plan.modules[0]!.statements.some((s) => /CREATE INDEX/.test(s.sql))).toBe(false);
    expect(plan.text).toContain('Online phase (after the commit');
    const installed = await v1.apply({ action: 'install', modules: ['journal'] });
    expect(installed.online).toEqual({ done: 1, failed: 0, busy: 0 });
    expect(await indexes(v1)).toEqual([{ name: 'pages_title_idx', valid: true, unique: false }]);
    expect(await steps(v1)).toEqual([{ kind: 'index', state: 'done', attempts: 1 }]);
    await v1.db.exec(`INSERT INTO journal.pages (title, slug) SELECT 'p' || g, 's' || g FROM generate_series(1, 50) g`);
    await v1.close();

    const v2 = await f.open(['journal-v2']);
    const upgraded = await v2.apply({ action: 'upgrade', modules: ['journal'] });
    expect(upgraded.plan.modules[0]!.online!.map((s) => s.sql)).toEqual(['CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS "pages_slug_uq" ON "journal"."pages" USING btree ("slug");']);
    expect(upgraded.online).toEqual({ done: 1, failed: 0, busy: 0 });
    expect(await indexes(v2)).toEqual([{ name: 'pages_slug_uq', valid: true, unique: true }, { name: 'pages_title_idx', valid: true, unique: false }]);
    expect((await v2.get('journal')).online).toBeUndefined();
    await expect(v2.db.exec(`INSERT INTO journal.pages (title, slug) VALUES ('again', 's7')`)).rejects.toThrow(/duplicate key/);
    expect(await v2.db.query('SELECT count(*)::int AS n FROM journal.pages')).toEqual([{ n: 50 }]);
    // Uninstalling drops them with the table; no step is left behind.
    await v2.apply({ action: 'uninstall', modules: ['journal'] });
    expect(await v2.db.query(`SELECT count(*)::int AS n FROM hub.online_steps WHERE state <> 'done'`)).toEqual([{ n: 0 }]);
  });

  it.skipIf(kind !== 'postgres')('while the build waits for an old transaction, the step is pending in the module state and the table takes writes', async () => {
    const { target, f } = await setup();
    const v1 = await f.open(['journal-v1']);
    await v1.apply({ action: 'install', modules: ['journal'] });
    await v1.close();
    const release = await holdOldSnapshot(target.url!, cleanups);
    const v2 = await f.open(['journal-v2']);
    const applying = v2.apply({ action: 'upgrade', modules: ['journal'] });
    applying.catch(() => {});
    let online = (await v2.get('journal')).online;
    for (let i = 0; i < 100 && online?.[0]?.state !== 'running'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      online = (await v2.get('journal')).online;
    }
    expect(online).toEqual([expect.objectContaining({ sql: expect.stringContaining('CREATE UNIQUE INDEX CONCURRENTLY'), state: 'running', attempts: 1 })]);
    expect((await v2.get('journal')).installedVersion).toBe('2.0.0');
    // A plain CREATE INDEX would hold writes until the old transaction ends; this one does not.
    await v2.db.exec(`INSERT INTO journal.pages (title, slug) VALUES ('written during the build', 'during')`);
    await release();
    expect((await applying).online).toEqual({ done: 1, failed: 0, busy: 0 });
    expect(await indexes(v2)).toEqual([{ name: 'pages_slug_uq', valid: true, unique: true }, { name: 'pages_title_idx', valid: true, unique: false }]);
    expect((await v2.get('journal')).online).toBeUndefined();
  });
});

