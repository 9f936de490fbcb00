#!/usr/bin/env node
// `pnpm start`: the runnable hub. Reads the environment, opens the engine, installs base if
// needed, serves the API and the admin app, prints the URL, the first admin login and the modules.
// With HUB_WORKERS=N (PostgreSQL only) this process forks N instances on one port instead.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHub } from '@hub/core';
import { checkWorkersAllowed, createLogger, createServer, isWorker, moduleLogger, reportReady, startWorkers, workerCount } from '@hub/server';
import { lockDataDir } from './dataLock.mjs';

const appDir = fileURLToPath(new URL('..', import.meta.url));
const env = process.env;
const port = Number(env.PORT ?? 3000);
const host = env.HOST ?? '127.0.0.1';
const dataDir = resolve(appDir, env.HUB_DATA_DIR ?? '.hub');
const databaseUrl = env.DATABASE_URL || undefined;
const addonsPaths = [join(dataDir, 'addons'), ...(env.ADDONS_PATHS ?? '').split(',').map((p) => p.trim()).filter(Boolean).map((p) => resolve(p))];
const adminDir = resolve(appDir, env.HUB_ADMIN_DIR ?? '../admin/dist');
const started = Date.now();
const serverFile = join(dataDir, 'server.json');

function writeServerFile(url, extra = {}) {
  mkdirSync(dataDir, { recursive: true }); // on PostgreSQL nothing else creates it
  writeFileSync(serverFile, JSON.stringify({ pid: process.pid, url, startedAt: new Date().toISOString(), database: databaseUrl ? 'postgres' : 'pglite', dataDir, ...extra }, null, 2) + '\n');
}

function adminLines(admin) {
  if (!admin.created) return [];
  const lines = ['', 'First administrator created (shown once):', `  email:    ${admin.email}`, `  password: ${admin.password}`];
  if (admin.generated) lines.push('  (generated; set HUB_ADMIN_EMAIL / HUB_ADMIN_PASSWORD before the first start to choose them)');
  return lines;
}

/** One instance: this process serves. In a worker, the primary prints and writes server.json. */
async function serveOne() {
  let release = () => {};
  let hub;
  let server;
  const shutdown = async (code = 0) => {
    // A closing step that cannot finish (the database is gone, so the pool's end waits) must not
    // keep a stopped process alive: it exits anyway after 10 s.
    setTimeout(() => { console.error('hub: stopping took over 10 s; exiting now'); process.exit(code || 1); }, 10_000).unref();
    if (!isWorker()) { try { rmSync(serverFile, { force: true }); } catch { /* ignore */ } }
    try { await server?.close(); } catch { /* ignore */ }
    try { await hub?.close(); } catch { /* ignore */ }
    release();
    process.exit(code);
  };
  process.on('SIGINT', () => shutdown(0));
  process.on('SIGTERM', () => shutdown(0));
  try {
    if (!databaseUrl) release = lockDataDir(dataDir);
    const logger = createLogger(); // HUB_LOG_LEVEL, default info; JSON lines on stdout
    hub = await createHub({ hostDir: appDir, dataDir, databaseUrl, addonsPaths, env, logger: moduleLogger(logger) });
    server = await createServer({ hub, host, port, adminDir, env, logger });
    const { url } = await server.listen();
    if (isWorker()) { reportReady({ url, admin: server.admin }); return; }
    writeServerFile(url);

    const modules = await hub.list();
    const lines = [
      '',
      `Hub is running at ${url}  (started in ${Date.now() - started} ms, ${databaseUrl ? 'PostgreSQL' : `embedded database in ${join(dataDir, 'data')}`})`,
      `  Admin:    ${url}/admin/`,
      `  API docs: ${url}/api/docs`,
      ...adminLines(server.admin),
      '', 'Modules:',
    ];
    for (const m of modules) {
      const state = m.state === 'installed' ? (m.enabled ? 'installed' : 'installed (disabled)') : m.state;
      lines.push(`  ${m.name.padEnd(16)} ${String(m.installedVersion ?? m.version).padEnd(8)} ${state}${m.loadError ? `  load error: ${m.loadError.message}` : ''}`);
    }
    lines.push('', `Try: curl -H "Authorization: Bearer <token>" ${url}/api/v1/modules/   (token: POST ${url}/api/v1/auth/login)`, '');
    console.log(lines.join('\n'));
  } catch (err) {
    console.error(`hub: could not start: ${err?.message ?? err}`);
    if (err?.hint) console.error(`hint: ${err.hint}`);
    await shutdown(1);
  }
}

/** HUB_WORKERS > 1: forks the instances (each runs this file as a worker) and reports once all listen. */
async function servePool(workers) {
  try {
    const pool = await startWorkers(workers);
    writeServerFile(pool.url, { workers });
    console.log(['', `Hub is running at ${pool.url}  (${workers} workers, started in ${Date.now() - started} ms, PostgreSQL)`,
      `  Admin:    ${pool.url}/admin/`, `  API docs: ${pool.url}/api/docs`, ...adminLines(pool.admin), ''].join('\n'));
    const stop = async () => {
      try { rmSync(serverFile, { force: true }); } catch { /* ignore */ }
      await pool.stop();
      process.exit(0);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  } catch (err) {
    console.error(`hub: could not start: ${err?.message ?? err}`);
    process.exit(1);
  }
}

let workers;
try {
  workers = workerCount(undefined, env);
  checkWorkersAllowed(workers, databaseUrl);
} catch (err) {
  console.error(`hub: ${err.message}`);
  process.exit(1);
}
if (workers > 1 && !isWorker()) await servePool(workers);
else await serveOne();
