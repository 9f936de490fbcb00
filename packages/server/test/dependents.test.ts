// A module whose routes call the services of a module it depends on: when that module is mounted
// again (upgraded to new code), the dependent's routes reach the new services, not the ones their
// router was first built with.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '@hub/tooling/test-databases';
import type { Hub } from '@hub/core';
import { ADMIN, openHub, serverDir, startServer } from './helpers.js';

function writeModule(addons: string, name: string, version: string, index: string, dependencies: Record<string, string> = {}): void {
  mkdirSync(join(addons, name), { recursive: true });
  writeFileSync(join(addons, name, 'package.json'), JSON.stringify({
    name: `@hub/module-${name}`, version, type: 'module', main: 'index.js', hub: { module: name }, dependencies, peerDependencies: { '@hub/kit': '^0.1.0' },
  }));
  writeFileSync(join(addons, name, 'index.js'), index);
}

const greeter = (version: string) => `import { defineModule } from '@hub/kit';
export default defineModule({ name: 'greeter', services: () => ({ greet: () => 'hello from ${version}' }) });
`;
const caller = `import { defineModule, Router, publicAccess } from '@hub/kit';
export default defineModule({
  name: 'caller',
  routes: (ctx) => Router().get('/greet', publicAccess(), (_req, res) => { res.json({ greeting: ctx.module('greeter').greet() }); }),
});
`;

describe.each(testDatabases())('a module calling the services of the one it depends on, on $kind', (db) => {
  let target: Awaited<ReturnType<typeof db.create>>;
  let hub: Hub;
  let addons: string;
  beforeAll(async () => {
    mkdirSync(join(serverDir, 'test', '.tmp'), { recursive: true });
    addons = mkdtempSync(join(serverDir, 'test', '.tmp', 'dependents-'));
    writeModule(addons, 'greeter', '1.0.0', greeter('1.0.0'));
    writeModule(addons, 'caller', '1.0.0', caller, { '@hub/module-greeter': '^1.0.0' });
    target = await db.create();
    hub = await openHub(target, addons);
  });
  afterAll(async () => {
    await hub?.close();
    await target?.drop();
    if (addons) rmSync(addons, { recursive: true, force: true });
  });

  it('after the module it depends on is upgraded, its routes answer with the new services', async () => {
    const { server, api } = await startServer(hub);
    try {
      const token = await api.login(ADMIN.email, ADMIN.password);
      expect((await api.call('POST', '/api/v1/modules/install/caller', { token })).status).toBe(200);
      expect((await api.call('GET', '/api/v1/caller/greet')).body).toEqual({ greeting: 'hello from 1.0.0' });

      writeModule(addons, 'greeter', '1.1.0', greeter('1.1.0'));
      const upgraded = await api.call('POST', '/api/v1/modules/upgrade/greeter', { token });
      expect(upgraded.status, JSON.stringify(upgraded.body)).toBe(200);
      expect((await api.call('GET', '/api/v1/caller/greet')).body).toEqual({ greeting: 'hello from 1.1.0' });
    } finally {
      await server.close();
    }
  });
});
