// Requests per second of an authenticated list endpoint reading 20 rows from PostgreSQL
// (GET /api/v1/base/users?limit=20 with a bearer token), autocannon in its own process.
// Baseline: GET /api/v1/health (one `select 1`, no token) on the same server.
import { createDb, loadgen, login, serverRoot, startHubServer, startPostgres } from './server-lib.mjs';

export default async function () {
  const pg = await startPostgres();
  const root = serverRoot();
  const { hub, server, url } = await startHubServer(root, { databaseUrl: await createDb(pg.url, 'bench_list') });
  const base = await hub.services('base');
  for (let i = 0; i < 30; i++) await base.createUser({ email: `user${i}@bench.local`, name: `User ${i}` });
  const token = await login(url);
  const target = `${url}/api/v1/base/users?limit=20`;
  const check = await (await fetch(target, { headers: { authorization: `Bearer ${token}` } })).json();
  if (check.items?.length !== 20) throw new Error(`expected 20 rows, got ${JSON.stringify(check).slice(0, 200)}`);
  const headers = { authorization: `Bearer ${token}` };
  await loadgen(target, { connections: 20, duration: 2, headers });
  const cpu = process.cpuUsage();
  const list = await loadgen(target, { connections: 20, duration: 8, headers });
  const used = process.cpuUsage(cpu);
  const cpuUs = (used.user + used.system) / list.total;
  const health = await loadgen(`${url}/api/v1/health`, { connections: 20, duration: 5 });
  await server.close();
  await hub.close();
  await pg.stop();
  return [
    { name: 'list: authenticated GET /api/v1/base/users?limit=20 on PostgreSQL (20 connections)', value: list.rps, unit: 'req/s', baseline: health.rps, ratio: list.rps / health.rps, goal: '>= 2000 req/s', meets: list.rps >= 2000 && list.non2xx === 0 },
    { name: 'list: the same as hub-process CPU per request (PostgreSQL and the load generator not counted)', value: 1e6 / cpuUs, unit: 'req/s per core', baseline: null, ratio: null, goal: null, meets: null },
    { name: 'list: p99 latency of the same', value: list.p99, unit: 'ms', baseline: health.p99, ratio: null, goal: null, meets: null },
  ];
}
