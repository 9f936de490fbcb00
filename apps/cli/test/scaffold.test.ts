// hub module create and hub init: the scaffolded module builds, passes its own tests, installs
// and its route answers; in a monorepo it becomes a workspace package and a dependency of
// apps/hub. Everything happens in temporary folders (the real repo is never touched).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bin, cleanEnv, expectExit, expectOneLineError, hub, repoRoot, tempHost } from './helpers.js';

const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8'));
const pnpm = (args: string[], cwd: string) => {
  const r = spawnSync('pnpm', args, { cwd, encoding: 'utf8', env: cleanEnv({ CI: '1' }) });
  if (r.status !== 0) throw new Error(`pnpm ${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
  return r;
};

describe('hub module create in a monorepo', () => {
  let repo: string;
  beforeAll(() => {
    repo = mkdtempSync(join(tmpdir(), 'hub-cli-repo-'));
    writeFileSync(join(repo, 'pnpm-workspace.yaml'), 'packages:\n  - apps/*\n  - modules/*\n');
    mkdirSync(join(repo, 'apps/hub'), { recursive: true });
    mkdirSync(join(repo, 'modules'));
    writeFileSync(join(repo, 'apps/hub/package.json'), JSON.stringify({ name: '@hub/app', private: true, dependencies: { '@hub/core': 'workspace:^' } }));
  });
  afterAll(() => rmSync(repo, { recursive: true, force: true }));

  it('creates modules/NAME as a workspace package and adds it to apps/hub', async () => {
    const r = await hub(['module', 'create', 'demo_items', '--no-install', '--json'], { cwd: repo });
    expectExit(r, 0);
    expect(r.json()).toMatchObject({ name: 'demo_items', packageName: '@hub/module-demo_items', workspace: true, hostUpdated: true });
    const pkg = readJson(join(repo, 'modules/demo_items/package.json'));
    expect(pkg).toMatchObject({
      name: '@hub/module-demo_items', hub: { module: 'demo_items' }, peerDependencies: { '@hub/kit': expect.stringMatching(/^\^/) },
      devDependencies: { '@hub/kit': 'workspace:^', '@hub/tooling': 'workspace:*' },
    });
    expect(readJson(join(repo, 'apps/hub/package.json')).dependencies['@hub/module-demo_items']).toBe('workspace:^');
    const schema = readFileSync(join(repo, 'modules/demo_items/src/schema.ts'), 'utf8');
    expect(schema).toContain("pgSchema('demo_items')");
    for (const f of ['src/index.ts', 'src/routes.ts', 'src/admin/index.ts', 'src/admin/ItemList.vue', 'data/init.json', 'test/module.test.ts', 'README.md', 'vite.admin.config.mjs', '.gitignore']) {
      expect(existsSync(join(repo, 'modules/demo_items', f)), f).toBe(true);
    }
  });

  it('refuses a bad or reserved name (exit 2) and an existing folder (exit 1)', async () => {
    const bad = await hub(['module', 'create', 'Bad-Name', '--no-install'], { cwd: repo });
    expectExit(bad, 2);
    expectOneLineError(bad, 'HUB_USAGE');
    expectExit(await hub(['module', 'create', 'modules', '--no-install'], { cwd: repo }), 2);
    const again = await hub(['module', 'create', 'demo_items', '--no-install'], { cwd: repo });
    expectExit(again, 1);
    expectOneLineError(again, 'HUB_TARGET_EXISTS');
  });
});

describe('scaffold -> build -> test -> install -> the route answers', () => {
  let work: string;
  let host: { dir: string; rm: () => void };
  let server: ReturnType<typeof spawn> | undefined;
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'hub-cli-scaffold-'));
    host = tempHost({ base: true });
  });
  afterAll(async () => {
    if (server && server.exitCode === null) {
      const exited = new Promise((r) => server!.once('exit', r));
      server.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    }
    rmSync(work, { recursive: true, force: true });
    host.rm();
  });

  it('creates, builds and tests a standalone module', async () => {
    const dir = join(work, 'addons/widget');
    const r = await hub(['module', 'create', 'widget', '--no-workspace', '--dir', dir, '--link-hub', repoRoot, '--json'], { cwd: work, timeout: 300_000 });
    expectExit(r, 0);
    expect(r.json()).toMatchObject({ packageName: '@hub/module-widget', workspace: false, installed: true });
    pnpm(['build'], dir);
    expect(existsSync(join(dir, 'dist/index.js'))).toBe(true);
    expect(existsSync(join(dir, 'dist/admin/index.js'))).toBe(true);
    // The view is built with the admin's own components, taken from the admin at run time, not bundled.
    const view = readFileSync(join(dir, 'dist/admin/index.js'), 'utf8');
    expect(view).toContain('"/admin/vendor/naive-ui.js"');
    expect(view).not.toContain('n-config-provider'); // naive-ui's own code is not in the bundle
    pnpm(['test'], dir);
    const results = readJson(join(dir, 'test-results/vitest.json'));
    expect(results.numFailedTests).toBe(0);
    expect(results.numPassedTests).toBeGreaterThanOrEqual(4);
  }, 600_000);

  it('installs without edits and its route answers through hub serve', async () => {
    const env = { HUB_DATA_DIR: join(host.dir, '.hub'), ADDONS_PATHS: join(work, 'addons'), HUB_ADMIN_EMAIL: 'admin@example.com', HUB_ADMIN_PASSWORD: 'secret-pass-1' };
    const v = await hub(['module', 'validate', 'widget', '--json', '--dir', host.dir], { env });
    expectExit(v, 0);
    expect(v.json().valid).toBe(true);
    const i = await hub(['module', 'install', 'base', 'widget', '--json', '--dir', host.dir], { env });
    expectExit(i, 0);
    server = spawn(process.execPath, [bin, 'serve', '--port', '0', '--dir', host.dir], { env: cleanEnv({ ...env, HUB_LOG_LEVEL: 'warn' }), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    server.stdout!.on('data', (d) => { out += d; });
    server.stderr!.on('data', (d) => { out += d; });
    const started = Date.now();
    while (!/Hub is running at/.test(out)) {
      if (server.exitCode !== null || Date.now() - started > 90_000) throw new Error(`hub serve: ${out}`);
      await new Promise((res) => setTimeout(res, 100));
    }
    const url = /Hub is running at (http:\/\/\S+)/.exec(out)![1];
    const login = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: env.HUB_ADMIN_EMAIL, password: env.HUB_ADMIN_PASSWORD }) });
    const { token } = await login.json();
    const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const list = await fetch(`${url}/api/v1/widget/items`, { headers: auth });
    expect(list.status).toBe(200);
    expect((await list.json()).map((x: { name: string }) => x.name)).toEqual(['First item']);
    const bad = await fetch(`${url}/api/v1/widget/items`, { method: 'POST', headers: auth, body: JSON.stringify({ name: '' }) });
    expect(bad.status).toBe(400);
    const created = await fetch(`${url}/api/v1/widget/items`, { method: 'POST', headers: auth, body: JSON.stringify({ name: 'Second', quantity: 2 }) });
    expect(created.status).toBe(201);
    expect((await fetch(`${url}/api/v1/widget/items`)).status).toBe(401);
  }, 300_000);
});

describe('hub init', () => {
  let work: string;
  beforeAll(() => { work = mkdtempSync(join(tmpdir(), 'hub-cli-init-')); });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('creates a host project with the current @hub versions, scripts, .npmrc and README', async () => {
    const r = await hub(['init', 'my-hub', '--json'], { cwd: work });
    expectExit(r, 0);
    const dir = join(work, 'my-hub');
    const pkg = readJson(join(dir, 'package.json'));
    const version = (p: string) => readJson(join(repoRoot, p, 'package.json')).version;
    expect(pkg.dependencies).toEqual({
      '@hub/cli': `^${version('apps/cli')}`, '@hub/core': `^${version('packages/core')}`, '@hub/kit': `^${version('packages/kit')}`,
      '@hub/module-base': `^${version('modules/base')}`, '@hub/server': `^${version('packages/server')}`,
    });
    expect(pkg.scripts).toEqual({ start: 'hub serve', hub: 'hub' });
    const npmrc = readFileSync(join(dir, '.npmrc'), 'utf8');
    expect(npmrc).toMatch(/^# @hub:registry=/m);
    expect(npmrc).toContain('~/.npmrc');
    expect(readFileSync(join(dir, 'README.md'), 'utf8')).toContain('pnpm hub module install');
    const again = await hub(['init', 'my-hub'], { cwd: work });
    expectExit(again, 1);
    expectOneLineError(again, 'HUB_TARGET_EXISTS');
  });

  it('--registry writes the scope registry, and tells the token line for ~/.npmrc (pnpm reads ${VARS} only there)', async () => {
    const r = await hub(['init', 'reg-hub', '--registry', 'http://127.0.0.1:4873'], { cwd: work });
    expectExit(r, 0);
    const npmrc = readFileSync(join(work, 'reg-hub/.npmrc'), 'utf8');
    const active = npmrc.split('\n').filter((l) => l && !l.startsWith('#'));
    expect(active).toEqual(['@hub:registry=http://127.0.0.1:4873/']);
    expect(r.stdout).toContain('~/.npmrc');
    expect(r.stdout).toContain('//127.0.0.1:4873/:_authToken=${NPM_TOKEN}');
  });

  it('a linked host installs and `pnpm hub` runs there', async () => {
    const r = await hub(['init', 'linked', '--link-hub', repoRoot, '--json'], { cwd: work });
    expectExit(r, 0);
    const dir = join(work, 'linked');
    pnpm(['install', '--prefer-offline'], dir);
    const list = spawnSync('pnpm', ['--silent', 'hub', 'module', 'list', '--json'], { cwd: dir, encoding: 'utf8', env: cleanEnv() });
    expect(list.status, list.stderr).toBe(0);
    expect(JSON.parse(list.stdout).map((m: { name: string }) => m.name)).toContain('base');
  }, 300_000);
});
