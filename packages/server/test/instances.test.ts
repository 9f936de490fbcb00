// Two hub instances on one PostgreSQL database: a change through one is served by the other
// within 2 seconds (the engine's LISTEN/NOTIFY, remounted by the server's onChange).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '@hub/tooling/test-databases';
import type { Hub } from '@hub/core';
import { ADMIN, fixtureAddons, openHub, startServer, waitFor, type Client } from './helpers.js';
import type { HubServer } from '../src/index.js';

describe.each(testDatabases().filter((d) => d.kind === 'postgres'))('two instances on $kind', (db) => {
  let target: Awaited<ReturnType<typeof db.create>>;
  const hubs: Hub[] = [];
  const servers: HubServer[] = [];
  let a: Client;
  let b: Client;
  let tokenA: string;
  let tokenB: string;
  const addons = fixtureAddons();

  beforeAll(async () => {
    target = await db.create();
    // Both start at once on an empty database: one installs base, the other sees it done.
    const [one, two] = await Promise.all([openHub(target, addons.dir), openHub(target, addons.dir)]);
    hubs.push(one, two);
    const [sa, sb] = await Promise.all([startServer(one), startServer(two)]);
    servers.push(sa.server, sb.server);
    a = sa.api;
    b = sb.api;
    tokenA = await a.login(ADMIN.email, ADMIN.password);
    tokenB = await b.login(ADMIN.email, ADMIN.password);
  });
  afterAll(async () => {
    for (const s of servers) await s.close();
    for (const h of hubs) await h.close();
    await target?.drop();
    addons.rm();
  });

  it('only one first superuser is created', () => {
    expect(servers.filter((s) => s.admin.created)).toHaveLength(1);
  });

  it('installed through one, served by the other within 2 s; uninstalled likewise', async () => {
    expect((await b.call('GET', '/api/v1/hello/ping', { token: tokenB })).status).toBe(404);
    expect((await a.call('POST', '/api/v1/modules/install/hello', { token: tokenA })).status).toBe(200);
    const installedAfter = await waitFor(async () => (await b.call('GET', '/api/v1/hello/ping', { token: tokenB })).status === 200, 2000, 20);
    expect(installedAfter).toBeLessThan(2000);
    expect((await b.call('GET', '/api/v1/modules/hello', { token: tokenB })).body).toMatchObject({ state: 'installed', mounted: true });

    expect((await b.call('POST', '/api/v1/modules/uninstall/hello', { token: tokenB })).status).toBe(200);
    const removedAfter = await waitFor(async () => (await a.call('GET', '/api/v1/hello/ping', { token: tokenA })).status === 404, 2000, 20);
    expect(removedAfter).toBeLessThan(2000);
  });

  it('a token made on one instance works on the other, and its revocation too', async () => {
    const made = await a.call('POST', '/api/v1/auth/tokens', { token: tokenA, body: { name: 'shared' } });
    expect((await b.call('GET', '/api/v1/auth/me', { token: made.body.token })).status).toBe(200);
    await a.call('DELETE', `/api/v1/auth/tokens/${made.body.info.id}`, { token: tokenA });
    // B cached the token check; NOTIFY hub_auth clears it (the cache lives 5 s at most anyway).
    const after = await waitFor(async () => (await b.call('GET', '/api/v1/auth/me', { token: made.body.token })).status === 401, 2000, 10);
    expect(after).toBeLessThan(1000);
  });
});
