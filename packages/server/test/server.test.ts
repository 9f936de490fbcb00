// HTTP tests against a real listening server, on PGlite and on PostgreSQL. One hub per database;
// the tests run in order and build on each other (install, then use, then uninstall).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '@hub/tooling/test-databases';
import type { Hub } from '@hub/core';
import type { BaseServices } from '@hub/module-base';
import { ADMIN, fixtureAddons, openHub, startServer, waitFor, type Client } from './helpers.js';
import type { HubServer } from '../src/index.js';

describe.each(testDatabases())('server on $kind', (db) => {
  let target: Awaited<ReturnType<typeof db.create>>;
  let hub: Hub;
  let server: HubServer;
  let api: Client;
  let admin: string;
  const addons = fixtureAddons();

  beforeAll(async () => {
    target = await db.create();
    hub = await openHub(target, addons.dir, { MODULES__NOTES__READ_ONLY: '1', MODULES__DRAFTS__DRY_RUN: 'true' });
    ({ server, api } = await startServer(hub, { loginRateLimit: { limit: 3, windowMs: 60_000 } }));
    admin = await api.login(ADMIN.email, ADMIN.password);
  });
  afterAll(async () => {
    await server?.close();
    await hub?.close();
    await target?.drop();
    addons.rm();
  });

  const install = (name: string, extra = '') => api.call('POST', `/api/v1/modules/install/${name}${extra}`, { token: admin });

  describe('authentication', () => {
    it('health is public', async () => {
      const r = await api.call('GET', '/api/v1/health');
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ status: 'ok', database: { kind: db.kind, ok: true } });
    });

    it('no token, a bad token or a malformed header -> 401', async () => {
      expect((await api.call('GET', '/api/v1/modules/')).body).toMatchObject({ code: 'HUB_AUTH_REQUIRED' });
      const bad = await api.call('GET', '/api/v1/modules/', { token: 'hub_notatoken' });
      expect([bad.status, bad.body.code]).toEqual([401, 'HUB_TOKEN_INVALID']);
      const basic = await api.call('GET', '/api/v1/modules/', { headers: { authorization: 'Basic YTpi' } });
      expect(basic.status).toBe(401);
    });

    it('login answers a token, the user and its expiry; /me tells who is logged in', async () => {
      const r = await api.call('POST', '/api/v1/auth/login', { body: { email: ADMIN.email.toUpperCase(), password: ADMIN.password } });
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ token: expect.stringMatching(/^hub_/), user: { email: ADMIN.email, isSuperuser: true }, expiresAt: expect.any(String) });
      const me = await api.call('GET', '/api/v1/auth/me', { token: r.body.token });
      expect(me.body.user).toMatchObject({ email: ADMIN.email, isSuperuser: true });
    });

    it('wrong passwords are 401, then rate-limited per IP and email with a JSON 429', async () => {
      const attempt = (password: string) => api.call('POST', '/api/v1/auth/login', { body: { email: 'victim@test.local', password } });
      for (let i = 0; i < 3; i++) expect((await attempt('wrong')).body).toMatchObject({ code: 'HUB_LOGIN_FAILED' });
      const limited = await attempt('wrong');
      expect(limited.status).toBe(429);
      expect(limited.body).toMatchObject({ code: 'HUB_RATE_LIMITED', error: expect.any(String) });
      // Another email from the same address still logs in.
      expect(await api.login(ADMIN.email, ADMIN.password)).toMatch(/^hub_/);
    });

    it('missing login fields -> 400 with the fields', async () => {
      const r = await api.call('POST', '/api/v1/auth/login', { body: { email: 'a@b.c' } });
      expect(r.status).toBe(400);
      expect(r.body.details.fields).toEqual([expect.objectContaining({ in: 'body', path: 'password' })]);
    });

    it('personal tokens: created once, listed without secret, revoked -> 401', async () => {
      const created = await api.call('POST', '/api/v1/auth/tokens', { token: admin, body: { name: 'ci', expiresInDays: 30 } });
      expect(created.status).toBe(201);
      const { token, info } = created.body;
      expect(info).toMatchObject({ name: 'ci', kind: 'personal', prefix: token.slice(0, 10) });
      const list = await api.call('GET', '/api/v1/auth/tokens', { token: admin });
      expect(list.body.items.map((t: any) => t.id)).toContain(info.id);
      expect(JSON.stringify(list.body)).not.toContain(token);
      expect((await api.call('GET', '/api/v1/auth/me', { token })).status).toBe(200);
      expect((await api.call('DELETE', `/api/v1/auth/tokens/${info.id}`, { token: admin })).status).toBe(204);
      const after = await api.call('GET', '/api/v1/auth/me', { token });
      expect([after.status, after.body.code]).toEqual([401, 'HUB_TOKEN_REVOKED']);
      expect((await api.call('DELETE', `/api/v1/auth/tokens/${info.id}`, { token: admin })).status).toBe(404);
    });

    it('logout revokes the session token', async () => {
      const token = await api.login(ADMIN.email, ADMIN.password);
      expect((await api.call('POST', '/api/v1/auth/logout', { token })).status).toBe(204);
      expect((await api.call('GET', '/api/v1/auth/me', { token })).body.code).toBe('HUB_TOKEN_REVOKED');
    });

    it('an expired token -> 401', async () => {
      const base = await hub.services<BaseServices>('base');
      const me = await base.findUserByEmail(ADMIN.email);
      const { token } = await base.issueToken(me!.id, { kind: 'personal', name: 'old', expiresAt: new Date(Date.now() - 1000) });
      expect((await api.call('GET', '/api/v1/auth/me', { token })).body).toMatchObject({ code: 'HUB_TOKEN_EXPIRED' });
    });
  });

  describe('users, roles and permissions', () => {
    let alice: string;
    it('a non-superuser reads the manager but may not change it (403), and needs permissions for module routes', async () => {
      const created = await api.call('POST', '/api/v1/base/users', { token: admin, body: { email: 'alice@test.local', password: 'alice-password', name: 'Alice' } });
      expect(created.status).toBe(201);
      alice = await api.login('alice@test.local', 'alice-password');
      expect((await api.call('GET', '/api/v1/modules/', { token: alice })).status).toBe(200);
      const denied = await api.call('POST', '/api/v1/modules/install/hello', { token: alice });
      expect([denied.status, denied.body.code]).toEqual([403, 'HUB_SUPERUSER_REQUIRED']);
      expect((await api.call('POST', '/api/v1/modules/hello/enable', { token: alice })).status).toBe(403);
      const users = await api.call('GET', '/api/v1/base/users', { token: alice });
      expect([users.status, users.body.code]).toEqual([403, 'HUB_PERMISSION_DENIED']);
    });

    it('a role with the permission lets her in', async () => {
      const role = await api.call('POST', '/api/v1/base/roles', { token: admin, body: { name: 'viewer', permissions: ['base.users.read'] } });
      expect(role.status).toBe(201);
      const aliceId = (await api.call('GET', '/api/v1/base/users?search=alice', { token: admin })).body.items[0].id;
      expect((await api.call('PUT', `/api/v1/base/users/${aliceId}/roles`, { token: admin, body: { roleIds: [role.body.id] } })).status).toBe(200);
      const users = await api.call('GET', '/api/v1/base/users', { token: alice });
      expect(users.status).toBe(200);
      expect(users.body.items.map((u: any) => u.email)).toEqual(expect.arrayContaining([ADMIN.email, 'alice@test.local']));
      expect((await api.call('POST', '/api/v1/base/users', { token: alice, body: { email: 'x@test.local' } })).status).toBe(403);
      expect((await api.call('GET', '/api/v1/auth/me', { token: alice })).body.user.permissions).toEqual(['base.users.read']);
    });

    it('module route input is validated: 400 with field errors', async () => {
      const r = await api.call('POST', '/api/v1/base/users', { token: admin, body: { email: 'not-an-email' } });
      expect(r.status).toBe(400);
      expect(r.body).toMatchObject({ code: 'HUB_REQUEST_INVALID', module: 'base' });
      expect(r.body.details.fields[0]).toMatchObject({ in: 'body', path: 'email' });
    });
  });

  describe('module lifecycle through the API', () => {
    it('shows an available module and its plan (changes nothing)', async () => {
      const info = await api.call('GET', '/api/v1/modules/hello', { token: admin });
      expect(info.body).toMatchObject({ name: 'hello', state: 'available', mounted: false, apiPrefix: '/api/v1/hello' });
      const plan = await api.call('GET', '/api/v1/modules/hello/plan?action=install', { token: admin });
      expect(plan.status).toBe(200);
      expect(plan.body).toMatchObject({ action: 'install', hash: expect.any(String), text: expect.any(String) });
      expect(plan.body.modules.map((m: any) => m.name)).toEqual(['hello']);
      expect((await api.call('GET', '/api/v1/hello/ping', { token: admin })).status).toBe(404);
    });

    it('filters the list', async () => {
      const all = await api.call('GET', '/api/v1/modules/', { token: admin });
      expect(all.body.items.map((m: any) => m.name)).toEqual(expect.arrayContaining(['base', 'hello', 'notes']));
      const installed = await api.call('GET', '/api/v1/modules/?installed_only=true', { token: admin });
      expect(installed.body.items.map((m: any) => m.name)).toEqual(['base']);
      const search = await api.call('GET', '/api/v1/modules/?search=override', { token: admin });
      expect(search.body.items.map((m: any) => m.name)).toEqual(['hello_ext']);
      expect((await api.call('GET', '/api/v1/modules/graph', { token: admin })).body.edges).toContainEqual({ from: 'hello_ext', to: 'hello' });
    });

    it('refuses a changed plan (409, naming both hashes) and a hash shorter than the printed one (400)', async () => {
      const plan = await api.call('GET', '/api/v1/modules/hello/plan?action=install', { token: admin });
      const r = await install('hello', '?plan_hash=0123456789ab');
      expect(r.status).toBe(409);
      expect(r.body.code).toBe('HUB_PLAN_CHANGED');
      expect(r.body.error).toContain('0123456789ab');
      expect(r.body.error).toContain(plan.body.hash);
      const short = await install('hello', `?plan_hash=${plan.body.hash.slice(0, 11)}`);
      expect([short.status, short.body.code]).toEqual([400, 'HUB_REQUEST_INVALID']);
      expect(short.body.details.fields[0]).toMatchObject({ in: 'query', path: 'plan_hash' });
      expect((await api.call('GET', '/api/v1/modules/hello', { token: admin })).body.state).toBe('available');
    });

    it('install with the hash the plan prints: the route answers in the same process, at once', async () => {
      const plan = await api.call('GET', '/api/v1/modules/hello/plan?action=install', { token: admin });
      const printed = /\(hash ([0-9a-f]+)\)/.exec(plan.body.text)![1];
      expect(printed).toHaveLength(12);
      const r = await install('hello', `?plan_hash=${printed}`);
      expect(r.status).toBe(200);
      expect(r.body.operation).toMatchObject({ action: 'install', status: 'succeeded', modules: ['hello'] });
      expect(r.body.operation.steps.length).toBeGreaterThan(0);
      expect((await api.call('GET', '/api/v1/hello/ping', { token: admin })).body).toEqual({ pong: true, module: 'hello' });
      expect((await api.call('GET', '/api/v1/hello/items')).status).toBe(401);
      expect((await api.call('POST', '/api/v1/hello/items', { token: admin, body: { name: 'first' } })).status).toBe(201);
      expect((await api.call('GET', '/api/v1/hello/items', { token: admin })).body.items).toEqual([{ id: 1, name: 'first' }]);
      expect((await api.call('POST', '/api/v1/hello/items', { token: admin, body: {} })).body).toMatchObject({ code: 'HUB_REQUEST_INVALID', module: 'hello' });
    });

    it('details: menus, admin bundle, permissions and request metrics', async () => {
      const r = await api.call('GET', '/api/v1/modules/hello', { token: admin });
      expect(r.body).toMatchObject({
        state: 'installed', enabled: true, mounted: true, tags: ['Hello'],
        menus: [{ name: 'Hello', path: '/hello' }], permissions: ['hello.read', 'hello.write'], admin: '/modules/hello/admin/index.js',
      });
      expect(r.body.metrics.requests).toBeGreaterThanOrEqual(5);
      expect(r.body.metrics.byStatus['401']).toBe(1);
      expect(r.body.metrics.p95Ms).toBeGreaterThan(0);
      const bundle = await api.call('GET', r.body.admin);
      expect(bundle.status).toBe(200);
      expect(bundle.headers.get('content-type')).toMatch(/javascript/);
      expect((await api.call('GET', '/modules/hello/admin/..%2Fpackage.json')).status).toBe(404);
      expect((await api.call('GET', '/modules/notes/admin/index.js')).status).toBe(404);
    });

    it('overrides answer first and fall through; disable and enable remount', async () => {
      expect((await install('hello_ext')).status).toBe(200);
      expect((await api.call('GET', '/api/v1/hello/ping', { token: admin })).body).toEqual({ pong: 'overridden' });
      expect((await api.call('GET', '/api/v1/hello/ping?plain=1', { token: admin })).body).toEqual({ pong: true, module: 'hello' });
      expect((await api.call('GET', '/api/v1/hello_ext/own', { token: admin })).body).toEqual({ own: true });
      expect((await api.call('POST', '/api/v1/modules/hello_ext/disable', { token: admin })).status).toBe(200);
      expect((await api.call('GET', '/api/v1/hello/ping', { token: admin })).body).toEqual({ pong: true, module: 'hello' });
      expect((await api.call('GET', '/api/v1/hello_ext/own', { token: admin })).status).toBe(404);
      expect((await api.call('POST', '/api/v1/modules/hello_ext/enable', { token: admin })).status).toBe(200);
      expect((await api.call('GET', '/api/v1/hello/ping', { token: admin })).body).toEqual({ pong: 'overridden' });
    });

    it('uninstall (options in the JSON body): the routes answer 404, same process', async () => {
      const refused = await api.call('POST', '/api/v1/modules/uninstall/hello', { token: admin, body: { drop_tables: true } });
      expect(refused.status).toBeGreaterThanOrEqual(400); // hello_ext depends on it
      const r = await api.call('POST', '/api/v1/modules/uninstall/hello', { token: admin, body: { drop_tables: true, cascade: true } });
      expect(r.status).toBe(200);
      expect((await api.call('GET', '/api/v1/hello/ping', { token: admin })).status).toBe(404);
      expect((await api.call('GET', '/api/v1/hello_ext/own', { token: admin })).status).toBe(404);
      expect((await api.call('GET', '/api/v1/modules/hello', { token: admin })).body).toMatchObject({ state: 'uninstalled', mounted: false });
    });

    it('async=true answers 202 with the operation id; the operation and its events tell the rest', async () => {
      const r = await install('hello', '?async=true');
      expect(r.status).toBe(202);
      const id = r.body.operationId;
      expect(r.headers.get('location')).toBe(`/api/v1/operations/${id}`);
      await waitFor(async () => (await api.call('GET', `/api/v1/operations/${id}`, { token: admin })).body.status !== 'running', 20_000);
      const op = await api.call('GET', `/api/v1/operations/${id}`, { token: admin });
      expect(op.body).toMatchObject({ id, status: 'succeeded', action: 'install', actor: ADMIN.email });
      expect((await api.call('GET', '/api/v1/hello/ping', { token: admin })).status).toBe(200);
      // Server-sent events, token in the query (EventSource cannot send headers): replay and close.
      const events = await fetch(`${api.url}/api/v1/operations/${id}/events?access_token=${admin}`);
      expect(events.headers.get('content-type')).toMatch(/text\/event-stream/);
      const text = await events.text();
      expect(text).toMatch(/event: step\ndata: .*"phase":"start"/);
      expect(text.trim().split('\n\n').at(-1)).toMatch(/^id: \d+\nevent: done\ndata: .*"status":"succeeded"/);
      expect((await fetch(`${api.url}/api/v1/operations/${id}/events`)).status).toBe(401);
      expect((await api.call('GET', '/api/v1/operations/nope', { token: admin })).status).toBe(404);
      const list = await api.call('GET', '/api/v1/operations/', { token: admin });
      expect(list.body.items[0].id).toBe(id);
    });

    it('streams live steps of a running operation', async () => {
      const r = await api.call('POST', '/api/v1/modules/uninstall/hello?async=1', { token: admin, body: { drop_tables: true } });
      const text = await (await fetch(`${api.url}/api/v1/operations/${r.body.operationId}/events`, { headers: { authorization: `Bearer ${admin}` } })).text();
      expect(text).toContain('event: done');
      expect((await api.call('GET', '/api/v1/hello/ping', { token: admin })).status).toBe(404);
    });

    it('validate reports a prefix on the host paths, and install refuses it', async () => {
      const v = await api.call('POST', '/api/v1/modules/validate/clash', { token: admin });
      expect(v.status).toBe(200);
      expect(v.body.valid).toBe(false);
      expect(v.body.errors).toContainEqual(expect.objectContaining({ category: 'route', severity: 'error', message: expect.stringContaining('/api/v1/modules') }));
      expect((await api.call('POST', '/api/v1/modules/validate/hello', { token: admin })).body).toMatchObject({ valid: true, errors: [] });
      const r = await install('clash');
      expect([r.status, r.body.code]).toEqual([409, 'HUB_ROUTE_CONFLICT']);
      expect((await api.call('GET', '/api/v1/modules/clash', { token: admin })).body.state).toBe('available');
    });

    it('audit log records operations', async () => {
      const r = await api.call('GET', '/api/v1/audit?limit=50', { token: admin });
      expect(r.status).toBe(200);
      expect(r.body.items.some((a: any) => a.action === 'install' && a.module === 'hello' && a.ok)).toBe(true);
      expect((await api.call('GET', '/api/v1/audit')).status).toBe(401);
    });
  });

  describe('schema and backups', () => {
    it('status, backup, list, download (tar.gz and one table), restore, migrations', async () => {
      expect((await install('hello')).status).toBe(200);
      await api.call('POST', '/api/v1/hello/items', { token: admin, body: { name: 'kept' } });
      const status = await api.call('GET', '/api/v1/modules/schema/hello/status', { token: admin });
      expect(status.body).toMatchObject({ module: 'hello', installed: true, upToDate: true });
      const migrations = await api.call('GET', '/api/v1/modules/schema/hello/migrations', { token: admin });
      expect(migrations.body.items.length).toBeGreaterThan(0);
      const sync = await api.call('POST', '/api/v1/modules/schema/hello/sync', { token: admin });
      expect(sync.status).toBe(200);
      const backup = await api.call('POST', '/api/v1/modules/schema/hello/backup', { token: admin });
      expect(backup.status).toBe(200);
      const made = backup.body.operation.result.backups[0];
      const list = await api.call('GET', '/api/v1/modules/schema/hello/backups', { token: admin });
      const b = list.body.items.find((x: any) => x.id === made.id);
      expect(b).toMatchObject({ module: 'hello', id: expect.any(String) });
      const tgz = await fetch(`${api.url}/api/v1/modules/schema/hello/backups/${b.id}/download`, { headers: { authorization: `Bearer ${admin}` } });
      expect(tgz.status).toBe(200);
      const bytes = new Uint8Array(await tgz.arrayBuffer());
      expect([bytes[0], bytes[1]]).toEqual([0x1f, 0x8b]);
      const one = await fetch(`${api.url}/api/v1/modules/schema/hello/backups/${b.id}/download?table=${encodeURIComponent(b.tables[0].table)}`, { headers: { authorization: `Bearer ${admin}` } });
      expect(one.status).toBe(200);
      expect(one.headers.get('content-type')).toContain('application/x-ndjson');
      const lines = (await one.text()).trim().split('\n').map((l) => JSON.parse(l));
      expect(lines.map((l) => l.name)).toContain('kept');
      expect((await api.call('GET', `/api/v1/modules/schema/hello/backups/nope/download`, { token: admin })).status).toBe(404);
      await api.call('POST', '/api/v1/hello/items', { token: admin, body: { name: 'after backup' } });
      const restore = await api.call('POST', `/api/v1/modules/schema/hello/backups/${b.id}/restore`, { token: admin });
      expect(restore.status).toBe(200);
      const items = (await api.call('GET', '/api/v1/hello/items', { token: admin })).body.items.map((i: any) => i.name);
      expect(items).toContain('kept');
      expect(items).not.toContain('after backup');
    });
  });

  describe('isolation', () => {
    it('a throwing handler answers JSON 500 naming the module, without internals; others keep answering', async () => {
      expect((await install('throws')).status).toBe(200);
      for (const path of ['/api/v1/throws/boom', '/api/v1/throws/async-boom']) {
        const r = await api.call('GET', path, { token: admin });
        expect(r.status).toBe(500);
        expect(r.body).toMatchObject({ module: 'throws', code: 'HUB_MODULE_ERROR', error: expect.stringContaining('throws') });
        expect(JSON.stringify(r.body)).not.toMatch(/hunter2|secret|stack/);
      }
      expect((await api.call('GET', '/api/v1/throws/ok', { token: admin })).status).toBe(200);
      expect((await api.call('GET', '/api/v1/hello/ping', { token: admin })).status).toBe(200);
      expect((await api.call('GET', '/api/v1/modules/throws', { token: admin })).body.metrics).toMatchObject({ errors: 2 });
    });

    it('a module whose import fails is skipped, its error shown; the others keep answering', async () => {
      expect((await install('broken')).status).toBe(200);
      expect((await api.call('GET', '/api/v1/broken/ok', { token: admin })).status).toBe(200);
      const pkgPath = join(addons.dir, 'broken', 'package.json');
      const pkg = JSON.parse(readFileSync(pkgPath, 'utf8'));
      writeFileSync(pkgPath, JSON.stringify({ ...pkg, main: 'broken.js' }));
      await server.refresh(['broken']);
      expect((await api.call('GET', '/api/v1/broken/ok', { token: admin })).status).toBe(404);
      const info = await api.call('GET', '/api/v1/modules/broken', { token: admin });
      expect(info.body).toMatchObject({ state: 'installed', mounted: false, loadError: { code: 'HUB_MODULE_LOAD_FAILED', message: expect.stringContaining('cannot be imported') } });
      expect((await api.call('GET', '/api/v1/throws/ok', { token: admin })).status).toBe(200);
      expect((await api.call('GET', '/api/v1/hello/ping', { token: admin })).status).toBe(200);
      expect((await api.call('GET', '/api/v1/modules/', { token: admin })).body.items.find((m: any) => m.name === 'broken').loadError).toBeTruthy();
    });
  });

  describe('host switches', () => {
    it('READ_ONLY: reads answer, changes are refused with 403', async () => {
      expect((await install('notes')).status).toBe(200);
      expect((await api.call('GET', '/api/v1/notes/items', { token: admin })).body).toEqual({ items: [] });
      const r = await api.call('POST', '/api/v1/notes/items', { token: admin, body: { name: 'x' } });
      expect([r.status, r.body.code, r.body.module]).toEqual([403, 'HUB_MODULE_READ_ONLY', 'notes']);
      expect((await api.call('GET', '/api/v1/modules/notes', { token: admin })).body).toMatchObject({ readOnly: true, dryRun: false });
    });

    it('DRY_RUN: changes are logged and answered, nothing written', async () => {
      expect((await install('drafts')).status).toBe(200);
      const r = await api.call('POST', '/api/v1/drafts/items?x=1', { token: admin, body: { name: 'draft' } });
      expect(r.status).toBe(200);
      expect(r.body).toEqual({ dryRun: true, module: 'drafts', method: 'POST', path: '/api/v1/drafts/items?x=1', body: { name: 'draft' } });
      expect((await api.call('GET', '/api/v1/drafts/items', { token: admin })).body).toEqual({ items: [] });
      expect((await api.call('POST', '/api/v1/drafts/items', { body: { name: 'anon' } })).status).toBe(401);
    });
  });

  describe('docs, metrics, admin, errors', () => {
    it('OpenAPI 3.1: manager, auth and module routes grouped by tag, bearer security', async () => {
      const r = await api.call('GET', '/api/openapi.json');
      expect(r.status).toBe(200);
      const doc = r.body;
      expect(doc.openapi).toBe('3.1.0');
      expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining([
        '/api/v1/auth/login', '/api/v1/modules/install/{name}', '/api/v1/modules/{name}/plan', '/api/v1/operations/{id}/events',
        '/api/v1/base/users', '/api/v1/base/users/{id}', '/api/v1/hello/items',
      ]));
      expect(doc.paths['/api/v1/hello/items'].post).toMatchObject({ tags: ['Hello'], 'x-hub-module': 'hello', security: [{ bearerAuth: [] }] });
      expect(doc.paths['/api/v1/auth/login'].post.security).toEqual([]);
      expect(doc.tags.map((t: any) => t.name)).toEqual(expect.arrayContaining(['Auth', 'Modules', 'Base', 'Hello']));
      expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
      const ui = await fetch(`${api.url}/api/docs/`);
      expect(ui.status).toBe(200);
      expect(await ui.text()).toContain('swagger');
    });

    it('/metrics: Prometheus text with per-module series', async () => {
      const r = await fetch(`${api.url}/metrics`);
      expect(r.status).toBe(200);
      const text = await r.text();
      expect(text).toMatch(/hub_module_requests_total\{module="hello",method="GET",status="200"\} \d+/);
      expect(text).toContain('hub_module_request_errors_total{module="throws"} 2');
      expect(text).toContain('hub_module_request_duration_seconds_bucket{le="+Inf",module="base"}');
      expect((await fetch(`${api.url}/metrics`, { headers: { 'x-forwarded-for': '10.0.0.1' } })).status).toBe(401);
    });

    it('admin page, 404, body limits, security headers', async () => {
      const page = await fetch(`${api.url}/admin/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('not built');
      const nf = await api.call('GET', '/api/v1/nothing-here');
      expect([nf.status, nf.body.code]).toEqual([404, 'HUB_NOT_FOUND']);
      const big = await api.call('POST', '/api/v1/auth/login', { body: { email: 'x', password: 'y'.repeat(1_100_000) } });
      expect([big.status, big.body.code]).toEqual([413, 'HUB_BODY_TOO_LARGE']);
      const bad = await fetch(`${api.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{nope' });
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { code: string }).code).toBe('HUB_BODY_INVALID_JSON');
      expect(nf.headers.get('x-content-type-options')).toBe('nosniff');
      expect(nf.headers.get('x-request-id')).toBeTruthy();
      expect(nf.headers.get('x-powered-by')).toBeNull();
    });
  });

  // listen() serves module requests past the host's router, with its own request classes; the app
  // alone (server.app) and the handler in anybody's HTTP server must answer exactly the same.
  describe('the same answers from server.app and server.handler in a plain HTTP server', () => {
    const cases: [string, string, Record<string, unknown>?][] = [
      ['GET', '/api/v1/hello/ping'],
      ['GET', '/api/v1/hello/items?limit=5'],
      ['POST', '/api/v1/hello/items', { name: 'same' }],
      ['POST', '/api/v1/hello/items', {}],
      ['GET', '/api/v1/hello/no-such-route'],
      ['GET', '/api/v1/throws/boom'],
      ['GET', '/api/v1/throws/async-boom'],
      ['POST', '/api/v1/notes/items', { name: 'x' }],
      ['POST', '/api/v1/drafts/items?x=1', { name: 'draft' }],
      ['GET', '/api/v1/modules/hello'],
      ['GET', '/api/v1/nothing-here'],
    ];
    const answer = async (url: string, [method, path, body]: (typeof cases)[number], token?: string) => {
      const r = await fetch(url + path, {
        method, headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
      const json = (await r.json()) as Record<string, unknown>;
      delete json.requestId;
      if (Array.isArray((json as { items?: unknown }).items)) delete json.items;
      if (typeof json.id === 'number') delete json.id;
      const headers = ['content-type', 'x-content-type-options', 'x-frame-options', 'content-security-policy', 'x-powered-by'].map((h) => r.headers.get(h));
      return { status: r.status, json, headers, requestId: r.headers.get('x-request-id') };
    };
    const serve = async (listener: (req: IncomingMessage, res: ServerResponse) => void) => {
      const plain = createHttpServer(listener);
      await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
      return { url: `http://127.0.0.1:${(plain.address() as AddressInfo).port}`, close: () => new Promise((r) => { plain.close(r); plain.closeAllConnections(); }) };
    };

    it.each(['app', 'handler'] as const)('server.%s', async (which) => {
      const other = await serve(server[which] as (req: IncomingMessage, res: ServerResponse) => void);
      try {
        for (const c of cases) {
          for (const token of [undefined, admin]) {
            const expected = await answer(api.url, c, token);
            const got = await answer(other.url, c, token);
            expect({ ...got, requestId: undefined }, `${which} ${c[0]} ${c[1]} ${token ? 'with' : 'without'} a token`).toEqual({ ...expected, requestId: undefined });
            expect(got.requestId).toBeTruthy();
          }
        }
      } finally {
        await other.close();
      }
    });
  });
});
