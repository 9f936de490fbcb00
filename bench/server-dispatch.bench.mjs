// A trivial module route through the hub with 200 generated modules mounted (the target last),
// vs the same handler on a bare Express app; autocannon in its own process on loopback.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createDb, loadgen, median, repo, serverRoot, startHubServer, startPostgres, writeTrivialModule } from './server-lib.mjs';

const MODULES = 200;
const express = createRequire(join(repo, 'packages/server/package.json'))('express');

export default async function () {
  const pg = await startPostgres();
  const root = serverRoot();
  const names = Array.from({ length: MODULES }, (_, i) => (i === MODULES - 1 ? 'zz_target' : `m${String(i).padStart(3, '0')}`));
  for (const n of names) writeTrivialModule(root, n);
  const { hub, server, url } = await startHubServer(root, { databaseUrl: await createDb(pg.url, 'bench_dispatch') });
  const t0 = performance.now();
  await hub.apply({ action: 'install', modules: names });
  await server.refresh();
  const installMs = performance.now() - t0;
  const mounted = (await (await fetch(`${url}/api/v1/zz_target/hello`)).json()).hello === 'world';
  if (!mounted) throw new Error('target not mounted');

  // The same handler function, on a bare Express app.
  const { hello } = await import(pathToFileURL(join(root, 'addons', 'zz_target', 'index.js')).href);
  const bare = express();
  bare.get('/api/v1/zz_target/hello', hello);
  const bareServer = await new Promise((resolve) => { const s = bare.listen(0, '127.0.0.1', () => resolve(s)); });
  const bareUrl = `http://127.0.0.1:${bareServer.address().port}`;

  const hubUrl = `${url}/api/v1/zz_target/hello`;
  const bareTarget = `${bareUrl}/api/v1/zz_target/hello`;
  // Both servers live in this process and only one is loaded at a time, so the CPU time this
  // process spends per request is the cost of that stack; it is steadier than req/s on a busy machine.
  const measure = async (target) => {
    const cpu = process.cpuUsage();
    const r = await loadgen(target, { duration: 3 });
    const used = process.cpuUsage(cpu);
    return { rps: r.rps, cpuUs: (used.user + used.system) / r.total, non2xx: r.non2xx + r.errors };
  };
  await measure(hubUrl);
  await measure(bareTarget);
  const pairs = [];
  for (let i = 0; i < 5; i++) {
    const first = i % 2 === 0;
    const a = await measure(first ? bareTarget : hubUrl);
    const b = await measure(first ? hubUrl : bareTarget);
    pairs.push(first ? { bare: a, hub: b } : { bare: b, hub: a });
  }
  const hubRps = median(pairs.map((p) => p.hub.rps));
  const bareRps = median(pairs.map((p) => p.bare.rps));
  const rpsRatio = median(pairs.map((p) => p.hub.rps / p.bare.rps));
  const hubCpu = median(pairs.map((p) => p.hub.cpuUs));
  const bareCpu = median(pairs.map((p) => p.bare.cpuUs));
  const failed = pairs.reduce((n, p) => n + p.hub.non2xx, 0);
  await new Promise((r) => bareServer.close(r));
  await server.close();
  await hub.close();
  await pg.stop();
  return [
    { name: `dispatch: trivial route req/s, ${MODULES} modules mounted (target last) vs bare Express (median of 5 paired runs)`, value: hubRps, unit: 'req/s', baseline: bareRps, ratio: rpsRatio, goal: '>= 0.95', meets: rpsRatio >= 0.95 && failed === 0 },
    { name: 'dispatch: same, as throughput from server CPU time per request (bare / hub)', value: 1e6 / hubCpu, unit: 'req/s per core', baseline: 1e6 / bareCpu, ratio: bareCpu / hubCpu, goal: '>= 0.95', meets: bareCpu / hubCpu >= 0.95 },
    { name: `dispatch: installing ${MODULES} route-only modules in one operation`, value: installMs, unit: 'ms', baseline: null, ratio: null, goal: null, meets: null },
  ];
}
