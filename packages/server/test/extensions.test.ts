// Model inheritance over HTTP (real createServer, PGlite and PostgreSQL): contacts_loyalty
// extends contacts live: its override of GET /people/:id answers first and falls through for
// the rest, its wrapper of createPerson applies to contacts' own POST /people, disabling or
// uninstalling it removes both without a restart, and the ownership ledger shows its column.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '@hub/tooling/test-databases';
import type { Hub } from '@hub/core';
import { ADMIN, openHub, serverDir, startServer, waitFor, type Client } from './helpers.js';
import type { HubServer } from '../src/index.js';

const modulesDir = resolve(serverDir, '../../modules');
const badgesFixture = join(serverDir, 'test/fixtures/extensions/contacts_badges');

/** An addons folder linking modules/contacts and modules/contacts_loyalty of this repository. */
function repoAddons(names: string[]): { dir: string; rm: () => void } {
  const root = join(serverDir, 'test', '.tmp');
  mkdirSync(root, { recursive: true });
  const dir = mkdtempSync(join(root, 'extensions-'));
  for (const n of names) symlinkSync(n === 'contacts_badges' ? badgesFixture : join(modulesDir, n), join(dir, n), 'dir');
  return { dir, rm: () => rmSync(dir, { recursive: true, force: true }) };
}

describe.each(testDatabases())('extending contacts over HTTP on $kind', (db) => {
  let target: Awaited<ReturnType<typeof db.create>>;
  let hub: Hub;
  let server: HubServer;
  let api: Client;
  let admin: string;
  const addons = repoAddons(['contacts', 'contacts_loyalty', 'contacts_badges']);

  beforeAll(async () => {
    target = await db.create();
    hub = await openHub(target, addons.dir);
    ({ server, api } = await startServer(hub));
    admin = await api.login(ADMIN.email, ADMIN.password);
  });
  afterAll(async () => {
    await server?.close();
    await hub?.close();
    await target?.drop();
    addons.rm();
  });

  const call = (method: string, path: string, body?: unknown) => api.call(method, path, { token: admin, body });
  const lifecycle = async (path: string) => {
    const r = await call('POST', `/api/v1/modules/${path}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body;
  };
  const person = (id: number) => call('GET', `/api/v1/contacts/people/${id}`);
  let wile: number;

  it('contacts alone: GET /people/:id without loyalty', async () => {
    await lifecycle('install/contacts');
    await waitFor(async () => (await call('GET', '/api/v1/contacts/people')).status === 200);
    const created = await call('POST', '/api/v1/contacts/people', { firstName: 'Wile E.', lastName: 'Coyote' });
    expect(created.status).toBe(201);
    expect(created.body).not.toHaveProperty('loyaltyPoints');
    wile = created.body.id;
    const r = await person(wile);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ id: wile, fullName: 'Wile E. Coyote', notes: [] });
    expect(r.body).not.toHaveProperty('tier');
  });

  it('installing contacts_loyalty: the override answers first, the rest falls through, the wrapper applies to contacts\' own route', async () => {
    await lifecycle('install/contacts_loyalty');
    await waitFor(async () => (await person(wile)).body.tier !== undefined);
    expect((await person(wile)).body).toMatchObject({ id: wile, fullName: 'Wile E. Coyote', company: null, notes: [], loyaltyPoints: 0, tier: 'bronze' });
    // Falls through (next()) to contacts: other routes, and the override's own 404 path.
    expect((await call('GET', '/api/v1/contacts/people')).body.map((p: { id: number }) => p.id)).toContain(wile);
    expect((await person(999_999)).body).toMatchObject({ code: 'HUB_CONTACTS_NOT_FOUND' });

    // contacts' POST /people goes through the wrapped createPerson: welcome points.
    const created = await call('POST', '/api/v1/contacts/people', { firstName: 'Road', lastName: 'Runner' });
    expect(created.body).toMatchObject({ firstName: 'Road', loyaltyPoints: 50 });
    expect((await person(created.body.id)).body).toMatchObject({ loyaltyPoints: 50, tier: 'bronze' });

    const added = await call('POST', `/api/v1/contacts_loyalty/people/${wile}/points`, { points: 600 });
    expect(added.body).toEqual({ personId: wile, loyaltyPoints: 600, tier: 'gold' });
    expect((await person(wile)).body).toMatchObject({ loyaltyPoints: 600, tier: 'gold' });

    // Ownership ledger over the API.
    const info = await call('GET', '/api/v1/modules/contacts_loyalty');
    expect(info.body.owns).toEqual([{ kind: 'column', schema: 'contacts', table: 'people', name: 'loyalty_points' }]);
    const contacts = await call('GET', '/api/v1/modules/contacts');
    expect(contacts.body.owns).toEqual(expect.arrayContaining([{ kind: 'table', schema: 'contacts', name: 'people' }]));
    expect(contacts.body.owns.some((o: { name: string }) => o.name === 'loyalty_points')).toBe(false);
  });

  it('disabling contacts_loyalty removes its override and wrapper live; enabling brings them back', async () => {
    await lifecycle('contacts_loyalty/disable');
    await waitFor(async () => (await person(wile)).body.tier === undefined);
    const plain = await call('POST', '/api/v1/contacts/people', { firstName: 'Plain' });
    expect(plain.body).not.toHaveProperty('loyaltyPoints');
    await lifecycle('contacts_loyalty/enable');
    await waitFor(async () => (await person(wile)).body.tier === 'gold');
  });

  it('a module depending on contacts_loyalty overrides and wraps too: the most dependent first, both chains', async () => {
    await lifecycle('install/contacts_badges');
    await waitFor(async () => (await person(wile)).headers.get('x-override-chain') === 'contacts_badges');
    const r = await person(wile);
    expect(r.body).toMatchObject({ id: wile, tier: 'gold' }); // badges fell through to loyalty's override
    const created = await call('POST', '/api/v1/contacts/people', { firstName: 'Chained' });
    expect(created.body).toMatchObject({ firstName: 'Chained', loyaltyPoints: 50, badges: ['welcome'] });
    await lifecycle('uninstall/contacts_badges');
    await waitFor(async () => (await person(wile)).headers.get('x-override-chain') === null);
    expect((await person(wile)).body).toMatchObject({ tier: 'gold' });
    const after = await call('POST', '/api/v1/contacts/people', { firstName: 'Unchained' });
    expect(after.body).toMatchObject({ loyaltyPoints: 50 });
    expect(after.body).not.toHaveProperty('badges');
  });

  it('uninstalling contacts_loyalty drops only its column (after a backup); contacts answers as before, without a restart', async () => {
    const result = await lifecycle('uninstall/contacts_loyalty');
    expect(result).toBeTruthy();
    await waitFor(async () => (await person(wile)).body.tier === undefined);
    const r = await person(wile);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ id: wile, fullName: 'Wile E. Coyote' });
    expect(r.body).not.toHaveProperty('loyaltyPoints');
    const created = await call('POST', '/api/v1/contacts/people', { firstName: 'After' });
    expect(created.status).toBe(201);
    expect(created.body).not.toHaveProperty('loyaltyPoints');
    expect(await hub.db.query(`SELECT column_name FROM information_schema.columns WHERE table_schema = 'contacts' AND table_name = 'people' AND column_name = 'loyalty_points'`)).toEqual([]);
    expect((await hub.backups('contacts_loyalty')).map((b) => b.tables.map((t) => t.table))).toEqual([['contacts.people']]);
    expect((await call('GET', '/api/v1/modules/contacts_loyalty')).body.owns).toEqual([]);
    expect((await call('POST', `/api/v1/contacts_loyalty/people/${wile}/points`, { points: 1 })).status).toBe(404);
  });
});
