// The routes the admin's back-office pages use: settings as the host resolved them, backups of
// every module (who, why, rows, size), the plan of a restore, deleting a backup, and a user's own
// name and password. Through the real server, on both databases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { testDatabases } from '@hub/tooling/test-databases';
import { z } from '@hub/kit';
import type { Hub } from '@hub/core';
import { ADMIN, fixtureAddons, openHub, startServer, type Client } from './helpers.js';
import { describeConfig, MASK } from '../src/manager/settingsRouter.js';
import { backupWhy } from '../src/manager/backupsRouter.js';
import type { HubServer } from '../src/index.js';

describe('config as the Settings page shows it', () => {
  it('masks secrets (by meta or by name), says where each value came from, and reports a bad value', () => {
    const definition = {
      name: 'shop',
      config: z.object({
        apiKey: z.string().optional(),
        signing: z.string().meta({ secret: true }).default('s3cr3t'),
        pageSize: z.coerce.number().default(20),
        website: z.string().default('https://shop.example'),
      }),
    };
    const { keys, error } = describeConfig(definition, { MODULES__SHOP__API_KEY: 'abc', MODULES__SHOP__PAGE_SIZE: '50' });
    expect(error).toBeNull();
    expect(Object.fromEntries(keys.map((k) => [k.key, [k.env, k.value, k.source, k.secret]]))).toEqual({
      apiKey: ['MODULES__SHOP__API_KEY', MASK, 'env', true],
      signing: ['MODULES__SHOP__SIGNING', MASK, 'default', true],
      pageSize: ['MODULES__SHOP__PAGE_SIZE', 50, 'env', false],
      website: ['MODULES__SHOP__WEBSITE', 'https://shop.example', 'default', false],
    });
    expect(JSON.stringify(keys)).not.toContain('abc');
    expect(describeConfig(definition, { MODULES__SHOP__PAGE_SIZE: 'many' }).error?.message).toContain('MODULES__SHOP__PAGE_SIZE');
  });

  it('names why a backup exists from the action that took it', () => {
    expect(backupWhy('backup (operation op-1)')).toEqual({ why: 'manual', operationId: 'op-1' });
    expect(backupWhy('uninstall (operation op-2)')).toEqual({ why: 'uninstall', operationId: 'op-2' });
    expect(backupWhy('upgrade (operation op-3)')).toEqual({ why: 'data loss', operationId: 'op-3' });
    expect(backupWhy('by hand')).toEqual({ why: 'by hand', operationId: null });
  });
});

describe.each(testDatabases())('back-office routes on $kind', (db) => {
  let target: Awaited<ReturnType<typeof db.create>>;
  let hub: Hub;
  let server: HubServer;
  let api: Client;
  let admin = '';
  let clerk = '';
  const addons = fixtureAddons();
  beforeAll(async () => {
    target = await db.create();
    hub = await openHub(target, addons.dir, { MODULES__BASE__SESSION_TTL_HOURS: '6', MODULES__NOTES__READ_ONLY: 'yes' });
    ({ server, api } = await startServer(hub));
    admin = await api.login(ADMIN.email, ADMIN.password);
    expect((await api.call('POST', '/api/v1/base/users', { token: admin, body: { email: 'clerk@test.local', password: 'clerk-password-1' } })).status).toBe(201);
    clerk = await api.login('clerk@test.local', 'clerk-password-1');
    expect((await api.call('POST', '/api/v1/modules/install/notes', { token: admin })).status).toBe(200);
  });
  afterAll(async () => {
    await server?.close();
    await hub?.close();
    await target?.drop();
    addons.rm();
  });

  it('settings: each installed module with its resolved config and switches, for superusers only', async () => {
    const r = await api.call('GET', '/api/v1/settings', { token: admin });
    expect(r.status).toBe(200);
    const base = r.body.items.find((m: { module: string }) => m.module === 'base');
    expect(base).toMatchObject({ readOnly: false, dryRun: false, envPrefix: 'MODULES__BASE__', configError: null });
    expect(base.config).toEqual([expect.objectContaining({ key: 'sessionTtlHours', env: 'MODULES__BASE__SESSION_TTL_HOURS', value: 6, source: 'env', secret: false })]);
    expect(r.body.items.find((m: { module: string }) => m.module === 'notes')).toMatchObject({ readOnly: true, dryRun: false, config: [] });
    expect((await api.call('GET', '/api/v1/settings', { token: clerk })).status).toBe(403);
    expect((await api.call('GET', '/api/v1/settings')).status).toBe(401);
  });

  it('backups: listed across modules with who and why, rows and size; restore plan; delete by superusers only', async () => {
    await hub.db.query(`INSERT INTO notes.items (name) VALUES ('first'), ('second')`);
    expect((await api.call('POST', '/api/v1/modules/schema/notes/backup', { token: admin })).status).toBe(200);
    // Listing backups is a read of the module manager: 403 until the clerk's role has base.modules.read.
    expect((await api.call('GET', '/api/v1/backups', { token: clerk })).status).toBe(403);
    const role = await api.call('POST', '/api/v1/base/roles', { token: admin, body: { name: 'manager readers', permissions: ['base.modules.read'] } });
    const clerkId = (await api.call('GET', '/api/v1/base/users?search=clerk', { token: admin })).body.items[0].id;
    expect((await api.call('PUT', `/api/v1/base/users/${clerkId}/roles`, { token: admin, body: { roleIds: [role.body.id] } })).status).toBe(200);
    const list = await api.call('GET', '/api/v1/backups', { token: clerk });
    expect(list.status).toBe(200);
    const taken = list.body.items.find((b: { module: string }) => b.module === 'notes');
    expect(taken).toMatchObject({ why: 'manual', actor: ADMIN.email, rows: 2, tables: [{ table: 'notes.items', rows: 2 }] });
    expect(taken.bytes).toBeGreaterThan(0);
    expect((await api.call('GET', '/api/v1/backups?module=base', { token: clerk })).body.items.every((b: { module: string }) => b.module === 'base')).toBe(true);

    const plan = await api.call('GET', taken.links.plan, { token: clerk });
    expect(plan.status).toBe(200);
    expect(plan.body).toMatchObject({ action: 'restore', hash: expect.any(String) });
    expect(plan.body.warnings.join('\n')).toContain(taken.id);
    expect((await api.call('GET', '/api/v1/backups/notes/nope/plan', { token: admin })).body.code).toBe('HUB_BACKUP_NOT_FOUND');

    const path = (await hub.backups('notes')).find((b) => b.id === taken.id)!.path;
    expect((await api.call('DELETE', `/api/v1/backups/notes/${taken.id}`, { token: clerk })).status).toBe(403);
    expect(existsSync(path)).toBe(true);
    expect((await api.call('DELETE', `/api/v1/backups/notes/${taken.id}`, { token: admin })).status).toBe(204);
    expect(existsSync(path)).toBe(false);
    expect((await api.call('GET', '/api/v1/backups', { token: admin })).body.items.map((b: { id: string }) => b.id)).not.toContain(taken.id);
    const again = await api.call('DELETE', `/api/v1/backups/notes/${taken.id}`, { token: admin });
    expect(again).toMatchObject({ status: 404, body: { code: 'HUB_BACKUP_NOT_FOUND' } });
  });

  it('a user changes their own name and password (the current one is checked)', async () => {
    expect((await api.call('PATCH', '/api/v1/base/me', { token: clerk, body: { name: 'Clara Clerk' } })).body).toMatchObject({ email: 'clerk@test.local', name: 'Clara Clerk' });
    expect((await api.call('PATCH', '/api/v1/base/me', { body: { name: 'x' } })).status).toBe(401);
    const wrong = await api.call('POST', '/api/v1/base/me/password', { token: clerk, body: { currentPassword: 'nope-nope', newPassword: 'clerk-password-2' } });
    expect(wrong).toMatchObject({ status: 400, body: { code: 'HUB_PASSWORD_WRONG' } });
    expect((await api.call('POST', '/api/v1/base/me/password', { token: clerk, body: { currentPassword: 'clerk-password-1', newPassword: 'short' } })).status).toBe(400);
    expect((await api.call('POST', '/api/v1/base/me/password', { token: clerk, body: { currentPassword: 'clerk-password-1', newPassword: 'clerk-password-2' } })).status).toBe(204);
    await expect(api.login('clerk@test.local', 'clerk-password-1')).rejects.toThrow(/401/);
    expect(await api.login('clerk@test.local', 'clerk-password-2')).toBeTruthy();
  });
});
