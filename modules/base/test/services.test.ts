// Base services through the engine (installed by @hub/core), on PGlite and PostgreSQL.
import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '@hub/tooling/test-databases';
import { createHub, type Hub } from '@hub/core';
import { isHubError } from '@hub/kit';
import { onAuthChanged, type BaseServices } from '../src/index.js';

const baseDir = fileURLToPath(new URL('..', import.meta.url));
const quiet = { debug() {}, info() {}, warn() {}, error() {} };

describe.each(testDatabases())('base services on $kind', (db) => {
  let target: Awaited<ReturnType<typeof db.create>>;
  let hub: Hub;
  let base: BaseServices;
  const root = mkdtempSync(join(tmpdir(), 'hub-base-'));

  beforeAll(async () => {
    target = await db.create();
    mkdirSync(join(root, 'addons'));
    symlinkSync(baseDir, join(root, 'addons', 'base'), 'dir');
    writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'host', version: '0.0.0', dependencies: {} }));
    hub = await createHub({
      hostDir: root, dataDir: target.dataDir ?? join(root, '.hub'), databaseUrl: target.url,
      addonsPaths: [join(root, 'addons')], logger: quiet, env: { MODULES__BASE__SESSION_TTL_HOURS: '2' },
    });
    await hub.apply({ action: 'install', modules: ['base'] });
    base = await hub.services<BaseServices>('base');
  });
  afterAll(async () => {
    await hub?.close();
    await target?.drop();
    rmSync(root, { recursive: true, force: true });
  });

  it('creates users with bcrypt passwords and checks them', async () => {
    const u = await base.createUser({ email: ' Ann@Example.com ', password: 'secret-pass', name: 'Ann' });
    expect(u).toMatchObject({ email: 'ann@example.com', isSuperuser: false, isActive: true });
    expect(await base.verifyPassword('ANN@example.com', 'secret-pass')).toMatchObject({ id: u.id });
    expect(await base.verifyPassword('ann@example.com', 'wrong')).toBeNull();
    expect(await base.verifyPassword('nobody@example.com', 'secret-pass')).toBeNull();
    await expect(base.createUser({ email: 'ann@example.com' })).rejects.toMatchObject({ code: 'HUB_USER_EXISTS', status: 409 });
    await base.updateUser(u.id, { isActive: false });
    expect(await base.verifyPassword('ann@example.com', 'secret-pass')).toBeNull();
  });

  it('one email rule: addresses zod refuses are refused at create and change, nothing written', async () => {
    const before = await base.countUsers();
    for (const email of ['a@b.c', 'u1@b.c', 'no-at-sign', 'a@localhost', '']) {
      await expect(base.createUser({ email, password: 'secret-pass' })).rejects.toMatchObject({ code: 'HUB_EMAIL_INVALID', status: 400 });
    }
    expect(await base.countUsers()).toBe(before);
    const u = await base.createUser({ email: 'rule@example.com' });
    await expect(base.updateUser(u.id, { email: 'a@b.c' })).rejects.toMatchObject({ code: 'HUB_EMAIL_INVALID' });
    expect((await base.getUser(u.id)).email).toBe('rule@example.com');
  });

  it('a new password revokes the login sessions (not the API tokens), but the one it is told to keep', async () => {
    const u = await base.createUser({ email: 'sessions@example.com', password: 'secret-pass' });
    const s1 = await base.issueToken(u.id, { kind: 'session' });
    const s2 = await base.issueToken(u.id, { kind: 'session' });
    const api = await base.issueToken(u.id, { kind: 'personal', name: 'script' });
    await base.updateUser(u.id, { password: 'new-secret-pass' }, { keepSession: s2.info.id });
    await expect(base.verifyToken(s1.token)).rejects.toMatchObject({ code: 'HUB_TOKEN_REVOKED' });
    await expect(base.verifyToken(s2.token)).resolves.toMatchObject({ tokenId: s2.info.id });
    await expect(base.verifyToken(api.token)).resolves.toMatchObject({ tokenId: api.info.id });
    await base.updateUser(u.id, { password: 'newer-secret-pass' });
    await expect(base.verifyToken(s2.token)).rejects.toMatchObject({ code: 'HUB_TOKEN_REVOKED' });
    // Other changes leave sessions alone.
    const s3 = await base.issueToken(u.id, { kind: 'session' });
    await base.updateUser(u.id, { name: 'Renamed' });
    await expect(base.verifyToken(s3.token)).resolves.toMatchObject({ tokenId: s3.info.id });
  });

  it('issues, verifies, expires and revokes tokens, stored hashed', async () => {
    const u = await base.createUser({ email: 'tok@example.com', password: 'secret-pass' });
    const { token, info } = await base.issueToken(u.id, { kind: 'session' });
    expect(token).toMatch(/^hub_/);
    expect(Date.parse(info.expiresAt!) - Date.now()).toBeGreaterThan(1.9 * 3_600_000); // MODULES__BASE__SESSION_TTL_HOURS=2
    const stored = await hub.db.query<{ token_hash: string }>('select token_hash from base.api_tokens where id = $1', [info.id]);
    expect(stored[0].token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored[0].token_hash).not.toContain(token);
    expect(await base.verifyToken(token)).toMatchObject({ tokenId: info.id, kind: 'session', user: { email: 'tok@example.com', permissions: [] } });
    let changes = 0;
    const stop = onAuthChanged(() => { changes++; });
    expect(await base.revokeToken(info.id)).toBe(true);
    stop();
    expect(changes).toBe(1);
    await expect(base.verifyToken(token)).rejects.toMatchObject({ code: 'HUB_TOKEN_REVOKED', status: 401 });
    const old = await base.issueToken(u.id, { kind: 'personal', expiresAt: new Date(Date.now() - 1) });
    await expect(base.verifyToken(old.token)).rejects.toMatchObject({ code: 'HUB_TOKEN_EXPIRED' });
    await expect(base.verifyToken('hub_nope')).rejects.toMatchObject({ code: 'HUB_TOKEN_INVALID' });
    expect((await base.listTokens(u.id)).map((t) => t.id)).toEqual([old.info.id]);
    expect((await base.listTokens(u.id, { includeRevoked: true })).length).toBe(2);
  });

  it('gives users the permissions of their roles', async () => {
    const u = await base.createUser({ email: 'role@example.com' });
    const viewer = await base.createRole({ name: 'viewer', permissions: ['base.users.read', 'contacts.read'] });
    const editor = await base.createRole({ name: 'editor', permissions: ['contacts.read', 'contacts.write'] });
    await base.setUserRoles(u.id, [viewer.id, editor.id]);
    const { token } = await base.issueToken(u.id, { kind: 'personal' });
    expect((await base.verifyToken(token)).user.permissions).toEqual(['base.users.read', 'contacts.read', 'contacts.write']);
    await base.updateRole(editor.id, { permissions: ['contacts.write'] });
    expect(await base.userPermissions(u.id)).toEqual(['base.users.read', 'contacts.read', 'contacts.write']);
    await base.updateRole(viewer.id, { permissions: ['base.users.read'] });
    expect(await base.userPermissions(u.id)).toEqual(['base.users.read', 'contacts.write']);
    await base.deleteRole(viewer.id);
    expect((await base.getUserRoles(u.id)).map((r) => r.name)).toEqual(['editor']);
    await expect(base.setUserRoles(u.id, [99999])).rejects.toSatisfy((e: unknown) => isHubError(e) && e.code === 'HUB_ROLE_NOT_FOUND');
    expect(await base.countSuperusers()).toBe(0);
  });

  it('keeps settings as JSON', async () => {
    await base.setSetting('company.name', { name: 'ACME', since: 1999 });
    await base.setSetting('company.name', { name: 'ACME Inc', since: 1999 });
    expect(await base.getSetting('company.name')).toEqual({ name: 'ACME Inc', since: 1999 });
    expect(await base.getSetting('missing')).toBeUndefined();
    expect(Object.keys(await base.listSettings())).toEqual(['company.name']);
  });
});
