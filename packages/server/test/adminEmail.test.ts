// The first admin's email follows base's one email rule: HUB_ADMIN_EMAIL=a@b.c is refused with a
// coded error before any user is written, as POST /api/v1/base/users refuses it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '@hub/tooling/test-databases';
import type { Hub } from '@hub/core';
import type { BaseServices } from '@hub/module-base';
import { createServer } from '../src/index.js';
import { fixtureAddons, openHub } from './helpers.js';

describe.each(testDatabases())('first admin email on $kind', (db) => {
  let target: Awaited<ReturnType<typeof db.create>>;
  let hub: Hub;
  const addons = fixtureAddons();

  beforeAll(async () => {
    target = await db.create();
    hub = await openHub(target, addons.dir);
  });
  afterAll(async () => {
    await hub?.close();
    await target?.drop();
    addons.rm();
  });

  it('refuses HUB_ADMIN_EMAIL=a@b.c (and an email given in options) and writes no user; a valid one starts', async () => {
    const logger = { level: 'silent' } as const;
    await expect(createServer({ hub, logger, env: { HUB_ADMIN_EMAIL: 'a@b.c', HUB_ADMIN_PASSWORD: 'admin-password-1' } }))
      .rejects.toMatchObject({ code: 'HUB_EMAIL_INVALID', status: 400, message: expect.stringContaining('HUB_ADMIN_EMAIL') });
    await expect(createServer({ hub, logger, admin: { email: 'u1@b.c', password: 'admin-password-1' } })).rejects.toMatchObject({ code: 'HUB_EMAIL_INVALID' });
    const base = await hub.services<BaseServices>('base');
    expect(await base.countUsers()).toBe(0);
    const server = await createServer({ hub, logger, env: { HUB_ADMIN_EMAIL: 'Admin@Example.com', HUB_ADMIN_PASSWORD: 'admin-password-1' } });
    expect(server.admin).toMatchObject({ created: true, email: 'admin@example.com' });
    await server.close();
  });
});
