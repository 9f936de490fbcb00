// `HUB_WORKERS=2` against one process on this machine: an authenticated 20-row list of contacts,
// the same PostgreSQL and data for both, load from a separate process (wrk when installed, which
// leaves the cores to what is measured; autocannon otherwise). Both hubs run side by side and are
// measured in turns, three rounds each, so that a slower minute of a shared machine falls on both;
// the figures are the medians. Besides requests per second it reports where the CPU went: the
// hub's processes (primary and each worker, from /proc), PostgreSQL and the load generator, so
// that a ratio limited by the machine (two cores shared by all three) can be told from one
// limited by the hub.
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { startPostgres } from '../tooling/src/postgres.mjs';
import { hasWrk, loadgen, wrkLoad } from './server-lib.mjs';
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

const ROUNDS = 8;
const ROUND_S = 2;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** A hub on `pgUrl` with `workers` processes, logged in, with contacts installed and 20 people. */
async function startHub(pgUrl, workers) {
  const hub = await startInstance({ databaseUrl: pgUrl, env: { HUB_WORKERS: String(workers) } });
  const token = (await call(hub.url, 'POST', '/api/v1/auth/login', { body: ADMIN })).body.token;
  if ((await call(hub.url, 'GET', '/api/v1/contacts/people', { token })).status === 404) {
    await call(hub.url, 'POST', '/api/v1/modules/install/contacts', { token });
    for (let i = 0; i < 20; i++) await call(hub.url, 'POST', '/api/v1/contacts/people', { token, body: { firstName: `P${i}`, lastName: 'Bench' } });
  }
  const pids = [hub.pid, ...(workers > 1 ? childrenOf(hub.pid) : [])];
  return { hub, token, pids };
}

export default async function run() {
  const generator = hasWrk() ? { name: 'wrk', load: wrkLoad } : { name: 'autocannon', load: loadgen };
  const pg = await startPostgres();
  const postmaster = Number(readFileSync(`${pg.dataDir}/postmaster.pid`, 'utf8').split('\n')[0]);
  const hubs = [];
  try {
    const one = await startHub(pg.url, 1);
    hubs.push(one.hub);
    const two = await startHub(pg.url, 2);
    hubs.push(two.hub);
    const target = ({ hub, token }) => ({ url: `${hub.url}/api/v1/contacts/people?limit=20`, headers: { authorization: `Bearer ${token}` } });
    /** One measured run of `connections` for ROUND_S seconds, with the CPU each part used. */
    const measure = async (side, connections) => {
      const { url, headers } = target(side);
      const { pids } = side;
      const before = pids.map(cpuMsOf);
      const pgBefore = treeCpuMs(postmaster);
      const result = await generator.load(url, { connections, duration: ROUND_S, headers });
      const cpu = pids.map((pid, i) => cpuMsOf(pid) - before[i]);
      return { ...result, hubCpuMs: cpu.reduce((a, b) => a + b, 0), perProcessCpuMs: cpu, pgCpuMs: treeCpuMs(postmaster) - pgBefore };
    };
    /**
     * Short rounds of one process then two workers, after a warm-up of each: the ratio is the
     * median of the rounds' ratios (each compares two runs a few seconds apart), and the round
     * with that ratio stands for the CPU figures.
     */
    const compare = async (connections) => {
      for (const side of [one, two]) await generator.load(target(side).url, { connections, duration: 1, headers: target(side).headers });
      const rounds = [];
      for (let r = 0; r < ROUNDS; r++) rounds.push({ one: await measure(one, connections), two: await measure(two, connections) });
      const ratios = rounds.map((r) => r.two.rps / r.one.rps);
      const ratio = median(ratios);
      return { connections, rounds, ratio, typical: rounds[ratios.indexOf(ratio)] };
    };
    const saturating = await compare(64);
    const fewer = await compare(20);
    const rpsOf = (c, side) => median(c.rounds.map((r) => r[side].rps));
    const perReq = (r, ms) => (ms * 1000) / r.total;
    const rounds = (c) => c.rounds.map((r) => `${Math.round(r.one.rps)}/${Math.round(r.two.rps)}`).join(', ');
    const non2xx = (c) => c.rounds.reduce((n, r) => n + r.one.non2xx + r.two.non2xx + r.one.errors + r.two.errors, 0);
    const { one: o, two: t } = saturating.typical;
    return [
      {
        name: `cluster: 20-row list, --workers 2 vs one process, 64 connections (${generator.name}; median ratio of ${ROUNDS} rounds of ${ROUND_S} s, one/two: ${rounds(saturating)} req/s; non-2xx and errors ${non2xx(saturating)})`,
        value: rpsOf(saturating, 'two'), unit: 'req/s', baseline: rpsOf(saturating, 'one'), ratio: saturating.ratio, goal: '>= 1.5x', meets: saturating.ratio >= 1.5,
      },
      {
        name: `cluster: the same at 20 connections, 10 per worker (rounds ${rounds(fewer)} req/s; non-2xx and errors ${non2xx(fewer)})`,
        value: rpsOf(fewer, 'two'), unit: 'req/s', baseline: rpsOf(fewer, 'one'), ratio: fewer.ratio, goal: null, meets: null,
      },
      {
        name: `cluster: hub CPU per request at 64 connections, --workers 2 (primary, workers: ${t.perProcessCpuMs.join(', ')} ms in ${ROUND_S} s) vs one process (${o.hubCpuMs} ms)`,
        value: perReq(t, t.hubCpuMs), unit: 'µs/req', baseline: perReq(o, o.hubCpuMs), ratio: perReq(t, t.hubCpuMs) / perReq(o, o.hubCpuMs), goal: null, meets: null,
      },
      {
        name: 'cluster: PostgreSQL CPU per request at 64 connections, --workers 2 vs one process',
        value: perReq(t, t.pgCpuMs), unit: 'µs/req', baseline: perReq(o, o.pgCpuMs), ratio: (t.pgCpuMs / t.total) / (o.pgCpuMs / o.total), goal: null, meets: null,
      },
      {
        name: `cluster: all CPU in ${ROUND_S} s at 64 connections with --workers 2 (hub + PostgreSQL + ${generator.name}; the machine has ${cores} cores = ${cores * ROUND_S * 1000} ms)`,
        value: t.hubCpuMs + t.pgCpuMs + t.cpuMs, unit: 'ms', baseline: cores * ROUND_S * 1000, ratio: (t.hubCpuMs + t.pgCpuMs + t.cpuMs) / (cores * ROUND_S * 1000), goal: null, meets: null,
      },
      {
        // One process keeps one core busy with h per request; two workers share every core with
        // PostgreSQL and the load generator: at best cores·h / (h + p + l) times as many requests.
        name: `cluster: the most --workers 2 can give on ${cores} cores, cores·h/(h+p+l) from one process's CPU per request (hub h, PostgreSQL p, ${generator.name} l)`,
        value: (Math.min(cores, 2) * o.hubCpuMs) / (o.hubCpuMs + o.pgCpuMs + o.cpuMs), unit: 'x', baseline: null, ratio: null, goal: null, meets: null,
      },
      {
        name: `cluster: ${generator.name} CPU per request at 64 connections, --workers 2 vs one process`,
        value: perReq(t, t.cpuMs), unit: 'µs/req', baseline: perReq(o, o.cpuMs), ratio: (t.cpuMs / t.total) / (o.cpuMs / o.total), goal: null, meets: null,
      },
    ];
  } finally {
    for (const hub of hubs) await hub.stop();
    await pg.stop();
  }
}
