// Reading the module manager needs a right: plans, schema status and history, backups, operations
// and the audit log answer a superuser or a user with base's "base.modules.read", and 403 anyone
// else; changes stay the superuser's. The module list shows others only what they can use.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '@hub/tooling/test-databases';
import type { Hub } from '@hub/core';
import { userWith } from '../src/testing/index.js';
import { ADMIN, fixtureAddons, openHub, startServer, type Client } from './helpers.js';
import type { HubServer } from '../src/index.js';

describe.each(testDatabases())('module manager access on $kind', (db) => {
  let target: Awaited<ReturnType<typeof db.create>>;
  let hub: Hub;
  let server: HubServer;
  let api: Client;
  let admin: string;
  let nobody: string;
  let reader: string;
  let usersReader: string;
  let operationId: string;
  let backupId: string;
  const addons = fixtureAddons();

  beforeAll(async () => {
    target = await db.create();
    hub = await openHub(target, addons.dir);
    ({ server, api } = await startServer(hub));
    admin = await api.login(ADMIN.email, ADMIN.password);
    const installed = await api.call('POST', '/api/v1/modules/install/hello', { token: admin });
    expect(installed.status, JSON.stringify(installed.body)).toBe(200);
    operationId = installed.body.operationId;
    const backup = await api.call('POST', '/api/v1/modules/schema/hello/backup', { token: admin });
    expect(backup.status, JSON.stringify(backup.body)).toBe(200);
    backupId = (await api.call('GET', '/api/v1/modules/schema/hello/backups', { token: admin })).body.items[0].id;
    const call = (m: string, p: string, o?: { token?: string; body?: unknown }) => api.call(m, p, o);
    const login = (e: string, p: string) => api.login(e, p);
    nobody = await userWith(call, admin, login, 'nobody@test.local', []);
    reader = await userWith(call, admin, login, 'reader@test.local', ['base.modules.read']);
    usersReader = await userWith(call, admin, login, 'users@test.local', ['base.users.read']);
  });
  afterAll(async () => {
    await server?.close();
    await hub?.close();
    await target?.drop();
    addons.rm();
  });

  const reads = () => [
    ['GET', '/api/v1/modules/notes/plan?action=install'],
    ['GET', '/api/v1/modules/schema/hello/status'],
    ['GET', '/api/v1/modules/schema/hello/migrations'],
    ['GET', '/api/v1/modules/schema/hello/backups'],
    ['GET', '/api/v1/operations/'],
    ['GET', `/api/v1/operations/${operationId}`],
    ['GET', '/api/v1/audit/'],
    ['GET', '/api/v1/backups/'],
    ['GET', '/api/v1/modules/graph'],
    ['POST', '/api/v1/modules/validate/notes'],
  ] as const;

  it('a user without the right: 403 for plan, schema status and history, backups, operations, audit', async () => {
    for (const [method, path] of reads()) {
      const r = await api.call(method, path, { token: nobody });
      expect([path, r.status, r.body.code]).toEqual([path, 403, 'HUB_PERMISSION_DENIED']);
      expect(JSON.stringify(r.body)).not.toContain('CREATE TABLE');
      expect((await api.call(method, path, { token: usersReader })).status, path).toBe(403);
      expect((await api.call(method, path)).status, path).toBe(401);
    }
  });

  it('with base.modules.read (or as a superuser): 200 for all of them, the plan with its SQL', async () => {
    for (const [method, path] of reads()) {
      expect([path, (await api.call(method, path, { token: reader })).status]).toEqual([path, 200]);
      expect([path, (await api.call(method, path, { token: admin })).status]).toEqual([path, 200]);
    }
    const plan = await api.call('GET', '/api/v1/modules/notes/plan?action=install', { token: reader });
    expect(plan.body.text).toContain('CREATE TABLE');
    expect((await api.call('GET', '/api/v1/audit/', { token: reader })).body.items.length).toBeGreaterThan(0);
  });

  it('changes stay superuser-only, for readers too', async () => {
    for (const [method, path] of [
      ['POST', '/api/v1/modules/install/notes'], ['POST', '/api/v1/modules/uninstall/hello'], ['POST', '/api/v1/modules/hello/disable'],
      ['POST', '/api/v1/modules/schema/hello/backup'], ['GET', `/api/v1/modules/schema/hello/backups/${backupId}/download`],
    ] as const) {
      const r = await api.call(method, path, { token: reader });
      expect([path, r.status, r.body?.code]).toEqual([path, 403, 'HUB_SUPERUSER_REQUIRED']);
    }
  });

  it('the module list: readers see every module; others only installed ones they can use, with the menus they may open', async () => {
    const all = (await api.call('GET', '/api/v1/modules/', { token: reader })).body.items.map((m: any) => m.name);
    expect(all).toEqual(expect.arrayContaining(['base', 'hello', 'notes', 'drafts']));

    const mine = (await api.call('GET', '/api/v1/modules/', { token: nobody })).body.items;
    // hello's menu and base's "My account" need no permission; notes and drafts are not installed.
    expect(mine.map((m: any) => m.name).sort()).toEqual(['base', 'hello']);
    expect(mine.find((m: any) => m.name === 'base').menus.map((m: any) => m.name)).toEqual(['My account']);

    const users = (await api.call('GET', '/api/v1/modules/', { token: usersReader })).body.items;
    const base = users.find((m: any) => m.name === 'base');
    expect(base.menus.map((m: any) => m.name)).toEqual(['Users', 'My account']);
    const detail = await api.call('GET', '/api/v1/modules/base', { token: usersReader });
    expect(detail.status, JSON.stringify(detail.body)).toBe(200);
    expect(detail.body.menus.map((m: any) => m.name)).toEqual(['Users', 'My account']);
    expect((await api.call('GET', '/api/v1/modules/notes', { token: nobody })).status).toBe(403);
    expect((await api.call('GET', '/api/v1/modules/base', { token: reader })).body.menus.map((m: any) => m.name)).toEqual(['Users', 'Roles', 'My account']);
  });

  it('/auth/me sends the rights the admin decides with', async () => {
    expect((await api.call('GET', '/api/v1/auth/me', { token: reader })).body.user).toMatchObject({ isSuperuser: false, permissions: ['base.modules.read'] });
    expect((await api.call('GET', '/api/v1/auth/me', { token: admin })).body.user).toMatchObject({ isSuperuser: true });
  });
});
