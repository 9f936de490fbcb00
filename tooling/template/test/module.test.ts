// Tests of the __name__ module against the real host, with the harness the example modules use
// (@hub/server/testing): the engine installs it (tables from schema.ts, the seed data file) on
// PGlite and, when HUB_TEST_PG_URL is set, on PostgreSQL; the server mounts its routes behind
// real logins, tokens and permissions.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { install, startServer, testDatabases, testHost, userWith, type Call } from '@hub/server/testing';
import { isHubModule } from '@hub/kit';
import manifest from '../src/index.js';

const moduleDir = fileURLToPath(new URL('..', import.meta.url));
const baseDir = dirname(createRequire(import.meta.url).resolve('@hub/module-base/package.json'));
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

describe.each(testDatabases())('__name__ on $kind', ({ create }) => {
  let host: ReturnType<typeof testHost>;
  let started: Awaited<ReturnType<typeof startServer>>;
  let call: Call;
  let admin: string;
  let reader: string;

  beforeAll(async () => {
    host = testHost(await create(), moduleDir);
    host.link({ base: baseDir, __name__: moduleDir });
    started = await startServer(await host.open());
    ({ call, admin } = started);
    await install(call, admin, '__name__');
    reader = await userWith(call, admin, started.login, 'reader@test.local', ['__name__.read']);
  });
  afterAll(async () => { await started?.server.close(); await host?.cleanup(); });

  it('has a manifest that matches package.json', () => {
    expect(isHubModule(manifest)).toBe(true);
    expect(manifest.name).toBe(pkg.hub.module);
    expect(manifest.permissions).toEqual(['__name__.read', '__name__.write']);
  });

  it('lists the seeded items for a user with __name__.read', async () => {
    const res = await call('GET', '/api/v1/__name__/items', { token: reader });
    expect(res.status).toBe(200);
    expect(res.body.map((i: { name: string }) => i.name)).toEqual(['First item']);
  });

  it('searches by name (a typed % is a plain character) and pages with limit and offset', async () => {
    const names = async (query: string) => ((await call('GET', `/api/v1/__name__/items?${query}`, { token: reader })).body as { name: string }[]).map((i) => i.name);
    expect(await names('q=first')).toEqual(['First item']);
    expect(await names('q=%25')).toEqual([]);
    expect(await names('limit=1&offset=1')).toEqual([]);
  });

  it('answers 401 without a token and 403 without the permission', async () => {
    expect((await call('GET', '/api/v1/__name__/items')).status).toBe(401);
    const denied = await call('POST', '/api/v1/__name__/items', { token: reader, body: { name: 'x' } });
    expect([denied.status, denied.body.code]).toEqual([403, 'HUB_PERMISSION_DENIED']);
  });

  it('validates the body (400) and creates an item (201)', async () => {
    const bad = await call('POST', '/api/v1/__name__/items', { token: admin, body: { name: '', quantity: -1 } });
    expect(bad.status).toBe(400);
    const ok = await call('POST', '/api/v1/__name__/items', { token: admin, body: { name: 'Second', quantity: 3 } });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ name: 'Second', quantity: 3 });
    const stats = await call('GET', '/api/v1/__name__/stats', { token: reader });
    expect(stats.body).toMatchObject({ module: '__name__', items: 2 });
  });
});
