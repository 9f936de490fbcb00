import { Writable } from 'node:stream';
import { pino } from 'pino';
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
    expect(r.body.items.find((m: any) => m.name === 'base')).toMatchObject({ state: 'installed', enabled: true, mounted: true, apiPrefix: '/api/v1/base', menus: [{ name: 'Users' }, { name: 'Roles' }, { name: 'My account' }], admin: '/modules/base/admin/index.js', permissions: expect.arrayContaining(['base.users.read']) });
  });

  it('logs one line per request with its id, module and status, and never a token', async () => {
    const lines: Record<string, any>[] = [];
    const sink = new Writable({ write(chunk, _enc, done) { lines.push(JSON.parse(String(chunk))); done(); } });
    const logged = await startServer(hub, { logger: pino({ level: 'info' }, sink), bootstrap: false });
    try {
      const token = await logged.api.login(ADMIN.email, ADMIN.password);
      const users = await fetch(`${logged.api.url}/api/v1/base/users?access_token=${token}`, { headers: { authorization: `Bearer ${token}`, 'x-request-id': 'trace-42' } });
      expect(users.status).toBe(200);
      const host = await logged.api.call('GET', '/api/v1/modules/nope', { token });
      expect(host.status).toBe(404);
      await new Promise((r) => setTimeout(r, 50));
      const moduleLine = lines.find((l) => l.req?.url?.startsWith('/api/v1/base/users'));
      expect(moduleLine).toMatchObject({ module: 'base', req: { id: 'trace-42', method: 'GET' }, res: { statusCode: 200 } });
      expect(moduleLine!.req.url).toContain('access_token=***');
      expect(lines.find((l) => l.req?.url === '/api/v1/modules/nope')).toMatchObject({ res: { statusCode: 404 } });
      expect(JSON.stringify(lines)).not.toContain(token);
    } finally {
      await logged.server.close();
    }
  });
});
