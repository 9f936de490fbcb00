import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '@hub/tooling/test-databases';
import type { Hub } from '@hub/core';
import { ADMIN, fixtureAddons, openHub, startServer, type Client } from './helpers.js';
import type { HubServer } from '../src/index.js';

describe.each(testDatabases())('start on $kind', (db) => {
  let target: Awaited<ReturnType<typeof db.create>>;
  let hub: Hub;
  let server: HubServer;
  let api: Client;
  const addons = fixtureAddons();
  beforeAll(async () => {
    target = await db.create();
    hub = await openHub(target, addons.dir);
    ({ server, api } = await startServer(hub));
  });
  afterAll(async () => {
    await server?.close();
    await hub?.close();
    await target?.drop();
    addons.rm();
  });

  it('installs base, creates the first superuser and lists base as installed', async () => {
    expect(server.admin).toMatchObject({ created: true, email: ADMIN.email, password: ADMIN.password, generated: false });
    const token = await api.login(ADMIN.email, ADMIN.password);
    const r = await api.call('GET', '/api/v1/modules/', { token });
    expect(r.status).toBe(200);
    expect(r.body.items.find((m: any) => m.name === 'base')).toMatchObject({ state: 'installed', enabled: true, mounted: true, apiPrefix: '/api/v1/base', menus: [{ name: 'Users' }, { name: 'Roles' }], permissions: expect.arrayContaining(['base.users.read']) });
  });
});
