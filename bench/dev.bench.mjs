// `hub dev`: save-to-serve (a route file written until the new route answers 200) in a real
// `hub dev` process, against restarting `hub serve` (what a save meant before); memory of a
// development server after 100 reloads of one module (new code each time: Node keeps every
// imported version) against after the first. `hub module list` is in cli.bench.mjs.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ADMIN, createHub, createServer, median, quiet, repo } from './server-lib.mjs';

const cli = join(repo, 'apps/cli/bin/run.js');
const coreModules = join(repo, 'packages/core/node_modules');
const NAME = 'bench_dev';

/** A host whose addons are base and a TypeScript module built with tsup (src/, tsup.config.ts). */
function devRoot() {
  const root = mkdtempSync(join(tmpdir(), 'hub-dev-bench-'));
  mkdirSync(join(root, 'node_modules/@hub'), { recursive: true });
  symlinkSync(join(coreModules, '@hub/kit'), join(root, 'node_modules/@hub/kit'), 'dir');
  symlinkSync(join(coreModules, 'drizzle-orm'), join(root, 'node_modules/drizzle-orm'), 'dir');
  symlinkSync(join(repo, 'node_modules/tsup'), join(root, 'node_modules/tsup'), 'dir');
  mkdirSync(join(root, 'host'));
  writeFileSync(join(root, 'host/package.json'), JSON.stringify({ name: 'bench-host', version: '0.0.0', private: true, dependencies: {} }));
  mkdirSync(join(root, 'addons'));
  symlinkSync(join(repo, 'modules/base'), join(root, 'addons/base'), 'dir');
  const dir = join(root, 'addons', NAME);
  mkdirSync(join(dir, 'src'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({
    name: `@hub/module-${NAME}`, version: '0.1.0', type: 'module', main: './dist/index.js', hub: { module: NAME },
    dependencies: { 'drizzle-orm': '*' }, peerDependencies: { '@hub/kit': '^0.1.0' },
  }));
  writeFileSync(join(dir, 'tsup.config.ts'), `import { defineConfig } from 'tsup';
export default defineConfig({ entry: ['src/index.ts'], format: ['esm'], dts: true, clean: true, target: 'node20', sourcemap: true });\n`);
  writeFileSync(join(dir, 'src/schema.ts'), `import { pgSchema, serial, text } from 'drizzle-orm/pg-core';
export const items = pgSchema('${NAME}').table('items', { id: serial('id').primaryKey(), name: text('name').notNull() });\n`);
  writeRoutes(dir, 0);
  writeFileSync(join(dir, 'src/index.ts'), `import { defineModule } from '@hub/kit';
import * as schema from './schema.js';
import { routes } from './routes.js';
export default defineModule({ name: '${NAME}', schema, routes });\n`);
  const built = spawnSync(process.execPath, [join(repo, 'node_modules/tsup/dist/cli-default.js'), '--no-dts'], { cwd: dir, encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`tsup: ${built.stderr}`);
  return { root, dir, rm: () => rmSync(root, { recursive: true, force: true }) };
}

/** routes.ts with the routes /r0 .. /r<n>. */
function writeRoutes(dir, n) {
  const lines = Array.from({ length: n + 1 }, (_, i) => `  router.get('/r${i}', (_req, res) => { res.json({ route: ${i} }); });`);
  writeFileSync(join(dir, 'src/routes.ts'), `import { Router, type ModuleContext } from '@hub/kit';
export function routes(_ctx: ModuleContext) {
  const router = Router();
${lines.join('\n')}
  return router;
}\n`);
}

function start(args, env) {
  const child = spawn(process.execPath, [cli, ...args], { env: { ...process.env, ...env, HUB_LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => { out += d; });
  child.stderr.on('data', (d) => { out += d; });
  const waitFor = async (re) => {
    const t0 = Date.now();
    while (!re.test(out)) {
      if (child.exitCode !== null || Date.now() - t0 > 120_000) throw new Error(`${args.join(' ')}: ${out}`);
      await new Promise((r) => setTimeout(r, 10));
    }
    return re.exec(out);
  };
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGINT');
    await exited;
  };
  return { child, waitFor, stop };
}

async function answers(url, token, path, timeoutMs = 60_000) {
  const t0 = performance.now();
  for (;;) {
    const r = await fetch(url + path, { headers: { authorization: `Bearer ${token}` } });
    await r.arrayBuffer();
    if (r.status === 200) return;
    if (performance.now() - t0 > timeoutMs) throw new Error(`${path} never answered 200 (last ${r.status})`);
    await new Promise((res) => setTimeout(res, 5));
  }
}

async function login(url) {
  const r = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
  return (await r.json()).token;
}

async function saveToServe() {
  const { root, dir, rm } = devRoot();
  const env = { HUB_DATA_DIR: join(root, 'data'), ADDONS_PATHS: join(root, 'addons'), HUB_ADMIN_EMAIL: ADMIN.email, HUB_ADMIN_PASSWORD: ADMIN.password };
  try {
    // The baseline: a save when the server has to be restarted (hub serve until the route answers).
    const restarts = [];
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      const serve = start(['serve', '--port', '0', '--dir', join(root, 'host')], env);
      const [, url] = await serve.waitFor(/running at (http:\/\/\S+)/);
      const token = await login(url);
      if (i === 0) {
        const r = await fetch(`${url}/api/v1/modules/install/${NAME}`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
        if (r.status !== 200) throw new Error(`install: ${r.status} ${await r.text()}`);
      }
      await answers(url, token, `/api/v1/${NAME}/r0`);
      if (i > 0) restarts.push(performance.now() - t0);
      await serve.stop();
    }

    const dev = start(['dev', '--port', '0', '--dir', join(root, 'host')], env);
    const [, url] = await dev.waitFor(/running at (http:\/\/\S+)/);
    await dev.waitFor(/Watching/);
    const token = await login(url);
    const times = [];
    // The first save starts the module's build process (esbuild): counted apart.
    let first = 0;
    for (let i = 1; i <= 11; i++) {
      const t0 = performance.now();
      writeRoutes(dir, i);
      await answers(url, token, `/api/v1/${NAME}/r${i}`);
      if (i === 1) first = performance.now() - t0; else times.push(performance.now() - t0);
      await new Promise((r) => setTimeout(r, 100)); // a developer does not save twice within 100 ms
    }
    await dev.stop();
    const m = median(times);
    const restart = median(restarts);
    return [
      { name: 'hub dev: save to serve (route file written until the new route answers), median of 10', value: m, unit: 'ms', baseline: restart, ratio: m / restart, goal: '< 1000 ms', meets: m < 1000 },
      { name: 'hub dev: the first save (starts the module\'s build process)', value: first, unit: 'ms', baseline: null, ratio: null, goal: null, meets: null },
      { name: 'hub serve restart until the route answers (the baseline above), median of 2', value: restart, unit: 'ms', baseline: null, ratio: null, goal: null, meets: null },
      { name: 'hub dev: save to serve, slowest of 10', value: Math.max(...times), unit: 'ms', baseline: null, ratio: null, goal: null, meets: null },
    ];
  } finally {
    rm();
  }
}

async function memoryOverReloads() {
  const { root, dir, rm } = devRoot();
  const { DevLoop } = await import(join(repo, 'apps/cli/dist/lib/dev/DevLoop.js'));
  const rss = () => { globalThis.gc?.(); globalThis.gc?.(); return process.memoryUsage().rss / 1024 / 1024; };
  const heap = () => { globalThis.gc?.(); return process.memoryUsage().heapUsed / 1024 / 1024; };
  const hub = await createHub({ hostDir: join(root, 'host'), dataDir: join(root, 'data'), addonsPaths: [join(root, 'addons')], logger: quiet, env: {} });
  const server = await createServer({ hub, port: 0, admin: ADMIN, logger: { level: 'silent' }, env: {}, dev: true, defaultMetrics: false });
  try {
    const { url } = await server.listen();
    await hub.apply({ action: 'install', modules: [NAME] });
    await server.refresh();
    const token = await login(url);
    const loop = new DevLoop({ hub, server, print: () => {}, ask: async () => undefined });
    const info = (await hub.list()).find((m) => m.name === NAME);
    const reload = async (i) => { writeRoutes(dir, i); await loop.reload(info, { server: true, admin: false, data: false }); await answers(url, token, `/api/v1/${NAME}/r${i}`); };
    await reload(1);
    const afterFirst = rss();
    const heapFirst = heap();
    for (let i = 2; i <= 100; i++) await reload(i);
    const afterAll = rss();
    const heapAll = heap();
    loop.close();
    return [
      { name: 'hub dev: RSS of the server process after 100 reloads of one module vs after the first', value: afterAll, unit: 'MB', baseline: afterFirst, ratio: afterAll / afterFirst, goal: '<= 1.5x', meets: afterAll / afterFirst <= 1.5 },
      { name: 'hub dev: JS heap after 100 reloads vs after the first', value: heapAll, unit: 'MB', baseline: heapFirst, ratio: heapAll / heapFirst, goal: null, meets: null },
      { name: 'hub dev: heap growth per reload (new code stays in Node\'s module cache)', value: ((heapAll - heapFirst) * 1024) / 99, unit: 'KB', baseline: null, ratio: null, goal: null, meets: null },
    ];
  } finally {
    await server.close();
    await hub.close();
    rm();
  }
}

export default async function () {
  return [...(await saveToServe()), ...(await memoryOverReloads())];
}
