// The admin shell: gzipped size of all the JavaScript the browser loads to show the Apps page
// (index.html's scripts and the chunks they import, not module admin bundles), and the time from
// navigation to the Apps page showing its module list in headless Chromium, vs loading a blank
// page in the same browser. Needs `pnpm build` (apps/admin/dist, @hub/core, @hub/server) and
// /usr/bin/chromium.
import { createServer as createHttpServer } from 'node:http';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { createHub, createServer, quiet, median, repo, serverRoot } from './server-lib.mjs';

const RUNS = 7;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const adminDist = join(repo, 'apps/admin/dist');
const ADMIN = { email: 'bench@hub.local', password: 'bench-password-1' };

export default async function () {
  if (!existsSync(join(adminDist, 'index.html'))) throw new Error('apps/admin/dist is missing: run pnpm build');
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}`);
  const require = createRequire(join(repo, 'apps/admin/package.json'));
  const pw = await import(pathToFileURL(require.resolve('playwright-core')).href);
  const chromium = pw.chromium ?? pw.default.chromium;

  // A hub with base and the example modules (available), serving the built admin.
  const root = serverRoot(['contacts', 'inventory', 'sales', 'sales_stock'].filter((m) => existsSync(join(repo, 'modules', m, 'package.json'))));
  const hub = await createHub({ hostDir: join(root, 'host'), dataDir: join(root, 'data'), addonsPaths: [join(root, 'addons')], env: {}, logger: quiet });
  const server = await createServer({ hub, port: 0, adminDir: adminDist, admin: ADMIN, logger: { level: 'silent' }, defaultMetrics: false });
  const { url } = await server.listen();
  const login = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
  const { token } = await login.json();

  // The baseline page: blank HTML from a bare Node server on loopback.
  const blank = createHttpServer((_req, res) => { res.setHeader('content-type', 'text/html'); res.end('<!doctype html><title>blank</title><p>blank</p>'); });
  await new Promise((r) => blank.listen(0, '127.0.0.1', r));
  const blankUrl = `http://127.0.0.1:${blank.address().port}/`;

  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
  const appsMs = [];
  const blankMs = [];
  let jsFiles = new Set();
  try {
    for (let i = 0; i <= RUNS; i++) {
      // Fresh context each run: empty cache, token already stored (as after a login).
      const ctx = await browser.newContext();
      await ctx.addInitScript((t) => { localStorage.setItem('hub.token', t); }, token);
      const page = await ctx.newPage();
      const files = new Set();
      page.on('response', (r) => { const u = new URL(r.url()); if (u.pathname.startsWith('/admin/') && u.pathname.endsWith('.js')) files.add(u.pathname); });
      await page.goto(`${url}/admin/apps`, { waitUntil: 'commit' });
      await page.waitForSelector('[data-test^="app-card-"]', { timeout: 30_000 });
      const t = await page.evaluate(() => performance.now());
      if (i > 0) appsMs.push(t); // first run warms the server
      jsFiles = files;
      await ctx.close();

      const bctx = await browser.newContext();
      const bpage = await bctx.newPage();
      await bpage.goto(blankUrl, { waitUntil: 'load' });
      const b = await bpage.evaluate(() => performance.now());
      if (i > 0) blankMs.push(b);
      await bctx.close();
    }
  } finally {
    await browser.close();
    blank.close();
    await server.close();
    await hub.close();
    rmSync(root, { recursive: true, force: true });
  }

  const gz = (p) => gzipSync(readFileSync(join(adminDist, p.replace(/^\/admin\//, '')))).length;
  const shellBytes = [...jsFiles].reduce((s, p) => s + gz(p), 0);
  // Baseline: the floor of any Vue app, vue's own minified browser runtime, gzipped.
  const vueDist = join(require.resolve('vue/package.json'), '..', 'dist', 'vue.runtime.esm-browser.prod.js');
  const vueBytes = existsSync(vueDist) ? gzipSync(readFileSync(vueDist)).length : null;
  const apps = median(appsMs);
  const blankT = median(blankMs);
  return [
    { name: `admin shell JS, gzipped (${jsFiles.size} files loaded for the Apps page)`, value: shellBytes / 1024, unit: 'KiB', baseline: vueBytes ? vueBytes / 1024 : null, ratio: vueBytes ? shellBytes / vueBytes : null, goal: '<= 150 KiB', meets: shellBytes / 1024 <= 150 },
    { name: 'admin: navigation to the Apps page list shown (headless Chromium, cold cache)', value: apps, unit: 'ms', baseline: blankT, ratio: apps / blankT, goal: '< 500 ms', meets: apps < 500 },
  ];
}
