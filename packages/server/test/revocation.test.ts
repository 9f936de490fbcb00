// Revocation across instances, with the second instance a separate server process (apps/hub's
// start script) on the same PostgreSQL database: only NOTIFY hub_auth (or the 1 s bound on the
// token cache) can tell it, never an in-process event. Expiry and password changes too.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '@hub/tooling/test-databases';
import type { Hub } from '@hub/core';
import type { BaseServices } from '@hub/module-base';
import { ADMIN, client, fixtureAddons, openHub, startServer, waitFor, type Client } from './helpers.js';
import type { HubServer } from '../src/index.js';

const startScript = fileURLToPath(new URL('../../../apps/hub/src/start.mjs', import.meta.url));

describe.each(testDatabases().filter((d) => d.kind === 'postgres'))('token revocation on a second server process ($kind)', (db) => {
  let target: Awaited<ReturnType<typeof db.create>>;
  let hub: Hub;
  let server: HubServer;
  let a: Client;
  let b: Client;
  let admin: string;
  let child: ChildProcess | undefined;
  let exited: Promise<unknown> = Promise.resolve();
  const addons = fixtureAddons();
  const dataDir = mkdtempSync(join(tmpdir(), 'hub-second-'));

  beforeAll(async () => {
    target = await db.create();
    hub = await openHub(target, addons.dir);
    ({ server, api: a } = await startServer(hub));
    admin = await a.login(ADMIN.email, ADMIN.password);
    child = spawn(process.execPath, [startScript], {
      env: { ...process.env, VITEST: '', DATABASE_URL: target.url!, HUB_DATA_DIR: dataDir, PORT: '0', HUB_LOG_LEVEL: 'warn', HUB_ADMIN_EMAIL: ADMIN.email, HUB_ADMIN_PASSWORD: ADMIN.password },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    exited = new Promise((resolve) => child!.once('exit', resolve));
    let out = '';
    child.stdout!.on('data', (d) => { out += d; });
    child.stderr!.on('data', (d) => { out += d; });
    const t0 = Date.now();
    while (!/Hub is running at (http:\/\/127\.0\.0\.1:\d+)/.test(out)) {
      if (child.exitCode !== null || Date.now() - t0 > 120_000) throw new Error(`second server did not start: ${out}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    b = client(/Hub is running at (http:\/\/127\.0\.0\.1:\d+)/.exec(out)![1]);
  }, 180_000);
  afterAll(async () => {
    child?.kill('SIGTERM');
    await exited;
    await server?.close();
    await hub?.close();
    await target?.drop();
    addons.rm();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const me = async (api: Client, token: string) => {
    const r = await api.call('GET', '/api/v1/auth/me', { token });
    return [r.status, r.body?.code ?? null] as const;
  };
  /** Calls B until the token is refused; how long that took after the change, in ms. */
  const refusedOnB = (token: string) => waitFor(async () => (await me(b, token))[0] === 401, 3000, 20);

  it('a token revoked on one instance answers 401 on the other process within 1 s', async () => {
    const token = await a.login(ADMIN.email, ADMIN.password);
    expect(await me(b, token)).toEqual([200, null]);
    expect(await me(b, token)).toEqual([200, null]); // now in B's token cache
    expect((await a.call('POST', '/api/v1/auth/logout', { token })).status).toBe(204);
    expect(await refusedOnB(token)).toBeLessThan(1000);
    expect(await me(b, token)).toEqual([401, 'HUB_TOKEN_REVOKED']);
  });

  it('a personal token revoked by DELETE on B is refused by A within 1 s', async () => {
    const made = await b.call('POST', '/api/v1/auth/tokens', { token: admin, body: { name: 'ci' } });
    expect(made.status).toBe(201);
    expect(await me(a, made.body.token)).toEqual([200, null]);
    expect((await b.call('DELETE', `/api/v1/auth/tokens/${made.body.info.id}`, { token: admin })).status).toBe(204);
    expect(await waitFor(async () => (await me(a, made.body.token))[0] === 401, 3000, 20)).toBeLessThan(1000);
  });

  it('an expired token answers 401 on both, even after being cached', async () => {
    const base = await hub.services<BaseServices>('base');
    const user = await base.findUserByEmail(ADMIN.email);
    const { token } = await base.issueToken(user!.id, { kind: 'personal', name: 'short', expiresAt: new Date(Date.now() + 1500) });
    expect(await me(b, token)).toEqual([200, null]);
    expect(await me(a, token)).toEqual([200, null]);
    await waitFor(async () => (await me(b, token))[0] === 401, 5000, 50);
    expect(await me(b, token)).toEqual([401, 'HUB_TOKEN_EXPIRED']);
    expect(await me(a, token)).toEqual([401, 'HUB_TOKEN_EXPIRED']);
  });

  it("changing a user's password revokes her login sessions on every instance; her API token stays", async () => {
    const created = await a.call('POST', '/api/v1/base/users', { token: admin, body: { email: 'pat@test.local', password: 'pat-password-1' } });
    expect(created.status).toBe(201);
    const session = await b.login('pat@test.local', 'pat-password-1');
    const apiToken = (await b.call('POST', '/api/v1/auth/tokens', { token: session, body: { name: 'script' } })).body.token;
    expect(await me(b, session)).toEqual([200, null]);
    expect((await a.call('PATCH', `/api/v1/base/users/${created.body.id}`, { token: admin, body: { password: 'pat-password-2' } })).status).toBe(200);
    expect(await refusedOnB(session)).toBeLessThan(1000);
    expect(await me(b, session)).toEqual([401, 'HUB_TOKEN_REVOKED']);
    expect(await me(b, apiToken)).toEqual([200, null]);
    await expect(b.login('pat@test.local', 'pat-password-1')).rejects.toThrow(/401/);

    // Her own change (with the current password) keeps the session she made it with, ends the others.
    const one = await a.login('pat@test.local', 'pat-password-2');
    const two = await b.login('pat@test.local', 'pat-password-2');
    expect((await a.call('POST', '/api/v1/base/me/password', { token: one, body: { currentPassword: 'pat-password-2', newPassword: 'pat-password-3' } })).status).toBe(204);
    expect(await refusedOnB(two)).toBeLessThan(1000);
    expect(await me(b, one)).toEqual([200, null]);
  });
});
