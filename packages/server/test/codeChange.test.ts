// Rebuilt code of an installed module with the same version: reported (not mounted) by a server,
// mounted at once by a development server, whose previous good code keeps serving while new code fails.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '@hub/tooling/test-databases';
import type { Hub } from '@hub/core';
import { ADMIN, fixtureAddons, openHub, startServer } from './helpers.js';

describe.each(testDatabases())('rebuilt module code on $kind', (db) => {
  let target: Awaited<ReturnType<typeof db.create>>;
  let hub: Hub;
  const addons = fixtureAddons();
  const entry = join(addons.dir, 'hello', 'index.js');
  const original = readFileSync(entry, 'utf8');
  const pongAs = (answer: string) => writeFileSync(entry, original.replace('{ pong: true, module: ctx.name }', `{ pong: ${JSON.stringify(answer)} }`));
  beforeAll(async () => {
    target = await db.create();
    hub = await openHub(target, addons.dir);
  });
  afterAll(async () => {
    await hub?.close();
    await target?.drop();
    addons.rm();
  });

  it('a server reports a same-version rebuild in the details and keeps the mounted code; a dev server mounts it, and keeps the last good code while the new one fails', async () => {
    const { server, api } = await startServer(hub);
    const dev = await startServer(hub, { dev: true, bootstrap: false });
    try {
      const token = await api.login(ADMIN.email, ADMIN.password);
      expect((await api.call('POST', '/api/v1/modules/install/hello', { token })).status).toBe(200);
      await dev.server.refresh();
      for (const s of [api, dev.api]) expect((await s.call('GET', '/api/v1/hello/ping', { token })).body).toMatchObject({ pong: true });

      pongAs('rebuilt');
      await server.refresh();
      expect((await api.call('GET', '/api/v1/hello/ping', { token })).body).toMatchObject({ pong: true });
      const details = (await api.call('GET', '/api/v1/modules/hello', { token })).body;
      expect(details.codeChanged.message).toContain('changed but its version (1.0.0) did not');
      expect(details.codeChanged.diskHash).toBe(details.codeHash);
      expect(details.mountedCodeHash).not.toBe(details.codeHash);

      await dev.server.refresh();
      expect((await dev.api.call('GET', '/api/v1/hello/ping', { token })).body).toEqual({ pong: 'rebuilt' });
      expect((await dev.api.call('GET', '/api/v1/modules/hello', { token })).body.codeChanged).toBeUndefined();

      writeFileSync(entry, `${original}\nexport const broken = ;\n`);
      await dev.server.refresh();
      expect((await dev.api.call('GET', '/api/v1/hello/ping', { token })).body).toEqual({ pong: 'rebuilt' });
      const failing = (await dev.api.call('GET', '/api/v1/modules/hello', { token })).body;
      expect(failing).toMatchObject({ mounted: true, loadError: { code: 'HUB_MODULE_LOAD_FAILED' } });
      expect(failing.loadError.message).toContain('Unexpected token');

      pongAs('fixed');
      await dev.server.refresh();
      expect((await dev.api.call('GET', '/api/v1/hello/ping', { token })).body).toEqual({ pong: 'fixed' });
      expect((await dev.api.call('GET', '/api/v1/modules/hello', { token })).body.loadError).toBeUndefined();
    } finally {
      await dev.server.close();
      await server.close();
      writeFileSync(entry, original);
    }
  });
});
