// POST /api/v1/modules/upload through a real server, with the data folder outside the host's
// folder: a valid npm-pack archive becomes an available module (its code kept in the database)
// that installs and answers without a restart, also with tables (drizzle-orm comes from the host);
// a rollback serves the older code again; bad uploads get their own 4xx codes and keep nothing.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '@hub/tooling/test-databases';
import type { Hub } from '@hub/core';
import type { HubServer } from '../src/index.js';
import { ADMIN, fixtureAddons, openHub, startServer, type Client } from './helpers.js';

/** Folders the tests made, removed when the file is done. */
const made: string[] = [];
afterAll(() => { for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true }); });
const tempDir = (prefix: string) => { const d = mkdtempSync(join(tmpdir(), prefix)); made.push(d); return d; };

const packed = new Map<string, string>();
/**
 * A module package made into a .tgz by the real `npm pack` (once per arguments: the archives are
 * made before the servers start, so no request waits seconds on npm and meets a closed keep-alive).
 */
function packModule(name: string, version: string, body?: string, imports = ''): string {
  const key = JSON.stringify([name, version, body, imports]);
  if (!packed.has(key)) packed.set(key, packNow(name, version, body, imports));
  return packed.get(key)!;
}

function packNow(name: string, version: string, body?: string, imports = ''): string {
  const dir = tempDir(`hub-pack-${name}-`);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({
    name: `@hub/module-${name}`, version, type: 'module', main: 'index.js', license: 'MIT',
    hub: { module: name }, peerDependencies: { '@hub/kit': '^0.1.0' },
  }));
  writeFileSync(join(dir, 'index.js'), `import { defineModule, Router, publicAccess } from '@hub/kit';
${imports}
${body ?? `export default defineModule({ name: '${name}', routes: () => Router().get('/version', (_req, res) => { res.json({ version: '${version}' }); }) });`}
`);
  const out = execFileSync('npm', ['pack', '--silent', '--pack-destination', dir], { cwd: dir, encoding: 'utf8' }).trim().split('\n').pop()!;
  return join(dir, out);
}

async function upload(api: Client, token: string, file: string, name: string, query = ''): Promise<{ status: number; body: any }> {
  const form = new FormData();
  form.append('file', new Blob([readFileSync(file)]), name);
  const res = await fetch(`${api.url}/api/v1/modules/upload${query}`, { method: 'POST', body: form, headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, body: await res.json() };
}

const MEMOS = `import { pgSchema, serial, text } from 'drizzle-orm/pg-core';
const s = pgSchema('memos');
export const memos = s.table('memos', { id: serial('id').primaryKey(), body: text('body').notNull() });
export default defineModule({
  name: 'memos', schema: { memos }, permissions: ['memos.read'],
  routes: (ctx) => Router()
    .get('/', publicAccess(), async (_req, res) => { res.json(await ctx.db.select().from(memos)); })
    .post('/', publicAccess(), async (req, res) => { res.status(201).json((await ctx.db.insert(memos).values({ body: 'hello' }).returning())[0]); }),
});`;

beforeAll(() => {
  for (const version of ['1.0.0', '1.1.0', '0.9.0']) packModule('uploaded', version);
  packModule('padded', '1.0.0', undefined, "import pad from 'left-pad';");
  packModule('memos', '1.0.0', MEMOS);
});

describe.each(testDatabases())('module upload on $kind', (db) => {
  let hub: Hub;
  let server: HubServer;
  let api: Client;
  let token: string;
  let addons: ReturnType<typeof fixtureAddons>;
  let target: Awaited<ReturnType<typeof db.create>>;
  /** What the database keeps of uploads, and the code folders in the data folder's cache. */
  const kept = async () => ({
    uploads: (await hub.db.query<{ module: string }>('SELECT module FROM hub.uploads ORDER BY 1')).map((r) => r.module),
    code: (await hub.db.query<{ n: number }>('SELECT count(*)::int AS n FROM hub.module_code'))[0]!.n,
    cached: readdirSync(join(hub.options.dataDir, 'modules'), { withFileTypes: true }).filter((d) => /^[0-9a-f]{64}$/.test(d.name)).length,
  });

  beforeAll(async () => {
    target = await db.create();
    addons = fixtureAddons();
    // The data folder is outside the host's folder: uploaded modules get @hub/kit and drizzle-orm from the host, not by chance.
    hub = await openHub(target, addons.dir, {}, tempDir('hub-upload-data-'));
    ({ server, api } = await startServer(hub));
    token = await api.login(ADMIN.email, ADMIN.password);
  });
  afterAll(async () => {
    await server?.close();
    await hub?.close();
    await target?.drop();
    addons?.rm();
  });

  it('refuses without a superuser token', async () => {
    const file = packModule('uploaded', '1.0.0');
    const form = new FormData();
    form.append('file', new Blob([readFileSync(file)]), 'uploaded.tgz');
    const res = await fetch(`${api.url}/api/v1/modules/upload`, { method: 'POST', body: form });
    expect(res.status).toBe(401);
  });

  it('refuses a body that is not an archive, whatever its name, and changes nothing', async () => {
    const file = join(tempDir('hub-bad-'), 'module.zip');
    writeFileSync(file, 'this is not a zip file at all');
    const r = await upload(api, token, file, 'module.zip');
    expect(r.status).toBe(415);
    expect(r.body.code).toBe('HUB_ARCHIVE_NOT_AN_ARCHIVE');
    expect(r.body.hint).toBeTruthy();
    expect((await kept()).uploads).toEqual([]);
  });

  it('refuses a request without a file', async () => {
    const form = new FormData();
    form.append('replace', 'true');
    const res = await fetch(`${api.url}/api/v1/modules/upload`, { method: 'POST', body: form, headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { code: string }).code).toBe('HUB_UPLOAD_INVALID');
  });

  it('refuses a module importing a package the host does not provide, naming it, and keeps nothing', async () => {
    const before = await kept();
    const r = await upload(api, token, packModule('padded', '1.0.0', undefined, "import pad from 'left-pad';"), 'padded.tgz');
    expect(r.status).toBe(422);
    expect(r.body.code).toBe('HUB_UPLOAD_PACKAGE_MISSING');
    expect(r.body.error).toContain('"left-pad"');
    expect(r.body.details).toMatchObject({ packages: ['left-pad'] });
    expect(r.body.hint).toBeTruthy();
    expect(await kept()).toEqual(before);
    expect((await api.call('GET', '/api/v1/modules/padded', { token })).body.code).toBe('HUB_MODULE_NOT_FOUND');
  });

  it('takes a module with tables and routes (drizzle-orm from the host): installs, its routes read and write its table', async () => {
    const r = await upload(api, token, packModule('memos', '1.0.0', MEMOS), 'memos.tgz');
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.module.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(r.body.info).toMatchObject({ source: 'upload', codeSha256: r.body.module.sha256, state: 'available' });
    expect((await api.call('POST', '/api/v1/modules/install/memos', { token })).status).toBe(200);
    expect((await api.call('POST', '/api/v1/memos/')).status).toBe(201);
    expect((await api.call('GET', '/api/v1/memos/')).body).toEqual([{ id: 1, body: 'hello' }]);
  });

  it('takes a valid npm-pack archive: available, installs, its route answers without a restart; a newer version with replace is upgradable; a rollback serves the older code', async () => {
    const r = await upload(api, token, packModule('uploaded', '1.0.0'), 'uploaded-1.0.0.tgz');
    expect(r.status).toBe(201);
    expect(r.body.module).toMatchObject({ name: 'uploaded', version: '1.0.0', format: 'tgz', replaced: false });

    const listed = await api.call('GET', '/api/v1/modules/uploaded', { token });
    expect(listed.status).toBe(200);
    expect(listed.body.state).toBe('available');
    expect(listed.body.source).toBe('upload');

    expect((await api.call('GET', '/api/v1/uploaded/version', { token })).status).toBe(404);
    const installed = await api.call('POST', '/api/v1/modules/install/uploaded', { token });
    expect(installed.status).toBe(200);
    const answer = await api.call('GET', '/api/v1/uploaded/version', { token });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ version: '1.0.0' });

    // The same name again without replace is refused; an older version is a downgrade.
    const again = await upload(api, token, packModule('uploaded', '1.1.0'), 'uploaded-1.1.0.tgz');
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('HUB_ARCHIVE_EXISTS');
    const older = await upload(api, token, packModule('uploaded', '0.9.0'), 'uploaded-0.9.0.tgz', '?replace=true');
    expect(older.status).toBe(409);
    expect(older.body.code).toBe('HUB_ARCHIVE_DOWNGRADE');

    const newer = await upload(api, token, packModule('uploaded', '1.1.0'), 'uploaded-1.1.0.tgz', '?replace=true');
    expect(newer.status).toBe(201);
    expect(newer.body.module).toMatchObject({ version: '1.1.0', replaced: true, previousVersion: '1.0.0' });
    const info = await api.call('GET', '/api/v1/modules/uploaded', { token });
    expect(info.body.upgradable).toBe(true);
    // Uploaded, not applied yet: the installed code keeps answering.
    expect((await api.call('GET', '/api/v1/uploaded/version', { token })).body).toEqual({ version: '1.0.0' });
    const upgraded = await api.call('POST', '/api/v1/modules/upgrade/uploaded', { token });
    expect(upgraded.status).toBe(200);
    expect((await api.call('GET', '/api/v1/uploaded/version', { token })).body).toEqual({ version: '1.1.0' });

    const rolledBack = await api.call('POST', '/api/v1/modules/schema/uploaded/rollback', { token });
    expect(rolledBack.status, JSON.stringify(rolledBack.body)).toBe(200);
    expect((await api.call('GET', '/api/v1/uploaded/version', { token })).body).toEqual({ version: '1.0.0' });
    expect((await api.call('GET', '/api/v1/modules/uploaded', { token })).body).toMatchObject({ installedVersion: '1.0.0', version: '1.1.0', upgradable: true });
  });
});
