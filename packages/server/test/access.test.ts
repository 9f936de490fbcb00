// Secure by default, through real HTTP on both databases: every module route needs a login unless
// it is declared public; declared permissions are checked by the host before READ_ONLY / DRY_RUN;
// a route naming a permission nobody declares keeps its module from being mounted.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '@hub/tooling/test-databases';
import type { Hub } from '@hub/core';
import { userWith } from '../src/testing/index.js';
import { ADMIN, fixtureAddons, openHub, startServer, type Client } from './helpers.js';
import type { HubServer } from '../src/index.js';

/** One module with every kind of route; written three times (plain, READ_ONLY, DRY_RUN). */
const gatedModule = (name: string) => `
import { defineModule, Router, apiRoute, publicAccess, requirePermission, z } from '@hub/kit';

export default defineModule({
  name: '${name}',
  permissions: ['${name}.read', '${name}.write'],
  routes: () => {
    const router = Router();
    // (a) plain Express routes, no declaration: a login is needed, nothing else
    router.get('/plain', (req, res) => { res.json({ plain: true, user: req.hubUser?.email ?? null }); });
    router.post('/plain', (_req, res) => { res.status(201).json({ wrote: 'plain' }); });
    // (b) declared permissions
    apiRoute(router, { method: 'get', path: '/secret', permission: '${name}.read' }, (_req, res) => { res.json({ secret: true }); });
    apiRoute(router, { method: 'post', path: '/secret', permission: '${name}.write', body: z.object({ v: z.string() }) },
      (req, res) => { res.status(201).json({ wrote: req.valid.body.v }); });
    router.post('/inline/:id', requirePermission('${name}.write'), (_req, res) => { res.status(201).json({ wrote: 'inline' }); });
    const nested = Router();
    apiRoute(nested, { method: 'post', path: '/x', permission: '${name}.write' }, (_req, res) => { res.status(201).json({ wrote: 'nested' }); });
    router.use('/nested', nested);
    // (c) public, declared either way
    apiRoute(router, { method: 'get', path: '/status', public: true, summary: 'Public status' }, (_req, res) => { res.json({ up: true }); });
    router.get('/plain-public', publicAccess(), (_req, res) => { res.json({ open: true }); });
    return router;
  },
});
`;

const typoModule = `
import { defineModule, Router, apiRoute } from '@hub/kit';
export default defineModule({
  name: 'typo',
  permissions: ['typo.read'],
  routes: () => {
    const router = Router();
    apiRoute(router, { method: 'get', path: '/list', permission: 'typo.raed' }, (_req, res) => { res.json([]); });
    return router;
  },
});
`;

function writeModule(dir: string, name: string, source: string): void {
  mkdirSync(join(dir, name));
  writeFileSync(join(dir, name, 'package.json'), JSON.stringify({
    name: `@hub/module-${name}`, version: '1.0.0', description: 'Access test fixture', type: 'module', main: 'index.js',
    hub: { module: name }, peerDependencies: { '@hub/kit': '^0.1.0' },
  }));
  writeFileSync(join(dir, name, 'index.js'), source);
}

describe.each(testDatabases())('module route access on $kind', (db) => {
  let target: Awaited<ReturnType<typeof db.create>>;
  let hub: Hub;
  let server: HubServer;
  let api: Client;
  let admin: string;
  let nobody: string;
  let reader: string;
  let writer: string;
  const addons = fixtureAddons();

  beforeAll(async () => {
    writeModule(addons.dir, 'gated', gatedModule('gated'));
    writeModule(addons.dir, 'gated_ro', gatedModule('gated_ro'));
    writeModule(addons.dir, 'gated_dry', gatedModule('gated_dry'));
    writeModule(addons.dir, 'typo', typoModule);
    target = await db.create();
    hub = await openHub(target, addons.dir, { MODULES__GATED_RO__READ_ONLY: 'true', MODULES__GATED_DRY__DRY_RUN: 'true' });
    ({ server, api } = await startServer(hub));
    admin = await api.login(ADMIN.email, ADMIN.password);
    for (const name of ['gated', 'gated_ro', 'gated_dry']) {
      const r = await api.call('POST', `/api/v1/modules/install/${name}`, { token: admin });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    }
    // The install commits, but the module cannot be mounted: the answer says why, with the code.
    const typo = await api.call('POST', '/api/v1/modules/install/typo', { token: admin });
    expect([typo.status, typo.body.code, typo.body.details?.failures?.[0]?.problem?.code])
      .toEqual([422, 'HUB_MODULE_MOUNT_FAILED', 'HUB_ROUTE_PERMISSION_UNDECLARED']);
    const call = (m: string, p: string, o?: { token?: string; body?: unknown }) => api.call(m, p, o);
    const login = (e: string, p: string) => api.login(e, p);
    nobody = await userWith(call, admin, login, 'nobody@test.local', []);
    const all = ['gated', 'gated_ro', 'gated_dry'];
    reader = await userWith(call, admin, login, 'reader@test.local', all.map((n) => `${n}.read`));
    writer = await userWith(call, admin, login, 'writer@test.local', all.flatMap((n) => [`${n}.read`, `${n}.write`]));
  });
  afterAll(async () => {
    await server?.close();
    await hub?.close();
    await target?.drop();
    addons.rm();
  });

  const status = async (method: string, path: string, token?: string, body?: unknown) => {
    const r = await api.call(method, path, { token, body: body ?? (method === 'POST' ? { v: 'x' } : undefined) });
    return [r.status, r.body?.code ?? r.body?.dryRun ?? null] as const;
  };

  it('no token: 401 for plain and permission routes (and unknown paths), 200 for public ones', async () => {
    expect(await status('GET', '/api/v1/gated/plain')).toEqual([401, 'HUB_AUTH_REQUIRED']);
    expect(await status('POST', '/api/v1/gated/plain')).toEqual([401, 'HUB_AUTH_REQUIRED']);
    expect(await status('GET', '/api/v1/gated/secret')).toEqual([401, 'HUB_AUTH_REQUIRED']);
    expect(await status('POST', '/api/v1/gated/nested/x')).toEqual([401, 'HUB_AUTH_REQUIRED']);
    expect(await status('GET', '/api/v1/gated/no-such-route')).toEqual([401, 'HUB_AUTH_REQUIRED']);
    expect((await api.call('GET', '/api/v1/gated/status')).body).toEqual({ up: true });
    expect((await api.call('GET', '/api/v1/gated/plain-public')).body).toEqual({ open: true });
    // Express matches paths case-insensitively and with a trailing slash: so does the host.
    expect((await api.call('GET', '/api/v1/gated/Status/')).status).toBe(200);
  });

  it('a user without the permission: 403 on declared routes, 200 on plain and public ones', async () => {
    expect((await api.call('GET', '/api/v1/gated/plain', { token: nobody })).body).toEqual({ plain: true, user: 'nobody@test.local' });
    expect(await status('GET', '/api/v1/gated/secret', nobody)).toEqual([403, 'HUB_PERMISSION_DENIED']);
    expect(await status('POST', '/api/v1/gated/secret', reader)).toEqual([403, 'HUB_PERMISSION_DENIED']);
    expect(await status('POST', '/api/v1/gated/inline/7', reader)).toEqual([403, 'HUB_PERMISSION_DENIED']);
    expect(await status('POST', '/api/v1/gated/nested/x', reader)).toEqual([403, 'HUB_PERMISSION_DENIED']);
    expect(await status('GET', '/api/v1/gated/status', nobody)).toEqual([200, null]);
    expect(await status('GET', '/api/v1/gated/secret', reader)).toEqual([200, null]);
    expect(await status('POST', '/api/v1/gated/secret', writer)).toEqual([201, null]);
    expect(await status('POST', '/api/v1/gated/inline/7', writer)).toEqual([201, null]);
    expect(await status('POST', '/api/v1/gated/nested/x', writer)).toEqual([201, null]);
    expect(await status('POST', '/api/v1/gated/secret', admin)).toEqual([201, null]);
  });

  it('READ_ONLY on: a user without the permission gets 403 for lack of it, never the switch first; with it, the switch refuses', async () => {
    for (const path of ['/api/v1/gated_ro/secret', '/api/v1/gated_ro/inline/1', '/api/v1/gated_ro/nested/x']) {
      expect(await status('POST', path, reader)).toEqual([403, 'HUB_PERMISSION_DENIED']);
      expect(await status('POST', path, writer)).toEqual([403, 'HUB_MODULE_READ_ONLY']);
    }
    expect(await status('POST', '/api/v1/gated_ro/plain')).toEqual([401, 'HUB_AUTH_REQUIRED']);
    expect(await status('GET', '/api/v1/gated_ro/secret', reader)).toEqual([200, null]);
  });

  it('DRY_RUN on: a user without the permission gets 403, never 200; with it, the dry run answers', async () => {
    for (const path of ['/api/v1/gated_dry/secret', '/api/v1/gated_dry/inline/1', '/api/v1/gated_dry/nested/x']) {
      expect(await status('POST', path, nobody)).toEqual([403, 'HUB_PERMISSION_DENIED']);
      expect(await status('POST', path, reader)).toEqual([403, 'HUB_PERMISSION_DENIED']);
      expect(await status('POST', path, writer)).toEqual([200, true]);
    }
    expect(await status('POST', '/api/v1/gated_dry/plain')).toEqual([401, 'HUB_AUTH_REQUIRED']);
    expect(await status('POST', '/api/v1/gated_dry/plain', nobody)).toEqual([200, true]);
  });

  it('a route naming a permission its module does not declare keeps the module from being mounted, with a coded reason', async () => {
    const info = await api.call('GET', '/api/v1/modules/typo', { token: admin });
    expect(info.body).toMatchObject({
      state: 'installed', mounted: false,
      loadError: { code: 'HUB_ROUTE_PERMISSION_UNDECLARED', message: expect.stringContaining('GET /list') },
    });
    expect(info.body.loadError.message).toContain('"typo.raed"');
    expect((await api.call('GET', '/api/v1/typo/list', { token: admin })).status).toBe(404);
  });

  it('OpenAPI marks public routes with security: [] and the others with the bearer token', async () => {
    const doc = (await api.call('GET', '/api/openapi.json')).body;
    expect(doc.paths['/api/v1/gated/status'].get.security).toEqual([]);
    expect(doc.paths['/api/v1/gated/secret'].get.security).toEqual([{ bearerAuth: [] }]);
    expect(doc.paths['/api/v1/gated/secret'].get['x-hub-permissions']).toEqual(['gated.read']);
    expect(doc.paths['/api/v1/gated/status'].get.responses['401']).toBeUndefined();
  });
});
