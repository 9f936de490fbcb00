// Modules that need PostgreSQL extensions, over HTTP on both databases: they declare them in
// package.json ("hub.extensions"); the plan creates them before the module's DDL, the module's
// routes use them, an upgrade adds more, uninstall with dropTables drops those Hub created and
// nothing else needs. A module needing one the database lacks is refused with the code and the fix.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { testDatabases } from '@hub/tooling/test-databases';
import type { Hub } from '@hub/core';
import { ADMIN, openHub, serverDir, startServer, type Client } from './helpers.js';
import type { HubServer } from '../src/index.js';

const fixtures = join(serverDir, 'test/fixtures/pg-extensions');

/** An addons folder whose module links can be switched to another version (the code of a deploy). */
function addonsFolder() {
  const root = join(serverDir, 'test', '.tmp');
  mkdirSync(root, { recursive: true });
  const dir = mkdtempSync(join(root, 'pg-extensions-'));
  return {
    dir,
    use(version: 'v1' | 'v2', ...names: string[]) {
      for (const n of names) { rmSync(join(dir, n), { force: true }); symlinkSync(join(fixtures, version, n), join(dir, n), 'dir'); }
    },
    rm: () => rmSync(dir, { recursive: true, force: true }),
  };
}

describe.each(testDatabases())('PostgreSQL extensions on $kind', (db) => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => { for (const c of cleanups.splice(0).reverse()) await c(); });

  let hub: Hub;
  let server: HubServer;
  let api: Client;
  let token: string;
  let target: Awaited<ReturnType<typeof db.create>>;
  let dataDir: string;
  const addons = addonsFolder();
  afterAll(() => addons.rm());

  /** Opens hub + server on the same database (again after new code is linked: a restart). */
  const start = async () => {
    if (server) await server.close();
    if (hub) await hub.close();
    hub = await openHub(target, addons.dir, {}, dataDir);
    ({ server, api } = await startServer(hub));
    token = await api.login(ADMIN.email, ADMIN.password);
  };
  const setup = async () => {
    target = await db.create();
    dataDir = mkdtempSync(join(serverDir, 'test', '.tmp', 'data-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }), () => target.drop(), async () => {
      await server?.close(); await hub?.close();
      server = undefined as never; hub = undefined as never;
    });
    await start();
  };
  const call = (method: string, path: string, body?: unknown) => api.call(method, path, { token, body });
  const lifecycle = async (path: string, body?: unknown) => {
    const r = await call('POST', `/api/v1/modules/${path}`, body);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body.operation.result;
  };
  const extensions = async () => (await hub.db.query<{ extname: string }>("SELECT extname FROM pg_extension WHERE extname <> 'plpgsql' ORDER BY 1")).map((r) => r.extname);
  const needs = () => hub.db.query('SELECT module, extension FROM hub.pg_extension_needs ORDER BY 1, 2');
  const serverHas = async (name: string) => (await hub.db.query('SELECT 1 FROM pg_available_extensions WHERE name = $1', [name])).length > 0;

  it('a module needing an extension the database lacks fails validation with the code and the fix; nothing is written', async () => {
    addons.use('v1', 'maps');
    await setup();
    expect(await serverHas('postgis')).toBe(false); // the premise: neither PGlite nor the test server has PostGIS
    const validation = await call('POST', '/api/v1/modules/validate/maps');
    expect(validation.status).toBe(200);
    expect(validation.body.valid).toBe(false);
    const issue = validation.body.errors.find((e: { code: string }) => e.code === 'HUB_PG_EXTENSION_MISSING');
    expect(issue.message).toBe('Module "maps" needs the PostgreSQL extension "postgis", which this database does not have');
    expect(issue.hint).toMatch(db.kind === 'pglite' ? /PGlite\) has no build of postgis: run the host on PostgreSQL/ : /apt-get install postgresql-15-postgis-3/);

    const before = await hub.db.query("SELECT (SELECT count(*) FROM hub.modules)::int AS modules, (SELECT count(*) FROM hub.audit WHERE ok)::int AS audit, (SELECT count(*) FROM hub.pg_extension_needs)::int AS needs");
    const plan = await call('GET', '/api/v1/modules/maps/plan');
    expect(plan.status).toBe(422);
    expect(plan.body).toMatchObject({ code: 'HUB_PG_EXTENSION_MISSING' });
    const install = await call('POST', '/api/v1/modules/install/maps');
    expect(install.status).toBe(422);
    expect(install.body).toMatchObject({ code: 'HUB_PG_EXTENSION_MISSING', module: 'maps' });
    expect(install.body.hint).toBe(issue.hint);
    expect(await hub.db.query("SELECT (SELECT count(*) FROM hub.modules)::int AS modules, (SELECT count(*) FROM hub.audit WHERE ok)::int AS audit, (SELECT count(*) FROM hub.pg_extension_needs)::int AS needs")).toEqual(before);
    expect((await hub.get('maps')).state).toBe('available');
  });

  it('citext, then pg_trgm on upgrade: created before the DDL, used by the routes, kept with the tables, dropped with them', async () => {
    addons.use('v1', 'words');
    await setup();
    const plan = await call('GET', '/api/v1/modules/words/plan');
    expect(plan.status).toBe(200);
    const step = plan.body.modules.find((m: { name: string }) => m.name === 'words');
    expect(step.extensions).toEqual([{ name: 'citext', action: 'create', version: expect.any(String), sql: 'CREATE EXTENSION IF NOT EXISTS "citext"' }]);
    expect(plan.body.text).toContain('Extensions: CREATE EXTENSION IF NOT EXISTS "citext"');
    await lifecycle('install/words');
    expect(await extensions()).toEqual(['citext']);
    expect(await needs()).toEqual([{ module: 'words', extension: 'citext' }]);

    expect((await call('POST', '/api/v1/words/people', { name: 'Ada Lovelace', email: 'Ada@Example.org' })).status).toBe(201);
    expect((await call('POST', '/api/v1/words/people', { name: 'Alan Turing', email: 'alan@example.org' })).status).toBe(201);
    // citext: the unique e-mail and the lookup ignore case.
    expect((await call('GET', '/api/v1/words/people?email=ada@EXAMPLE.org')).body).toMatchObject([{ name: 'Ada Lovelace', email: 'Ada@Example.org' }]);
    expect((await call('POST', '/api/v1/words/people', { name: 'Ada again', email: 'ADA@example.org' })).status).toBe(500);

    // v2 also needs pg_trgm: the upgrade creates it before the trigram index.
    addons.use('v2', 'words');
    await start();
    const upgrade = await call('GET', '/api/v1/modules/words/plan?action=upgrade');
    expect(upgrade.body.modules[0].extensions).toEqual([
      { name: 'citext', action: 'present', version: expect.any(String) },
      { name: 'pg_trgm', action: 'create', version: expect.any(String), sql: 'CREATE EXTENSION IF NOT EXISTS "pg_trgm"' },
    ]);
    expect(upgrade.body.modules[0].statements.map((s: { sql: string }) => s.sql)).toEqual(['CREATE INDEX "people_name_trgm_idx" ON "words"."people" USING gin ("name" gin_trgm_ops);']);
    await lifecycle('upgrade/words');
    expect(await extensions()).toEqual(['citext', 'pg_trgm']);
    const similar = await call('GET', '/api/v1/words/similar?q=Ada%20Lovelac');
    expect(similar.status).toBe(200);
    expect(similar.body.map((r: { name: string }) => r.name)).toEqual(['Ada Lovelace']);
    expect(similar.body[0].score).toBeGreaterThan(0.5);

    // Uninstall keeping the tables keeps the extensions their columns use, and the record of the need.
    const keep = await lifecycle('uninstall/words');
    expect(keep.plan.modules[0].extensions.map((e: { name: string; action: string }) => `${e.name}:${e.action}`)).toEqual(['citext:keep', 'pg_trgm:keep']);
    expect(await extensions()).toEqual(['citext', 'pg_trgm']);
    await lifecycle('install/words');
    expect((await call('GET', '/api/v1/words/people?email=ALAN@example.org')).body).toMatchObject([{ name: 'Alan Turing' }]);

    const drop = await lifecycle('uninstall/words', { drop_tables: true, backup: false });
    expect(drop.plan.modules[0].extensions).toEqual([
      { name: 'citext', action: 'drop', reason: 'Hub created it and nothing else needs it', sql: 'DROP EXTENSION "citext"' },
      { name: 'pg_trgm', action: 'drop', reason: 'Hub created it and nothing else needs it', sql: 'DROP EXTENSION "pg_trgm"' },
    ]);
    expect(await extensions()).toEqual([]);
    expect(await needs()).toEqual([]);

    // An extension that was in the database before a module needed it is used as it is and never dropped by Hub.
    await hub.db.exec('CREATE EXTENSION citext');
    const again = await lifecycle('install/words');
    expect(again.plan.modules.find((m: { name: string }) => m.name === 'words').extensions.map((e: { name: string; action: string }) => `${e.name}:${e.action}`)).toEqual(['citext:present', 'pg_trgm:create']);
    const last = await lifecycle('uninstall/words', { drop_tables: true, backup: false });
    expect(last.plan.modules[0].extensions).toEqual([
      { name: 'citext', action: 'keep', reason: 'it was in the database before Hub needed it' },
      { name: 'pg_trgm', action: 'drop', reason: 'Hub created it and nothing else needs it', sql: 'DROP EXTENSION "pg_trgm"' },
    ]);
    expect(await extensions()).toEqual(['citext']);
  });

  it('vector(3) with an HNSW index: installs, is queried by distance through its route, upgrades (halfvec, IVFFlat) and uninstalls', async () => {
    addons.use('v1', 'vectors');
    await setup();
    if (!(await serverHas('vector'))) {
      // A PostgreSQL server without pgvector (Debian's bookworm has no package of it for 15):
      // the module is refused with the code and the fix, and nothing is written.
      const validation = await call('POST', '/api/v1/modules/validate/vectors');
      expect(validation.body.errors).toContainEqual(expect.objectContaining({
        code: 'HUB_PG_EXTENSION_MISSING', message: 'Module "vectors" needs the PostgreSQL extension "vector", which this database does not have',
        hint: expect.stringContaining('apt-get install postgresql-15-pgvector'),
      }));
      const install = await call('POST', '/api/v1/modules/install/vectors');
      expect(install.status).toBe(422);
      expect(install.body.code).toBe('HUB_PG_EXTENSION_MISSING');
      expect((await hub.get('vectors')).state).toBe('available');
      expect(await hub.db.query("SELECT 1 FROM pg_namespace WHERE nspname = 'vectors'")).toEqual([]);
      return;
    }
    const plan = await call('GET', '/api/v1/modules/vectors/plan');
    const step = plan.body.modules.find((m: { name: string }) => m.name === 'vectors');
    expect(step.extensions).toEqual([{ name: 'vector', action: 'create', version: expect.any(String), sql: 'CREATE EXTENSION IF NOT EXISTS "vector"' }]);
    expect(step.statements.map((s: { sql: string }) => s.sql.replace(/\s+/g, ' '))).toContain('CREATE INDEX "docs_embedding_idx" ON "vectors"."docs" USING hnsw ("embedding" vector_l2_ops);');
    await lifecycle('install/vectors');
    expect(await extensions()).toEqual(['vector']);
    expect(await hub.db.query("SELECT indexdef FROM pg_indexes WHERE schemaname = 'vectors' AND indexname = 'docs_embedding_idx'"))
      .toEqual([{ indexdef: 'CREATE INDEX docs_embedding_idx ON vectors.docs USING hnsw (embedding vector_l2_ops)' }]);

    for (const [title, embedding] of [['north', [0, 1, 0]], ['east', [1, 0, 0]], ['up', [0, 0, 1]], ['north-east', [0.7, 0.7, 0]]] as const) {
      expect((await call('POST', '/api/v1/vectors/docs', { title, embedding })).status).toBe(201);
    }
    const nearest = await call('GET', `/api/v1/vectors/nearest?to=${encodeURIComponent('[0.9,0.1,0]')}&limit=3`);
    expect(nearest.status).toBe(200);
    expect(nearest.body.map((r: { title: string }) => r.title)).toEqual(['east', 'north-east', 'north']);
    expect(nearest.body[0].distance).toBeCloseTo(Math.sqrt(0.01 + 0.01), 5);

    // v2: a halfvec(3) column with an IVFFlat index, filled by the 1.1.0 step; cosine distance on it.
    addons.use('v2', 'vectors');
    await start();
    const upgrade = await call('GET', '/api/v1/modules/vectors/plan?action=upgrade');
    expect(upgrade.body.modules[0].extensions).toEqual([{ name: 'vector', action: 'present', version: expect.any(String) }]);
    expect(upgrade.body.modules[0].statements.map((s: { sql: string }) => s.sql)).toEqual([
      'ALTER TABLE "vectors"."docs" ADD COLUMN "coarse" halfvec(3);',
      'CREATE INDEX "docs_coarse_idx" ON "vectors"."docs" USING ivfflat ("coarse" halfvec_cosine_ops) WITH (lists=1);',
    ]);
    await lifecycle('upgrade/vectors');
    const coarse = await call('GET', `/api/v1/vectors/nearest?by=coarse&to=${encodeURIComponent('[1,0.9,0]')}&limit=2`);
    expect(coarse.status).toBe(200);
    expect(coarse.body.map((r: { title: string }) => r.title)).toEqual(['north-east', 'east']);
    expect(coarse.body[0].distance).toBeCloseTo(1 - (0.7 + 0.63) / (Math.hypot(0.7, 0.7) * Math.hypot(1, 0.9)), 3);
    expect(await hub.db.query("SELECT count(*)::int AS n FROM vectors.docs WHERE coarse IS NOT NULL")).toEqual([{ n: 4 }]);

    // Uninstall with its tables: the extension Hub created for it goes too.
    const drop = await lifecycle('uninstall/vectors', { drop_tables: true, backup: false });
    expect(drop.plan.modules[0].extensions).toEqual([{ name: 'vector', action: 'drop', reason: 'Hub created it and nothing else needs it', sql: 'DROP EXTENSION "vector"' }]);
    expect(await extensions()).toEqual([]);
    expect(await hub.db.query("SELECT 1 FROM pg_namespace WHERE nspname = 'vectors'")).toEqual([]);
  });
});
