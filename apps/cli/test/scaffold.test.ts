// hub module create and hub init: the scaffolded module builds, passes its own tests, installs
// and its route answers; in a monorepo it becomes a workspace package and a dependency of
// apps/hub. Everything happens in temporary folders (the real repo is never touched).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '@hub/core';
import { chromium, type BrowserContext } from 'playwright-core';
import { bin, cleanEnv, expectExit, expectOneLineError, hasScript, hub, repoRoot, tempHost } from './helpers.js';

const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8'));
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
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

  it.skipIf(!hasScript())('hub dev on a terminal: a new route, a new column, a removal asked about, a syntax error, its fix', async () => {
    await stop(server);
    const env = { HUB_DATA_DIR: join(host.dir, '.hub'), ADDONS_PATHS: join(work, 'addons'), HUB_LOG_LEVEL: 'warn' };
    const dev = onTerminalLive(['dev', '--port', '0', '--dir', host.dir], env);
    try {
      await dev.waitFor(/Watching .*widget/);
      const url = /running at (http:\/\/\S+)/.exec(dev.output())![1];
      const { token } = await (await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'admin@example.com', password: 'secret-pass-1' }) })).json();
      const get = async (path: string) => { const r = await fetch(`${url}/api/v1/widget${path}`, { headers: { authorization: `Bearer ${token}` } }); return { status: r.status, body: await r.json() }; };
      const until = async (what: () => Promise<boolean>) => { for (const started = Date.now(); !(await what()); await new Promise((r) => setTimeout(r, 100))) if (Date.now() - started > 60_000) throw new Error(`hub dev:\n${dev.output()}`); };
      const dir = join(work, 'addons/widget');
      const edit = (file: string, from: string | RegExp, to: string) => {
        const text = readFileSync(join(dir, file), 'utf8');
        const next = text.replace(from, to);
        expect(next, `${file}: ${from}`).not.toBe(text);
        writeFileSync(join(dir, file), next);
      };

      // A new route answers.
      expect((await get('/ping')).status).toBe(404);
      edit('src/routes.ts', '  return router;', "  router.get('/ping', (_req, res) => { res.json({ pong: 1 }); });\n  return router;");
      await until(async () => (await get('/ping')).status === 200);
      expect((await get('/ping')).body).toEqual({ pong: 1 });

      // A new nullable column is applied at once (the statement is printed) and is in the route's answer.
      edit('src/schema.ts', "  note: text('note'),", "  note: text('note'),\n  color: text('color'),");
      await until(async () => 'color' in ((await get('/items')).body[0] ?? {}));
      expect(dev.output()).toContain('ADD COLUMN "color" text');
      expect((await get('/items')).body[0]).toMatchObject({ name: 'First item', color: null });

      // Removing a column with values asks; "n" leaves the column and its values in the database.
      edit('src/schema.ts', "  note: text('note'),\n", '');
      await dev.waitFor(/lose this data .*\[y\/N\]/);
      expect(dev.output()).toContain('drops column "widget"."items"."note"');
      dev.write('n\r');
      await dev.waitFor(/not applied; the data is still there/);
      await until(async () => !('note' in ((await get('/items')).body[0] ?? {})));
      edit('src/schema.ts', "  color: text('color'),", "  note: text('note'),\n  color: text('color'),");
      await until(async () => (await get('/items')).body[0]?.note === 'Loaded from data/init.json at install');

      // A syntax error: shown in the terminal and in the module's details, the old route keeps answering.
      edit('src/routes.ts', 'res.json({ pong: 1 });', 'res.json({ pong: 1 }) +;');
      await dev.waitFor(/The build failed; the previous code keeps serving/);
      expect((await get('/ping')).body).toEqual({ pong: 1 });
      const details = await (await fetch(`${url}/api/v1/modules/widget`, { headers: { authorization: `Bearer ${token}` } })).json();
      expect(details).toMatchObject({ mounted: true, loadError: { code: 'HUB_MODULE_BUILD_FAILED', message: expect.stringContaining('src/routes.ts') } });

      // Fixing it serves the new code.
      edit('src/routes.ts', 'res.json({ pong: 1 }) +;', 'res.json({ pong: 2 });');
      await until(async () => (await get('/ping')).body.pong === 2);
    } finally {
      await dev.stop();
    }
    const db = await openDatabase({ dataDir: join(host.dir, '.hub/data') });
    try {
      const rows = await db.query<{ note: string | null }>('SELECT note FROM widget.items ORDER BY id');
      expect(rows[0]!.note).toBe('Loaded from data/init.json at install');
    } finally {
      await db.close();
    }
  }, 300_000);

  it.skipIf(!existsSync(CHROMIUM))('hub dev in Chromium: an edited module view shows on the open admin page without reloading it', async () => {
    await stop(server); // hub serve of the test before, when it ran alone
    const adminDist = join(repoRoot, 'apps/admin/dist');
    expect(existsSync(join(adminDist, 'index.html')), 'the admin is built (pnpm --filter @hub/admin build)').toBe(true);
    const env = { HUB_DATA_DIR: join(host.dir, '.hub'), ADDONS_PATHS: join(work, 'addons'), HUB_LOG_LEVEL: 'warn', HUB_ADMIN_DIR: adminDist };
    const dev = spawn(process.execPath, [bin, 'dev', '--port', '0', '--dir', host.dir], { env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    dev.stdout!.on('data', (d) => { out += d; });
    dev.stderr!.on('data', (d) => { out += d; });
    const profile = mkdtempSync(join(tmpdir(), 'hub-cli-chromium-'));
    let browser: BrowserContext | undefined;
    try {
      for (const started = Date.now(); !/Watching .*widget/.test(out); await new Promise((r) => setTimeout(r, 100))) {
        if (dev.exitCode !== null || Date.now() - started > 90_000) throw new Error(`hub dev: ${out}`);
      }
      const url = /running at (http:\/\/\S+)/.exec(out)![1];
      browser = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
      const page = browser.pages()[0] ?? await browser.newPage();
      await page.goto(`${url}/admin/login`);
      await page.fill('[data-test="email"] input', 'admin@example.com');
      await page.fill('[data-test="password"] input', 'secret-pass-1');
      await page.click('[data-test="login-submit"]');
      await page.waitForSelector('[data-test="apps-page"]');
      await page.goto(`${url}/admin/m/widget`);
      await page.waitForSelector('text=First item');
      const view = join(work, 'addons/widget/src/admin/ItemList.vue');
      const title = /<NPageHeader title="([^"]*)" \/>/.exec(readFileSync(view, 'utf8'))![1];
      await page.waitForSelector(`text=${title}`);
      // A mark in this document: a page reload would lose it.
      await page.evaluate(() => { (window as unknown as { sameDocument: boolean }).sameDocument = true; });

      writeFileSync(view, readFileSync(view, 'utf8').replace(`<NPageHeader title="${title}" />`, '<NPageHeader title="Widget, edited live" />'));
      await page.waitForSelector('text=Widget, edited live', { timeout: 120_000 });
      expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
      expect(await page.isVisible('text=First item')).toBe(true);
      expect(out).toMatch(/widget reloaded in \d+ ms \(admin views rebuilt: open pages show them\)/);
    } finally {
      await browser?.close().catch(() => {});
      rmSync(profile, { recursive: true, force: true });
      await stop(dev);
    }
  }, 300_000);
});

async function stop(child: ReturnType<typeof spawn> | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
}

/** A long-running command under a pseudo-terminal (util-linux `script`): read its output, type into it, Ctrl-C it. */
function onTerminalLive(args: string[], env: Record<string, string>) {
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const child = spawn('script', ['-qfec', [process.execPath, bin, ...args].map(quote).join(' '), '/dev/null'], { env: cleanEnv(env), stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => { out += d; });
  child.stderr!.on('data', (d) => { out += d; });
  return {
    output: () => out,
    write: (text: string) => child.stdin!.write(text),
    async waitFor(pattern: RegExp, timeoutMs = 90_000) {
      const started = Date.now();
      while (!pattern.test(out)) {
        if (child.exitCode !== null || Date.now() - started > timeoutMs) throw new Error(`waiting for ${pattern}:\n${out}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.stdin!.write('\x03'); // Ctrl-C: SIGINT to the hub, which closes the database and releases its lock
      await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

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
    expect(pkg.scripts).toEqual({ start: 'hub serve', dev: 'hub dev', hub: 'hub' });
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
