// Requests per second of an authenticated 20-row list of a module route on PostgreSQL
// (GET /api/v1/contacts/people?limit=20 with a bearer token) with module roles on, against a
// hand-written Express + postgres.js handler with the same token check and query (its own
// process), and the hub with module roles off, in one run. autocannon in its own process.
import { fork } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createDb, loadgen, login, serverRoot, startHubServer, startPostgres } from './server-lib.mjs';

const LOAD = { connections: 20, duration: 6 };

/** CPU time (µs) a process has used: this one, or a child read from /proc (Linux). */
const cpuOf = (pid) => {
  if (pid === undefined) { const c = process.cpuUsage(); return c.user + c.system; }
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 1e6 / 100; // utime + stime in clock ticks of 10 ms
};

/** The load, with the server process's CPU time per answered request (µs): on a shared machine
 *  requests per second follow the CPU this process gets, CPU per request does not. */
async function measured(target, headers, pid) {
  const before = cpuOf(pid);
  const result = await loadgen(target, { ...LOAD, headers });
  return { ...result, cpuPerRequest: (cpuOf(pid) - before) / result.total };
}

async function hubFigure(pg, dbName, env) {
  const root = serverRoot(['contacts']);
  const { hub, server, url } = await startHubServer(root, { databaseUrl: await createDb(pg.url, dbName), env });
  await hub.apply({ action: 'install', modules: ['contacts'] });
  const contacts = await hub.services('contacts');
  for (let i = 0; i < 30; i++) await contacts.createPerson({ firstName: `First${i}`, lastName: `Last${i}`, email: `p${i}@bench.local` });
  const token = await login(url);
  const headers = { authorization: `Bearer ${token}` };
  const target = `${url}/api/v1/contacts/people?limit=20`;
  const check = await (await fetch(target, { headers })).json();
  if (!Array.isArray(check) || check.length !== 20) throw new Error(`expected 20 rows, got ${JSON.stringify(check).slice(0, 200)}`);
  const roles = await hub.db.query(`SELECT count(*)::int AS n FROM pg_roles WHERE rolname = 'hub_' || left(encode(sha256(convert_to(current_database(), 'UTF8')), 'hex'), 8) || '_contacts'`);
  await loadgen(target, { ...LOAD, duration: 2, headers });
  // The hub serves from this process (the load generator runs in its own).
  const result = await measured(target, headers);
  return { result, token, dbUrl: hub.options.databaseUrl, roles: roles[0].n, stop: async () => { await server.close(); await hub.close(); rmSync(root, { recursive: true, force: true }); } };
}

async function handWritten(dbUrl, token, tokenCacheMs = 0) {
  const child = fork(fileURLToPath(new URL('./express-postgres-baseline.mjs', import.meta.url)), [dbUrl, String(tokenCacheMs)], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const { port } = await new Promise((resolve) => child.once('message', resolve));
  const target = `http://127.0.0.1:${port}/people`;
  const headers = { authorization: `Bearer ${token}` };
  const check = await (await fetch(target, { headers })).json();
  if (!Array.isArray(check) || check.length !== 20) throw new Error(`baseline: expected 20 rows, got ${JSON.stringify(check).slice(0, 200)}`);
  await loadgen(target, { ...LOAD, duration: 2, headers });
  const result = await measured(target, headers, child.pid);
  child.send('exit');
  await new Promise((resolve) => child.once('exit', resolve));
  return result;
}

export default async function () {
  const pg = await startPostgres();
  try {
    const on = await hubFigure(pg, 'bench_roles_on', {});
    if (on.roles !== 1) throw new Error('module roles are not on');
    await on.stop();
    const baseline = await handWritten(on.dbUrl, on.token);
    // The hub remembers a token check for up to 1 s (revocation is still seen within 1 s): the
    // same shortcut in the hand-written handler, so the comparison is not only about that query.
    const cachedBaseline = await handWritten(on.dbUrl, on.token, 1000);
    const off = await hubFigure(pg, 'bench_roles_off', { HUB_MODULE_ROLES: 'off' });
    await off.stop();
    const ok = (r) => r.non2xx === 0 && r.errors === 0;
    return [
      { name: 'module roles: authenticated GET /api/v1/contacts/people?limit=20, roles on, vs hand-written Express + postgres.js (PostgreSQL, 20 connections)', value: on.result.rps, unit: 'req/s', baseline: baseline.rps, ratio: on.result.rps / baseline.rps, goal: '>= 0.9x', meets: on.result.rps / baseline.rps >= 0.9 && ok(on.result) },
      { name: 'module roles: the same, roles on, vs the hand-written handler remembering a token check for 1 s as the hub does', value: on.result.rps, unit: 'req/s', baseline: cachedBaseline.rps, ratio: on.result.rps / cachedBaseline.rps, goal: null, meets: null },
      { name: 'module roles: server CPU per request, hand-written handler with the 1 s token cache vs hub with roles on', value: on.result.cpuPerRequest, unit: 'µs/req', baseline: cachedBaseline.cpuPerRequest, ratio: cachedBaseline.cpuPerRequest / on.result.cpuPerRequest, goal: null, meets: null },
      { name: 'module roles: the same with roles off (HUB_MODULE_ROLES=off)', value: off.result.rps, unit: 'req/s', baseline: baseline.rps, ratio: off.result.rps / baseline.rps, goal: null, meets: null },
      { name: 'module roles: server CPU per request, hand-written handler vs hub with roles on (higher is better for the hub)', value: on.result.cpuPerRequest, unit: 'µs/req', baseline: baseline.cpuPerRequest, ratio: baseline.cpuPerRequest / on.result.cpuPerRequest, goal: null, meets: null },
      { name: 'module roles: server CPU per request, hand-written handler vs hub with roles off', value: off.result.cpuPerRequest, unit: 'µs/req', baseline: baseline.cpuPerRequest, ratio: baseline.cpuPerRequest / off.result.cpuPerRequest, goal: null, meets: null },
      { name: 'module roles: roles on vs roles off', value: on.result.rps, unit: 'req/s', baseline: off.result.rps, ratio: on.result.rps / off.result.rps, goal: null, meets: null },
    ];
  } finally {
    await pg.stop();
  }
}
