// Where the CLI runs while a server is up (README "Where it runs"):
// - embedded database held by `hub serve`: the CLI refuses without a token, goes through the
//   server's API with HUB_TOKEN, and works on the data folder again once the server stopped;
// - PostgreSQL: the CLI works on the database directly and the running server picks it up.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '@hub/tooling/test-databases';
import { moduleRows, targetEnv, withDb, type Target } from './db.js';
import { bin, cleanEnv, expectExit, expectOneLineError, fixtures, hub, tempHost } from './helpers.js';

const ADMIN = { HUB_ADMIN_EMAIL: 'admin@example.com', HUB_ADMIN_PASSWORD: 'secret-pass-1' };

async function startServe(hostDir: string, env: Record<string, string>): Promise<{ child: ChildProcess; url: string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [bin, 'serve', '--port', '0', '--dir', hostDir], { env: cleanEnv({ ...env, HUB_LOG_LEVEL: 'warn' }), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => { out += d; });
  child.stderr!.on('data', (d) => { out += d; });
  const started = Date.now();
  let url: string | undefined;
  while (!url) {
    const m = /Hub is running at (http:\/\/\S+)/.exec(out);
    if (m) url = m[1];
    if (child.exitCode !== null) throw new Error(`hub serve exited: ${out}`);
    if (Date.now() - started > 90_000) throw new Error(`hub serve did not start: ${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
  };
  return { child, url, stop };
}

async function waitFor(fn: () => Promise<boolean>, ms = 5000): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) { if (await fn()) return true; await new Promise((r) => setTimeout(r, 100)); }
  return false;
}

describe('embedded database held by hub serve', () => {
  const { create } = testDatabases().find((d) => d.kind === 'pglite')!;
  let target: Target;
  let host: { dir: string; rm: () => void };
  let env: Record<string, string>;
  let server: Awaited<ReturnType<typeof startServe>>;
  let token: string;
  const run = (args: string[], extra: Record<string, string> = {}) => hub([...args, '--dir', host.dir], { env: { ...env, ...extra } });

  beforeAll(async () => {
    target = await create();
    host = tempHost({ base: true });
    env = { ...targetEnv(target, host.dir), ADDONS_PATHS: fixtures('v1') };
    server = await startServe(host.dir, { ...env, ...ADMIN });
  });
  afterAll(async () => {
    await server?.stop();
    await target?.drop();
    host?.rm();
  });

  it('the server writes server.json and holds data.lock', () => {
    const info = JSON.parse(readFileSync(join(target.dataDir!, 'server.json'), 'utf8'));
    expect(info).toMatchObject({ pid: server.child.pid, url: server.url });
    expect(readFileSync(join(target.dataDir!, 'data.lock'), 'utf8').trim()).toBe(String(server.child.pid));
  });

  it('without a token the CLI refuses with one line saying what to do', async () => {
    const r = await run(['module', 'list']);
    expectExit(r, 1);
    expectOneLineError(r, 'HUB_SERVER_TOKEN_REQUIRED');
    expect(r.stderr).toMatch(/HUB_TOKEN.*stop the server.*DATABASE_URL/);
  });

  it('token create logs in with HUB_ADMIN_EMAIL/HUB_ADMIN_PASSWORD; a wrong password fails', async () => {
    const bad = await run(['token', 'create', '--email', ADMIN.HUB_ADMIN_EMAIL, '--password', 'wrong-password']);
    expectExit(bad, 1);
    expectOneLineError(bad, 'HUB_LOGIN_FAILED');
    const r = await run(['token', 'create', '--json'], ADMIN);
    expectExit(r, 0);
    token = r.json().token;
    expect(token).toMatch(/^hub_/);
  });

  it('without a token but with HUB_ADMIN_EMAIL/HUB_ADMIN_PASSWORD it logs in to the server', async () => {
    const r = await run(['module', 'list', '--installed', '--json'], ADMIN);
    expectExit(r, 0);
    expect(r.json().map((m: { name: string }) => m.name)).toEqual(['base']);
  });

  it('with HUB_TOKEN it goes through the server: install, the route answers at once', async () => {
    const list = await run(['module', 'list', '--json'], { HUB_TOKEN: token });
    expectExit(list, 0);
    expect(list.json().find((m: { name: string }) => m.name === 'base')).toMatchObject({ state: 'installed' });
    const plan = await run(['module', 'plan', 'install', 'notes', '--json'], { HUB_TOKEN: token });
    expect(plan.json().modules.map((m: { name: string }) => m.name)).toEqual(['notes']);
    const r = await run(['module', 'install', 'notes', '--json'], { HUB_TOKEN: token });
    expectExit(r, 0);
    expect(r.json().action).toBe('install');
    const res = await fetch(`${server.url}/api/v1/notes/all`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect((await res.json()).map((n: { title: string }) => n.title)).toEqual(['first', 'second']);
    const user = await run(['user', 'create', '--email', 'clerk@example.com', '--password', 'secret-pass-2', '--json'], { HUB_TOKEN: token });
    expectExit(user, 0);
    expect(user.json()).toMatchObject({ email: 'clerk@example.com', isSuperuser: false });
  });

  it("through the server, reads, a backup and refusals come from the server's answers (checked against @hub/api)", async () => {
    const as = (args: string[]) => run([...args, '--json'], { HUB_TOKEN: token });
    const info = await as(['module', 'info', 'notes']);
    expectExit(info, 0);
    expect(info.json()).toMatchObject({ name: 'notes', state: 'installed', mounted: true, apiPrefix: '/api/v1/notes' });
    expect((await as(['module', 'validate', 'notes'])).json()).toMatchObject({ valid: true, errors: [] });
    expect((await as(['module', 'graph'])).json().order).toEqual(expect.arrayContaining(['base', 'notes']));
    expect((await as(['module', 'check-schema', 'notes'])).json()).toMatchObject({ module: 'notes', installed: true, upToDate: true });
    expect((await as(['module', 'show-migrations', 'notes'])).json().map((m: { module: string }) => m.module)).toContain('notes');
    const backup = await as(['module', 'backup', 'notes']);
    expectExit(backup, 0);
    const taken = backup.json().backups[0];
    expect(taken).toMatchObject({ module: 'notes', tables: [expect.objectContaining({ table: 'notes.notes', rows: 2 })] });
    expect((await as(['module', 'backup', 'notes', '--list'])).json().map((b: { id: string }) => b.id)).toContain(taken.id);
    const missing = await run(['module', 'info', 'nope'], { HUB_TOKEN: token });
    expectExit(missing, 1);
    expectOneLineError(missing, 'HUB_MODULE_NOT_FOUND');
  });

  it('uninstall through the server asks (exit 2 off a terminal), then unmounts', async () => {
    const refused = await run(['module', 'uninstall', 'notes'], { HUB_TOKEN: token });
    expectExit(refused, 2);
    const r = await run(['module', 'uninstall', 'notes', '--yes', '--json'], { HUB_TOKEN: token });
    expectExit(r, 0);
    const res = await fetch(`${server.url}/api/v1/notes/all`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(404);
    const bad = await run(['module', 'list'], { HUB_TOKEN: 'hub_not-a-token' });
    expectExit(bad, 1);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('once the server stopped, the CLI works on the data folder directly', async () => {
    await server.stop();
    expect(existsSync(join(target.dataDir!, 'server.json'))).toBe(false);
    const r = await run(['module', 'info', 'notes', '--json']);
    expectExit(r, 0);
    expect(r.json()).toMatchObject({ state: 'uninstalled' });
    await withDb(target, async (db) => {
      expect((await moduleRows(db)).notes?.state).toBe('uninstalled');
      expect((await db.query('SELECT email FROM base.users ORDER BY id')).map((u) => u.email)).toEqual(['admin@example.com', 'clerk@example.com']);
    });
  });
});

describe('PostgreSQL: the CLI changes the database, the running server picks it up', () => {
  const { create } = testDatabases().find((d) => d.kind === 'postgres')!;
  let target: Target;
  let host: { dir: string; rm: () => void };
  let env: Record<string, string>;
  let server: Awaited<ReturnType<typeof startServe>>;

  beforeAll(async () => {
    target = await create();
    host = tempHost({ base: true });
    env = { ...targetEnv(target, host.dir), ADDONS_PATHS: fixtures('v1') };
    server = await startServe(host.dir, { ...env, ...ADMIN });
  });
  afterAll(async () => {
    await server?.stop();
    await target?.drop();
    host?.rm();
  });

  it('install without a token; the server mounts the route (NOTIFY); uninstall unmounts it', async () => {
    const login = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: ADMIN.HUB_ADMIN_EMAIL, password: ADMIN.HUB_ADMIN_PASSWORD }),
    });
    const { token } = await login.json();
    const route = () => fetch(`${server.url}/api/v1/notes/all`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status);
    expect(await route()).toBe(404);
    const r = await hub(['module', 'install', 'notes', '--json', '--dir', host.dir], { env });
    expectExit(r, 0);
    expect(await waitFor(async () => (await route()) === 200)).toBe(true);
    const u = await hub(['module', 'uninstall', 'notes', '--yes', '--dir', host.dir], { env });
    expectExit(u, 0);
    expect(await waitFor(async () => (await route()) === 404)).toBe(true);
  });
});
