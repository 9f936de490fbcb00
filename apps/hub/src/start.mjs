#!/usr/bin/env node
// `pnpm start`: the runnable hub. Reads the environment, opens the engine, installs base if
// needed, serves the API and the admin app, prints the URL, the first admin login and the modules.
import { rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHub } from '@hub/core';
import { createLogger, createServer, moduleLogger } from '@hub/server';
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

let release = () => {};
let hub;
let server;
const serverFile = join(dataDir, 'server.json');

async function shutdown(code = 0) {
  try { rmSync(serverFile, { force: true }); } catch { /* ignore */ }
  try { await server?.close(); } catch { /* ignore */ }
  try { await hub?.close(); } catch { /* ignore */ }
  release();
  process.exit(code);
}

try {
  if (!databaseUrl) release = lockDataDir(dataDir);
  const logger = createLogger(); // HUB_LOG_LEVEL, default info; JSON lines on stdout
  hub = await createHub({ hostDir: appDir, dataDir, databaseUrl, addonsPaths, env, logger: moduleLogger(logger) });
  server = await createServer({ hub, host, port, adminDir, env, logger });
  const { url } = await server.listen();
  writeFileSync(serverFile, JSON.stringify({ pid: process.pid, url, startedAt: new Date().toISOString(), database: databaseUrl ? 'postgres' : 'pglite', dataDir }, null, 2) + '\n');

  const modules = await hub.list();
  const lines = [
    '',
    `Hub is running at ${url}  (started in ${Date.now() - started} ms, ${databaseUrl ? 'PostgreSQL' : `embedded database in ${join(dataDir, 'data')}`})`,
    `  Admin:    ${url}/admin/`,
    `  API docs: ${url}/api/docs`,
  ];
  if (server.admin.created) {
    lines.push('', 'First administrator created (shown once):', `  email:    ${server.admin.email}`, `  password: ${server.admin.password}`);
    if (server.admin.generated) lines.push('  (generated; set HUB_ADMIN_EMAIL / HUB_ADMIN_PASSWORD before the first start to choose them)');
  }
  lines.push('', 'Modules:');
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

process.on('SIGINT', () => shutdown(0));
process.on('SIGTERM', () => shutdown(0));
