// A trivial module route through the hub with 200 generated modules mounted (the target last),
// vs the same handler on a bare Express app; autocannon in its own process on loopback.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createDb, loadgen, repo, serverRoot, startHubServer, startPostgres, writeTrivialModule } from './server-lib.mjs';

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
  await loadgen(hubUrl, { duration: 2 });
  await loadgen(bareTarget, { duration: 2 });
  const hubRuns = [];
  const bareRuns = [];
  for (let i = 0; i < 3; i++) {
    bareRuns.push((await loadgen(bareTarget, { duration: 4 })).rps);
    hubRuns.push((await loadgen(hubUrl, { duration: 4 })).rps);
  }
  const best = (xs) => Math.max(...xs);
  const hubRps = best(hubRuns);
  const bareRps = best(bareRuns);
  await new Promise((r) => bareServer.close(r));
  await server.close();
  await hub.close();
  await pg.stop();
  return [
    { name: `dispatch: trivial route, ${MODULES} modules mounted (target last) vs bare Express`, value: hubRps, unit: 'req/s', baseline: bareRps, ratio: hubRps / bareRps, goal: '>= 0.95', meets: hubRps / bareRps >= 0.95 },
    { name: `dispatch: installing ${MODULES} route-only modules in one operation`, value: installMs, unit: 'ms', baseline: null, ratio: null, goal: null, meets: null },
  ];
}
