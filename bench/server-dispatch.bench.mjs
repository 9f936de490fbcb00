// A trivial module route through the hub with 200 generated modules mounted (the target last),
// vs the same handler on a bare Express app (and on one served like the hub's); autocannon in its
// own process on loopback.
import { fork } from 'node:child_process';
import { createServer as createHttpServer } from 'node:http';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createDb, loadgen, median, repo, serverRoot, shapedMessages, startHubServer, startPostgres, writeTrivialModule } from './server-lib.mjs';

const express = createRequire(join(repo, 'packages/server/package.json'))('express');

const MODULES = 200;
const PAIRS = 16;

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

  // The same handler function on a bare Express app: the baseline. Express 5 swaps the
  // prototype of every request and adds fields to it, which costs more than a small route; the
  // hub's HTTP server makes requests already shaped (shapedMessages), so it beats plain Express by
  // far. It runs in its own lean process, so that its re-shaped requests do not slow the JIT state
  // of the hub's process. What the hub's routing itself costs (front middleware, prefix dispatch,
  // the module's router, metrics) is measured against a bare Express app in the hub's process that
  // is served with the same request classes and sends the same headers (request id and security
  // headers, taken from a hub answer): only the way to the handler differs.
  const route = '/api/v1/zz_target/hello';
  const handlerFile = join(root, 'addons', 'zz_target', 'index.js');
  const plainExpress = () => new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(new URL('./express-baseline-server.mjs', import.meta.url)), [handlerFile, 'hello', route]);
    child.once('error', reject);
    child.once('message', ({ port }) => resolve({
      url: `http://127.0.0.1:${port}${route}`,
      cpu: () => new Promise((res) => { child.once('message', (m) => res(m.cpu)); child.send('cpu'); }),
      stop: () => new Promise((res) => { child.once('exit', res); child.send('exit'); }),
    }));
  });
  const { hello } = await import(pathToFileURL(handlerFile).href);
  const probe = await fetch(`${url}${route}`);
  const generic = new Set(['date', 'connection', 'keep-alive', 'content-length', 'content-type', 'etag', 'x-request-id']);
  const hubHeaders = [...probe.headers].filter(([name]) => !generic.has(name));
  if (hubHeaders.length === 0 || !probe.headers.has('x-request-id')) throw new Error('the hub sent no security headers or request id');
  let counter = 0;
  const shapedApp = express();
  shapedApp.disable('x-powered-by');
  shapedApp.use((_req, res, next) => {
    res.setHeader('x-request-id', `bench-${(++counter).toString(36)}`);
    for (const [name, value] of hubHeaders) res.setHeader(name, value);
    next();
  });
  shapedApp.get(route, hello);
  const shapedServer = await new Promise((resolve) => { const s = createHttpServer(shapedMessages(shapedApp), shapedApp).listen(0, '127.0.0.1', () => resolve(s)); });
  const servers = {
    hub: { url: `${url}${route}`, cpu: async () => process.cpuUsage() },
    bare: await plainExpress(),
    shaped: { url: `http://127.0.0.1:${shapedServer.address().port}${route}`, cpu: async () => process.cpuUsage(), stop: () => new Promise((r) => shapedServer.close(r)) },
  };

  // The CPU time a server's process spends per request is the cost of its stack; it is steadier
  // than req/s on a busy machine (and the load generator, on the other core, can be the limit).
  const measure = async (k) => {
    const before = await servers[k].cpu();
    const r = await loadgen(servers[k].url, { duration: 2 });
    const after = await servers[k].cpu();
    return { rps: r.rps, cpuUs: (after.user - before.user + after.system - before.system) / r.total, non2xx: r.non2xx + r.errors };
  };
  for (const k of Object.keys(servers)) await measure(k);
  // The hub and its equal-footing baseline are measured back to back in alternating order, so both
  // runs of a pair see the same machine; the ratio is the median of the pairs.
  const pairs = [];
  for (let i = 0; i < PAIRS; i++) {
    const pair = {};
    for (const k of i % 2 === 0 ? ['hub', 'shaped'] : ['shaped', 'hub']) pair[k] = await measure(k);
    if (i % 4 === 0) pair.bare = await measure('bare');
    pairs.push(pair);
    if (process.env.HUB_BENCH_VERBOSE) console.error(JSON.stringify(Object.fromEntries(Object.entries(pair).map(([k, v]) => [k, [Math.round(v.rps), v.cpuUs.toFixed(1)]]))));
  }
  const withBare = pairs.filter((p) => p.bare);
  const med = (k, f) => median(pairs.filter((p) => p[k]).map((p) => f(p[k])));
  const vsBare = median(withBare.map((p) => p.hub.rps / p.bare.rps));
  const vsShaped = median(pairs.map((p) => p.hub.rps / p.shaped.rps));
  const cpuVsShaped = median(pairs.map((p) => p.shaped.cpuUs / p.hub.cpuUs));
  const failed = pairs.reduce((n, p) => n + p.hub.non2xx, 0);
  await Promise.all([servers.bare.stop(), servers.shaped.stop()]);
  await server.close();
  await hub.close();
  await pg.stop();
  return [
    { name: `dispatch: trivial route req/s, ${MODULES} modules mounted (target last) vs bare Express (median of ${withBare.length} runs)`, value: med('hub', (x) => x.rps), unit: 'req/s', baseline: med('bare', (x) => x.rps), ratio: vsBare, goal: '>= 0.95', meets: vsBare >= 0.95 && failed === 0 },
    // Informational: on the 2-vCPU machine these were written on, single 2 s runs of one server
    // differ by up to ±30% (CPU steal), and these medians came out between 0.87 and 1.03 from run
    // to run, while a sampling profile of both in one process showed the same server time per request.
    { name: `dispatch: the hub's routing alone: same vs Express served like the hub with the same headers (median of ${PAIRS} adjacent pairs)`, value: med('hub', (x) => x.rps), unit: 'req/s', baseline: med('shaped', (x) => x.rps), ratio: vsShaped, goal: null, meets: null },
    { name: 'dispatch: the hub\'s routing alone, from server CPU time per request (Express / hub)', value: 1e6 / med('hub', (x) => x.cpuUs), unit: 'req/s per core', baseline: 1e6 / med('shaped', (x) => x.cpuUs), ratio: cpuVsShaped, goal: null, meets: null },
    { name: `dispatch: installing ${MODULES} route-only modules in one operation`, value: installMs, unit: 'ms', baseline: null, ratio: null, goal: null, meets: null },
  ];
}
