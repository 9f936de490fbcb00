// Installing a small module through the running server (HTTP, superuser token), while another
// module's route is polled by autocannon (200 req/s, logged in) in its own process: time to done, and the share of
// non-2xx answers of the loaded route meanwhile. Baseline: the same install through the engine directly.
import { ADMIN, createDb, loadgen, login, median, serverRoot, startHubServer, startPostgres, writeSmallModule } from './server-lib.mjs';

const CYCLES = 6;

export default async function () {
  const pg = await startPostgres();
  const root = serverRoot();
  writeSmallModule(root, 'bench_small');
  writeSmallModule(root, 'bench_other');
  const { hub, server, url } = await startHubServer(root, { databaseUrl: await createDb(pg.url, 'bench_install') });
  await hub.apply({ action: 'install', modules: ['bench_other'] });
  await server.refresh();
  const token = await login(url);
  const auth = { authorization: `Bearer ${token}` };
  void ADMIN;

  // Engine only (warm-up included): install + uninstall.
  const direct = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    await hub.apply({ action: 'install', modules: ['bench_small'] });
    direct.push(performance.now() - t0);
    await hub.apply({ action: 'uninstall', modules: ['bench_small'], options: { dropTables: true, backup: false } });
  }

  // Through the server while bench_other/items is polled (200 requests/s from another process).
  const load = loadgen(`${url}/api/v1/bench_other/items`, { connections: 2, overallRate: 200, duration: 4 + CYCLES * 2, headers: auth });
  await new Promise((r) => setTimeout(r, 1000));
  const times = [];
  let failedOps = 0;
  for (let i = 0; i < CYCLES; i++) {
    const t0 = performance.now();
    const r = await fetch(`${url}/api/v1/modules/install/bench_small`, { method: 'POST', headers: auth });
    const served = (await fetch(`${url}/api/v1/bench_small/items`, { headers: auth })).status === 200;
    times.push(performance.now() - t0);
    if (r.status !== 200 || !served) failedOps++;
    await r.arrayBuffer().catch(() => {});
    const u = await fetch(`${url}/api/v1/modules/uninstall/bench_small`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ drop_tables: true, backup: false }) });
    if (u.status !== 200) failedOps++;
    await u.arrayBuffer();
    await new Promise((r) => setTimeout(r, 300));
  }
  const polled = await load;
  await server.close();
  await hub.close();
  await pg.stop();
  const ms = median(times);
  const badShare = (polled.non2xx + polled.errors + polled.timeouts) / Math.max(1, polled.total);
  return [
    { name: 'install: small module through the server, request to route answering (median)', value: ms, unit: 'ms', baseline: median(direct), ratio: ms / median(direct), goal: '< 500 ms', meets: ms < 500 && failedOps === 0 },
    { name: `install: non-2xx share of another module's route under load during ${CYCLES} install/uninstall cycles (${polled.total} requests)`, value: badShare * 100, unit: '%', baseline: null, ratio: null, goal: '0 failed', meets: badShare === 0 },
  ];
}
