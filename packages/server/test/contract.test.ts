// The wire contract, end to end: every host route of @hub/api's table is called on a real server
// (PGlite and PostgreSQL) through the @hub/api client, once answering and once refusing, and each
// answer, success and error, is checked against the contract: the route's status and answer
// schema with no undocumented member, or the host's error answer with a code from ERROR_CODES.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '@hub/tooling/test-databases';
import type { Hub } from '@hub/core';
import {
  answerProblems, createHubClient, fullPath, hostRoutes, HubApiError, readEvents,
  type AnswerOf, type HubClient, type RouteName, type ServerEvent,
} from '@hub/api';
import type { HubServer } from '../src/index.js';
import { ADMIN, fixtureAddons, openHub, startServer } from './helpers.js';

const made: string[] = [];
afterAll(() => { for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true }); });

/** A module package made into a .tgz by the real `npm pack`. */
function packModule(name: string, version: string): Blob {
  const dir = mkdtempSync(join(tmpdir(), `hub-contract-pack-${name}-`));
  made.push(dir);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({
    name: `@hub/module-${name}`, version, type: 'module', main: 'index.js', license: 'MIT',
    hub: { module: name }, peerDependencies: { '@hub/kit': '^0.1.0' },
  }));
  writeFileSync(join(dir, 'index.js'), `import { defineModule } from '@hub/kit';\nexport default defineModule({ name: '${name}' });\n`);
  const file = execFileSync('npm', ['pack', '--silent', '--pack-destination', dir], { cwd: dir, encoding: 'utf8' }).trim().split('\n').pop()!;
  return new Blob([readFileSync(join(dir, file))]);
}

type Outcome = 'answered' | 'refused';

describe.each(testDatabases())('wire contract on $kind', (db) => {
  let target: Awaited<ReturnType<typeof db.create>>;
  let hub: Hub;
  let server: HubServer;
  let url: string;
  const addons = fixtureAddons();
  const covered = new Map<RouteName, Set<Outcome>>();
  /** The last answer the server sent, as it came over the wire. */
  let last: { status: number; body: unknown } = { status: 0, body: undefined };

  const recordingFetch: typeof fetch = async (input, init) => {
    const res = await fetch(input, init);
    const text = await res.clone().text();
    let body: unknown = text === '' ? undefined : text;
    try { body = text ? JSON.parse(text) : undefined; } catch { /* a file or an event stream */ }
    last = { status: res.status, body };
    return res;
  };
  const as = (token?: string): HubClient => createHubClient({ baseUrl: url, token: () => token, fetch: recordingFetch });

  function checkLast(name: RouteName, outcome: Outcome): void {
    // Soft: one run lists every route whose answer leaves the contract.
    expect.soft(answerProblems(hostRoutes[name], last.status, last.body), `${name} (${outcome})`).toEqual([]);
    if (!covered.has(name)) covered.set(name, new Set());
    covered.get(name)!.add(outcome);
  }

  /** Calls a route that must answer; checks the answer on the wire against the contract. */
  async function answered<N extends RouteName>(client: HubClient, name: N, input?: object): Promise<AnswerOf<N>> {
    const answer = await (client.call as unknown as (n: N, i?: object) => Promise<AnswerOf<N>>)(name, input);
    checkLast(name, 'answered');
    return answer;
  }

  /** Calls a route that must refuse with this status and code; checks the error answer against the contract. */
  async function refused<N extends RouteName>(client: HubClient, name: N, input: object | undefined, status: number, code: string): Promise<HubApiError> {
    const error = await (client.call as unknown as (n: N, i?: object) => Promise<unknown>)(name, input).then(() => undefined, (e: unknown) => e);
    expect(HubApiError.is(error), `${name} must be refused`).toBe(true);
    expect({ status: (error as HubApiError).status, code: (error as HubApiError).code }, `${name}: ${(error as Error).message}`).toEqual({ status, code });
    checkLast(name, 'refused');
    return error as HubApiError;
  }

  /** Waits for an operation started with async=true, then checks GET /operations/{id} on the way. */
  async function settled(admin: HubClient, operationId: string): Promise<AnswerOf<'getOperation'>> {
    for (;;) {
      const op = await answered(admin, 'getOperation', { params: { id: operationId } });
      if (op.status !== 'running') return op;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  beforeAll(async () => {
    target = await db.create();
    hub = await openHub(target, addons.dir);
    ({ server } = await startServer(hub));
    url = server.url!;
  });
  afterAll(async () => {
    await server?.close();
    await hub?.close().catch(() => undefined);
    await target?.drop();
    addons.rm();
  });

  it('every host route answers and refuses within the contract', async () => {
    const anonymous = as();
    expect(await answered(anonymous, 'health')).toMatchObject({ status: 'ok', database: { kind: db.kind, ok: true } });

    // Auth
    await refused(anonymous, 'login', { body: { email: ADMIN.email, password: 'wrong-password' } }, 401, 'HUB_LOGIN_FAILED');
    const invalid = await refused(anonymous, 'login', { body: { email: '', password: 'x' } }, 400, 'HUB_REQUEST_INVALID');
    expect(invalid.details).toMatchObject({ fields: [{ in: 'body', path: 'email' }] });
    const login = await answered(anonymous, 'login', { body: { email: ADMIN.email, password: ADMIN.password } });
    expect(login.user).toMatchObject({ email: ADMIN.email, isSuperuser: true });
    const admin = as(login.token);
    expect((await answered(admin, 'me')).user.email).toBe(ADMIN.email);
    await refused(anonymous, 'me', undefined, 401, 'HUB_AUTH_REQUIRED');
    const created = await answered(admin, 'createToken', { body: { name: 'contract', expiresInDays: 1 } });
    expect(created.info).toMatchObject({ name: 'contract', kind: 'personal' });
    await refused(admin, 'createToken', { body: { name: '' } }, 400, 'HUB_REQUEST_INVALID');
    expect((await answered(admin, 'listTokens')).items.map((t) => t.name)).toContain('contract');
    await refused(admin, 'listTokens', { query: { include_revoked: 'maybe' } }, 400, 'HUB_REQUEST_INVALID');
    expect(await answered(admin, 'revokeToken', { params: { id: created.info.id } })).toBeUndefined();
    await refused(admin, 'revokeToken', { params: { id: created.info.id } }, 404, 'HUB_TOKEN_NOT_FOUND');

    // Modules: reads
    expect((await answered(admin, 'listModules')).items.map((m) => m.name)).toEqual(expect.arrayContaining(['base', 'hello']));
    await refused(anonymous, 'listModules', undefined, 401, 'HUB_AUTH_REQUIRED');
    expect((await answered(admin, 'graph')).order).toContain('base');
    await refused(anonymous, 'graph', undefined, 401, 'HUB_AUTH_REQUIRED');
    expect(await answered(admin, 'getModule', { params: { name: 'hello' } })).toMatchObject({ name: 'hello', state: 'available', mounted: false });
    await refused(admin, 'getModule', { params: { name: 'nope' } }, 404, 'HUB_MODULE_NOT_FOUND');
    expect((await answered(admin, 'validate', { params: { name: 'hello' } })).valid).toBe(true);
    await refused(admin, 'validate', { params: { name: 'nope' } }, 404, 'HUB_MODULE_NOT_FOUND');
    const plan = await answered(admin, 'plan', { params: { name: 'hello' }, query: { action: 'install' } });
    await refused(admin, 'plan', { params: { name: 'hello' }, query: { action: 'explode' } }, 400, 'HUB_REQUEST_INVALID');

    // Install with the hash the plan prints; a hash of another plan is refused and names both.
    const changed = await refused(admin, 'install', { params: { name: 'hello' }, body: { plan_hash: '0123456789abcdef' } }, 409, 'HUB_PLAN_CHANGED');
    expect(changed.message).toContain(plan.hash);
    const printed = /\(hash ([0-9a-f]{12})\)/.exec(plan.text)![1];
    const install = await answered(admin, 'install', { params: { name: 'hello' }, body: { plan_hash: printed } });
    expect('operation' in install && install.operation.status).toBe('succeeded');

    // Schema
    expect(await answered(admin, 'schemaStatus', { params: { name: 'hello' } })).toMatchObject({ module: 'hello', installed: true, upToDate: true });
    await refused(admin, 'schemaStatus', { params: { name: 'nope' } }, 404, 'HUB_MODULE_NOT_FOUND');
    expect((await answered(admin, 'migrations', { params: { name: 'hello' } })).items.length).toBeGreaterThan(0);
    await refused(admin, 'migrations', { params: { name: 'Not-a-name' } }, 400, 'HUB_REQUEST_INVALID');
    const sync = await answered(admin, 'sync', { params: { name: 'hello' }, body: { async: true } });
    expect(last.status).toBe(202);
    expect('status' in sync && sync.status).toBe('running');
    expect((await settled(admin, sync.operationId)).status).toBe('succeeded');
    await refused(admin, 'sync', { params: { name: 'notes' } }, 409, 'HUB_NOT_INSTALLED');

    // Operations: the finished sync, its events, and one that does not exist.
    expect((await answered(admin, 'listOperations')).items.map((o) => o.id)).toContain(sync.operationId);
    await refused(anonymous, 'listOperations', undefined, 401, 'HUB_AUTH_REQUIRED');
    await refused(admin, 'getOperation', { params: { id: 'nope' } }, 404, 'HUB_OPERATION_NOT_FOUND');
    const events: ServerEvent[] = [];
    await readEvents(await admin.raw('operationEvents', { params: { id: sync.operationId } }), (e) => events.push(e));
    checkLast('operationEvents', 'answered');
    expect(events.at(-1)).toMatchObject({ event: 'done', data: { id: sync.operationId, status: 'succeeded' } });
    expect(events.filter((e) => e.event === 'step').length).toBeGreaterThan(0);
    const missingEvents = await admin.raw('operationEvents', { params: { id: 'nope' } }).then(() => undefined, (e: HubApiError) => e);
    expect(missingEvents).toMatchObject({ status: 404, code: 'HUB_OPERATION_NOT_FOUND' });
    checkLast('operationEvents', 'refused');

    // Backups
    const backup = await answered(admin, 'backup', { params: { name: 'hello' } });
    const backupId = 'operation' in backup ? backup.operation.result!.backups[0].id : '';
    expect(backupId).not.toBe('');
    await refused(admin, 'backup', { params: { name: 'nope' } }, 404, 'HUB_MODULE_NOT_FOUND');
    expect((await answered(admin, 'backups', { params: { name: 'hello' } })).items.map((b) => b.id)).toContain(backupId);
    await refused(admin, 'backups', { params: { name: 'Not-a-name' } }, 400, 'HUB_REQUEST_INVALID');
    const download = await admin.raw('downloadBackup', { params: { name: 'hello', id: backupId } });
    expect(download.headers.get('content-type')).toBe('application/gzip');
    await download.arrayBuffer();
    checkLast('downloadBackup', 'answered');
    const noBackup = await admin.raw('downloadBackup', { params: { name: 'hello', id: 'nope' } }).then(() => undefined, (e: HubApiError) => e);
    expect(noBackup).toMatchObject({ status: 404, code: 'HUB_BACKUP_NOT_FOUND' });
    checkLast('downloadBackup', 'refused');
    await answered(admin, 'restoreBackup', { params: { name: 'hello', id: backupId } });
    await refused(admin, 'restoreBackup', { params: { name: 'hello', id: 'nope' } }, 404, 'HUB_BACKUP_NOT_FOUND');

    // Backups across modules: the list with who and why, the plan of a restore, deleting one.
    const listed = (await answered(admin, 'allBackups', { query: { module: 'hello' } })).items.find((b) => b.id === backupId);
    expect(listed).toMatchObject({ module: 'hello', why: 'manual', actor: ADMIN.email, links: { plan: `/api/v1/backups/hello/${backupId}/plan` } });
    await refused(admin, 'allBackups', { query: { module: 'Not-a-name' } }, 400, 'HUB_REQUEST_INVALID');
    expect(await answered(admin, 'restorePlan', { params: { module: 'hello', id: backupId } })).toMatchObject({ action: 'restore', modules: [{ name: 'hello' }] });
    await refused(admin, 'restorePlan', { params: { module: 'hello', id: 'nope' } }, 404, 'HUB_BACKUP_NOT_FOUND');
    expect(await answered(admin, 'deleteBackup', { params: { module: 'hello', id: backupId } })).toBeUndefined();
    expect((await answered(admin, 'allBackups')).items.map((b) => b.id)).not.toContain(backupId);
    await refused(admin, 'deleteBackup', { params: { module: 'hello', id: backupId } }, 404, 'HUB_BACKUP_NOT_FOUND');

    // Settings: each installed module's resolved config, for superusers.
    expect((await answered(admin, 'settings')).items.find((m) => m.module === 'hello')).toMatchObject({ readOnly: false, dryRun: false, configError: null });
    await refused(anonymous, 'settings', undefined, 401, 'HUB_AUTH_REQUIRED');

    // Enable, disable
    await answered(admin, 'disable', { params: { name: 'hello' } });
    expect((await answered(admin, 'getModule', { params: { name: 'hello' } })).enabled).toBe(false);
    await refused(admin, 'disable', { params: { name: 'notes' } }, 409, 'HUB_NOT_INSTALLED');
    await answered(admin, 'enable', { params: { name: 'hello' } });
    await refused(admin, 'enable', { params: { name: 'notes' } }, 409, 'HUB_NOT_INSTALLED');

    // Upload, upgrade, rollback, uninstall: an uploaded module, then a newer version of it.
    const uploaded = await admin.upload(packModule('packed', '1.0.0'), 'packed-1.0.0.tgz');
    checkLast('upload', 'answered');
    expect(uploaded.module).toMatchObject({ name: 'packed', version: '1.0.0', replaced: false });
    const notMultipart = await admin.raw('upload', {}).then(() => undefined, (e: HubApiError) => e);
    expect(notMultipart).toMatchObject({ status: 400, code: 'HUB_UPLOAD_INVALID' });
    checkLast('upload', 'refused');
    await answered(admin, 'install', { params: { name: 'packed' } });
    await refused(admin, 'upgrade', { params: { name: 'notes' } }, 409, 'HUB_NOT_INSTALLED');
    await admin.upload(packModule('packed', '1.1.0'), 'packed-1.1.0.tgz', { replace: 'true' });
    expect((await answered(admin, 'getModule', { params: { name: 'packed' } })).upgradable).toBe(true);
    await answered(admin, 'upgrade', { params: { name: 'packed' } });
    expect((await answered(admin, 'getModule', { params: { name: 'packed' } })).installedVersion).toBe('1.1.0');
    await answered(admin, 'rollback', { params: { name: 'packed' } });
    await refused(admin, 'rollback', { params: { name: 'notes' } }, 409, 'HUB_NOT_INSTALLED');
    await refused(admin, 'uninstall', { params: { name: 'base' } }, 409, 'HUB_BASE_REQUIRED');
    await answered(admin, 'uninstall', { params: { name: 'packed' } });
    expect((await answered(admin, 'getModule', { params: { name: 'packed' } })).state).not.toBe('installed');

    // Audit
    const audit = await answered(admin, 'audit', { query: { limit: 5 } });
    expect(audit.items.length).toBe(5);
    expect(audit.items.every((e) => typeof e.at === 'string')).toBe(true);
    await refused(admin, 'audit', { query: { limit: 0 } }, 400, 'HUB_REQUEST_INVALID');

    // Logout: no token is refused; a session is revoked.
    await refused(anonymous, 'logout', undefined, 401, 'HUB_AUTH_REQUIRED');
    const session = as((await answered(anonymous, 'login', { body: { email: ADMIN.email, password: ADMIN.password } })).token);
    expect(await answered(session, 'logout')).toBeUndefined();
    await refused(session, 'me', undefined, 401, 'HUB_TOKEN_REVOKED');

    // Health when the database is gone: 503 with the same shape.
    await hub.close();
    expect(await answered(anonymous, 'health')).toMatchObject({ status: 'degraded', database: { ok: false } });
    expect(last.status).toBe(503);
    covered.get('health')!.add('refused');

    // Every host route the server documents is in the table (module routes carry x-hub-module).
    const doc = await (await fetch(`${url}/api/openapi.json`)).json() as { paths: Record<string, Record<string, { 'x-hub-module'?: string }>> };
    const described = new Set(Object.values(hostRoutes).map((r) => `${r.method} ${fullPath(r).replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`));
    const served = Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).filter(([, op]) => !op['x-hub-module']).map(([method]) => `${method} ${path}`));
    expect(served.filter((r) => !described.has(r)), 'host routes without a schema in @hub/api').toEqual([]);

    // Every route of the table was called, answering and refusing.
    const missing = Object.keys(hostRoutes).flatMap((name) => (['answered', 'refused'] as const)
      .filter((o) => !covered.get(name as RouteName)?.has(o)).map((o) => `${name} (${o})`));
    expect(missing).toEqual([]);
  });
});
