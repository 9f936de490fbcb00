// Uploaded module code lives in PostgreSQL, so every instance serves it: uploaded to instance 1,
// installed through instance 2, served by all three and by a fourth started afterwards with an
// empty data folder, with requests going to every instance throughout and no 5xx. And an instance
// killed (SIGKILL) in the middle of applying an install leaves the database as it was, the lock
// free for another instance, and nothing mounted anywhere.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres } from '@hub/tooling/postgres';
import { openDatabase } from '@hub/core';
import { ADMIN, call, packModule, startInstance, startLoad, upload, waitFor } from './cluster.mjs';

const made = [];
const tempDir = (prefix) => { const d = mkdtempSync(join(tmpdir(), prefix)); made.push(d); return d; };

const packIn = (name, version, body) => packModule(tempDir(`hub-pack-${name}-`), name, version, body);

/** memos: a table and two routes reading and writing it. */
const MEMOS = `import { defineModule, Router } from '@hub/kit';
import { pgSchema, serial, text } from 'drizzle-orm/pg-core';
const s = pgSchema('memos');
export const memos = s.table('memos', { id: serial('id').primaryKey(), body: text('body').notNull() });
export default defineModule({
  name: 'memos', schema: { memos },
  routes: (ctx) => Router()
    .get('/', async (_req, res) => { res.json(await ctx.db.select().from(memos).orderBy(memos.id)); })
    .post('/', async (req, res) => { res.status(201).json((await ctx.db.insert(memos).values({ body: String(req.body?.body ?? '') }).returning())[0]); }),
});
`;

/** slowpoke: its install hook waits on the server as long as SLOWPOKE_SECONDS says (on the instance that runs it). */
const SLOWPOKE = `import { defineModule, Router } from '@hub/kit';
import { sql } from 'drizzle-orm';
import { pgSchema, serial } from 'drizzle-orm/pg-core';
const s = pgSchema('slowpoke');
export const things = s.table('things', { id: serial('id').primaryKey() });
export default defineModule({
  name: 'slowpoke', schema: { things },
  hooks: { async postInit(ctx) { await ctx.db.execute(sql\`SELECT pg_sleep(\${Number(process.env.SLOWPOKE_SECONDS ?? 0)})\`); } },
  routes: (ctx) => Router().get('/', async (_req, res) => { res.json(await ctx.db.select().from(things)); }),
});
`;


describe('uploaded modules on several instances', () => {
  let pg;
  let db;
  const instances = [];
  const others = [];
  let token;

  beforeAll(async () => {
    pg = await startPostgres();
    db = await openDatabase({ url: pg.url, max: 2 });
    // Data folders outside the host's folder: nothing of an upload is found on disk by chance.
    instances.push(...await Promise.all([0, 1, 2].map(() => startInstance({ databaseUrl: pg.url }))));
    token = (await call(instances[0].url, 'POST', '/api/v1/auth/login', { body: ADMIN })).body.token;
  });
  afterAll(async () => {
    for (const i of [...instances, ...others]) await i.stop().catch(() => {});
    await db?.close();
    await pg?.stop();
    for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('uploaded to instance 1 and installed through instance 2: all three serve it, and so does a fourth started afterwards with an empty data folder; no 5xx anywhere', async () => {
    const load = startLoad(instances, '/api/v1/memos/', { token });
    let fourth;
    try {
      const up = await upload(instances[0].url, token, packIn('memos', '1.0.0', MEMOS));
      expect(up.status, JSON.stringify(up.body)).toBe(201);
      const sha = up.body.module.sha256;
      // Instance 3 has never seen the archive: it knows the module from the database.
      expect((await call(instances[2].url, 'GET', '/api/v1/modules/memos', { token })).body).toMatchObject({ state: 'available', source: 'upload', codeSha256: sha });

      const installed = await call(instances[1].url, 'POST', '/api/v1/modules/install/memos', { token });
      expect(installed.status, JSON.stringify(installed.body)).toBe(200);
      for (const i of instances) await waitFor(async () => (await call(i.url, 'GET', '/api/v1/memos/', { token })).status === 200, 3000);
      expect((await call(instances[2].url, 'POST', '/api/v1/memos/', { token, body: { body: 'written on 3' } })).status).toBe(201);
      for (const i of instances) expect((await call(i.url, 'GET', '/api/v1/memos/', { token })).body).toEqual([{ id: 1, body: 'written on 3' }]);

      fourth = await startInstance({ databaseUrl: pg.url });
      others.push(fourth);
      expect(existsSync(join(fourth.dataDir, 'modules', sha))).toBe(true);
      expect((await call(fourth.url, 'GET', '/api/v1/memos/', { token })).body).toEqual([{ id: 1, body: 'written on 3' }]);
      for (const i of instances) expect(existsSync(join(i.dataDir, 'modules', sha, 'memos', 'index.js'))).toBe(true);
    } finally {
      await load.stop();
    }
    const answers = load.answers;
    expect(answers.length).toBeGreaterThan(20);
    // Before the install the route is not there (404); from it on, 200; never a 5xx or a dropped connection.
    expect(answers.filter((a) => a.status !== 200 && a.status !== 404)).toEqual([]);
    expect(answers.some((a) => a.status === 200)).toBe(true);
  });

  it('an instance killed in the middle of applying an install: the database is as before, the lock is free, another instance applies it at once, nothing is half-mounted', async () => {
    const up = await upload(instances[0].url, token, packIn('slowpoke', '1.0.0', SLOWPOKE));
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    const doomed = await startInstance({ databaseUrl: pg.url, env: { SLOWPOKE_SECONDS: '120' } });
    others.push(doomed);
    const state = async () => JSON.stringify({
      modules: await db.query('SELECT name, version, state, enabled, code_sha256 FROM hub.modules ORDER BY name'),
      migrations: await db.query('SELECT count(*)::int AS n FROM hub.migrations'),
      generation: await db.query('SELECT generation::text AS g FROM hub.state'),
      schema: await db.query("SELECT count(*)::int AS n FROM pg_namespace WHERE nspname = 'slowpoke'"),
      drains: await db.query('SELECT count(*)::int AS n FROM hub.drains'),
    });
    const before = await state();

    const applying = call(doomed.url, 'POST', '/api/v1/modules/install/slowpoke', { token }).catch((error) => ({ error }));
    // Mid-apply: its install hook's statement is running inside the change's transaction.
    await waitFor(async () => (await db.query(
      "SELECT 1 FROM pg_stat_activity WHERE application_name = $1 AND query ILIKE '%pg_sleep%' AND state = 'active'", [`hub/${doomed.id}`],
    )).length > 0, 30_000, 50);
    expect((await db.query("SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND granted")).at(0).n).toBeGreaterThan(0);
    await doomed.kill();
    expect(await applying).toHaveProperty('error');

    // PostgreSQL sees the connection gone and rolls back: no advisory lock, nothing of the install.
    await waitFor(async () => (await db.query("SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory'")).at(0).n === 0, 10_000, 50);
    expect(await state()).toBe(before);
    for (const i of instances) expect((await call(i.url, 'GET', '/api/v1/slowpoke/', { token })).status).toBe(404);
    for (const i of instances) {
      const health = (await call(i.url, 'GET', '/api/v1/health', { token })).body;
      expect(health.cluster.instances.find((x) => x.current).modules.slowpoke).toBeUndefined();
    }

    // Another instance applies the same install at once (no lock to wait for).
    const again = await call(instances[1].url, 'POST', '/api/v1/modules/install/slowpoke', { token });
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    for (const i of instances) await waitFor(async () => (await call(i.url, 'GET', '/api/v1/slowpoke/', { token })).status === 200, 3000);
  });
});
