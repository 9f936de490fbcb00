// `HUB_WORKERS=2` against one process on this machine: an authenticated 20-row list of contacts,
// the same PostgreSQL and data for both, load from a separate process (autocannon, keep-alive).
// Besides requests per second it reports where the CPU went: the hub's processes (primary and
// each worker, from /proc), the load generator, so that a ratio limited by the machine (two cores
// shared by the load generator, PostgreSQL and the workers) can be told from one limited by the hub.
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { startPostgres } from '../tooling/src/postgres.mjs';
import { loadgen } from './server-lib.mjs';
import { ADMIN, call, startInstance } from '../apps/hub/test/cluster.mjs';

const cores = availableParallelism();
const TICK_MS = 10; // /proc/<pid>/stat counts CPU time in clock ticks of 10 ms (CLK_TCK 100)
// Fields of /proc/<pid>/stat after the command: utime, stime at 11-12; cutime, cstime (reaped children) at 13-14.
const statOf = (pid) => readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ').map(Number);
const cpuMsOf = (pid) => { const f = statOf(pid); return (f[11] + f[12]) * TICK_MS; };
/** CPU of a process and its children, living and (reaped) ended ones: PostgreSQL's backends are children of the postmaster. */
const treeCpuMs = (pid) => {
  const f = statOf(pid);
  const own = (f[11] + f[12] + f[13] + f[14]) * TICK_MS;
  return own + childrenOf(pid).reduce((sum, child) => { try { return sum + cpuMsOf(child); } catch { return sum; } }, 0);
};
const childrenOf = (pid) => readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);

export default async function run() {
  const pg = await startPostgres();
  const postmaster = Number(readFileSync(`${pg.dataDir}/postmaster.pid`, 'utf8').split('\n')[0]);
  try {
    const measure = async (workers) => {
      const hub = await startInstance({ databaseUrl: pg.url, env: { HUB_WORKERS: String(workers) } });
      try {
        const token = (await call(hub.url, 'POST', '/api/v1/auth/login', { body: ADMIN })).body.token;
        if ((await call(hub.url, 'GET', '/api/v1/contacts/people', { token })).status === 404) {
          await call(hub.url, 'POST', '/api/v1/modules/install/contacts', { token });
          for (let i = 0; i < 20; i++) await call(hub.url, 'POST', '/api/v1/contacts/people', { token, body: { firstName: `P${i}`, lastName: 'Bench' } });
        }
        const headers = { authorization: `Bearer ${token}` };
        await loadgen(`${hub.url}/api/v1/contacts/people?limit=20`, { connections: 20, duration: 2, headers }); // warm-up
        const pids = [hub.pid, ...(workers > 1 ? childrenOf(hub.pid) : [])];
        const before = pids.map(cpuMsOf);
        const pgBefore = treeCpuMs(postmaster);
        const result = await loadgen(`${hub.url}/api/v1/contacts/people?limit=20`, { connections: 20, duration: 5, headers });
        const cpu = pids.map((pid, i) => cpuMsOf(pid) - before[i]);
        return { ...result, hubCpuMs: cpu.reduce((a, b) => a + b, 0), perProcessCpuMs: cpu, pgCpuMs: treeCpuMs(postmaster) - pgBefore };
      } finally {
        await hub.stop();
      }
    };
    const one = await measure(1);
    const two = await measure(2);
    const ratio = two.rps / one.rps;
    const perReq = (r, ms) => (ms * 1000) / r.total;
    return [
      {
        name: `cluster: 20-row list, --workers 2 vs one process (${Math.round(one.rps)} req/s; non-2xx ${two.non2xx + one.non2xx})`,
        value: two.rps, unit: 'req/s', baseline: one.rps, ratio, goal: '>= 1.5x', meets: ratio >= 1.5,
      },
      {
        name: `cluster: hub CPU per request, --workers 2 (primary, workers: ${two.perProcessCpuMs.join(', ')} ms in 5 s) vs one process (${one.hubCpuMs} ms)`,
        value: perReq(two, two.hubCpuMs), unit: 'µs/req', baseline: perReq(one, one.hubCpuMs), ratio: perReq(two, two.hubCpuMs) / perReq(one, one.hubCpuMs), goal: null, meets: null,
      },
      {
        name: 'cluster: PostgreSQL CPU in 5 s, with --workers 2 vs one process',
        value: two.pgCpuMs, unit: 'ms', baseline: one.pgCpuMs, ratio: two.pgCpuMs / one.pgCpuMs, goal: null, meets: null,
      },
      {
        name: `cluster: all CPU in 5 s with --workers 2 (hub + PostgreSQL + load generator; the machine has ${cores} cores = ${cores * 5000} ms)`,
        value: two.hubCpuMs + two.pgCpuMs + two.cpuMs, unit: 'ms', baseline: cores * 5000, ratio: (two.hubCpuMs + two.pgCpuMs + two.cpuMs) / (cores * 5000), goal: null, meets: null,
      },
      {
        name: `cluster: load generator CPU in 5 s, with --workers 2 vs one process (a core is ${5000} ms)`,
        value: two.cpuMs, unit: 'ms', baseline: one.cpuMs, ratio: two.cpuMs / one.cpuMs, goal: null, meets: null,
      },
    ];
  } finally {
    await pg.stop();
  }
}
