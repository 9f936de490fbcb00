// Shared helpers of the server benchmarks (server-*.bench.mjs): PostgreSQL, generated modules,
// a hub + server on them, and autocannon run in its own process.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from '../packages/core/node_modules/postgres/src/index.js';
import { createHub } from '../packages/core/dist/index.js';
import { createServer, shapedMessages } from '../packages/server/dist/index.js';
import { startPostgres } from '../tooling/src/postgres.mjs';

const coreModules = fileURLToPath(new URL('../packages/core/node_modules', import.meta.url));

/** A temporary root: <root>/node_modules -> packages/core/node_modules (so generated modules resolve
 *  @hub/kit and drizzle-orm), modules in <root>/addons, an empty host package in <root>/host. */
function benchRoot(prefix) {
  const root = mkdtempSync(join(tmpdir(), prefix));
  symlinkSync(coreModules, join(root, 'node_modules'), 'dir');
  mkdirSync(join(root, 'addons'));
  mkdirSync(join(root, 'host'));
  writeFileSync(join(root, 'host', 'package.json'), JSON.stringify({ name: 'bench-host', version: '0.0.0', private: true, dependencies: {} }));
  return root;
}

export { startPostgres, createHub, createServer, shapedMessages };
export const quiet = { debug() {}, info() {}, warn() {}, error() {} };
export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
export const repo = fileURLToPath(new URL('..', import.meta.url));
const autocannonPath = join(repo, 'packages/server/node_modules/autocannon/autocannon.js');
export const ADMIN = { email: 'bench@hub.local', password: 'bench-password' };

export async function createDb(adminUrl, name) {
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await sql.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await sql.unsafe(`CREATE DATABASE "${name}"`);
  await sql.end();
  return adminUrl.replace(/\/[^/]*$/, `/${name}`);
}

/** A bench root whose addons hold base (and `workspaceModules`, e.g. contacts) as symlinks to modules/<name>. */
export function serverRoot(workspaceModules = []) {
  const root = benchRoot('hub-server-bench-');
  for (const name of ['base', ...workspaceModules]) symlinkSync(join(repo, 'modules', name), join(root, 'addons', name), 'dir');
  return root;
}

/** A module with one trivial GET route /hello and no tables. */
export function writeTrivialModule(root, name) {
  const dir = join(root, 'addons', name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({
    name: `@hub/module-${name.replace(/_/g, '-')}`, version: '1.0.0', type: 'module', main: 'index.js',
    hub: { module: name }, peerDependencies: { '@hub/kit': '^0.1.0' },
  }));
  // Public, so the load generator needs no token: the host still looks the route's declaration up.
  writeFileSync(join(dir, 'index.js'), `import { defineModule, Router, publicAccess } from '@hub/kit';
export const hello = (_req, res) => { res.json({ hello: 'world' }); };
export default defineModule({ name: '${name}', routes: () => Router().get('/hello', publicAccess(), hello) });
`);
}

/** A small module with one table and list/create routes (for install benchmarks). */
export function writeSmallModule(root, name) {
  const dir = join(root, 'addons', name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({
    name: `@hub/module-${name.replace(/_/g, '-')}`, version: '1.0.0', type: 'module', main: 'index.js',
    hub: { module: name }, peerDependencies: { '@hub/kit': '^0.1.0' },
  }));
  writeFileSync(join(dir, 'index.js'), `import { defineModule, Router } from '@hub/kit';
import { pgSchema, serial, text, timestamp, index } from 'drizzle-orm/pg-core';
export const s = pgSchema('${name}');
export const items = s.table('items', {
  id: serial('id').primaryKey(), name: text('name').notNull(), note: text('note'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('${name}_items_name_idx').on(t.name)]);
export default defineModule({
  name: '${name}', schema: { items },
  routes: (ctx) => Router()
    .get('/items', async (_req, res) => { res.json({ items: await ctx.db.select().from(items).limit(20) }); })
    .post('/items', async (req, res) => { res.status(201).json((await ctx.db.insert(items).values({ name: String(req.body?.name ?? 'x') }).returning())[0]); }),
});
`);
}

/** A hub on `databaseUrl` (or PGlite in root/data) with root/addons, and a listening server. */
export async function startHubServer(root, { databaseUrl, env = {}, port = 0 } = {}) {
  const hub = await createHub({
    hostDir: join(root, 'host'), dataDir: join(root, 'data'), databaseUrl, addonsPaths: [join(root, 'addons')], env, logger: quiet,
  });
  const server = await createServer({ hub, port, admin: ADMIN, logger: { level: 'silent' }, env });
  const { url } = await server.listen();
  return { hub, server, url };
}

export async function login(url) {
  const r = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
  if (!r.ok) throw new Error(`login failed: ${r.status}`);
  return (await r.json()).token;
}

/** Runs autocannon in a child process; returns { rps, total, non2xx, errors, p50, p99, cpuMs } (cpuMs: the load generator's own CPU time). */
export function loadgen(url, { connections = 10, duration = 5, headers = {}, overallRate } = {}) {
  const opts = { url, connections, duration, headers, ...(overallRate ? { overallRate } : {}) };
  const code = `import autocannon from ${JSON.stringify(autocannonPath)};
const r = await autocannon(${JSON.stringify(opts)});
const cpu = process.cpuUsage();
process.stdout.write(JSON.stringify({ rps: r.requests.average, total: r.requests.total, non2xx: r.non2xx, errors: r.errors, timeouts: r.timeouts, p50: r.latency.p50, p99: r.latency.p99, cpuMs: (cpu.user + cpu.system) / 1000 }));`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.on('exit', (status) => (status === 0 ? resolve(JSON.parse(out)) : reject(new Error(`autocannon exited with ${status}`))));
  });
}

/** Whether wrk (the Debian package) is installed: a load generator in C that leaves the cores to the server. */
export function hasWrk() {
  return spawnSync('wrk', ['--version']).error === undefined;
}

/**
 * `wrk` for `duration` s on one thread: requests per second, answers, and the CPU wrk used (read
 * from the shell that waited for it, so it is wrk's own). Same shape as loadgen's result.
 */
export function wrkLoad(url, { connections = 10, duration = 5, headers = {} } = {}) {
  const flags = Object.entries(headers).map(([k, v]) => `-H ${JSON.stringify(`${k}: ${v}`)}`).join(' ');
  const script = `wrk -t1 -c${connections} -d${duration}s --latency ${flags} ${JSON.stringify(url)} && cat /proc/$$/stat`;
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.on('exit', (status) => {
      if (status !== 0) return reject(new Error(`wrk exited with ${status}: ${out}`));
      const num = (re) => Number(re.exec(out)?.[1] ?? 0);
      const ms = (re) => { const m = re.exec(out); return m ? Number(m[1]) * { us: 0.001, ms: 1, s: 1000 }[m[2]] : null; };
      // The shell's cutime and cstime (fields 16 and 17 of /proc/<pid>/stat): the children it waited for.
      const stat = out.trim().split('\n').pop().split(') ')[1].split(' ').map(Number);
      const errors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
      resolve({
        rps: num(/Requests\/sec:\s+([\d.]+)/), total: num(/(\d+) requests in/), non2xx: num(/Non-2xx or 3xx responses: (\d+)/),
        errors: errors ? Number(errors[1]) + Number(errors[2]) + Number(errors[3]) : 0, timeouts: errors ? Number(errors[4]) : 0,
        p50: ms(/50%\s+([\d.]+)(us|ms|s)/), p99: ms(/99%\s+([\d.]+)(us|ms|s)/), cpuMs: (stat[13] + stat[14]) * 10,
      });
    });
  });
}
