// Resident memory over install/uninstall cycles of a small module through the server API:
// after 100 cycles relative to after the first (garbage collected before each reading).
import { createDb, login, serverRoot, startHubServer, startPostgres, writeSmallModule } from './server-lib.mjs';

const CYCLES = 100;
const TIME_BUDGET_MS = 90_000;

const rss = () => { globalThis.gc?.(); globalThis.gc?.(); return process.memoryUsage().rss / 1024 / 1024; };

export default async function () {
  const pg = await startPostgres();
  const root = serverRoot();
  writeSmallModule(root, 'bench_cycle');
  const { hub, server, url } = await startHubServer(root, { databaseUrl: await createDb(pg.url, 'bench_memory') });
  const token = await login(url);
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const call = async (path, body) => {
    const r = await fetch(`${url}${path}`, { method: 'POST', headers, body: body ? JSON.stringify(body) : undefined });
    await r.arrayBuffer();
    if (r.status !== 200) throw new Error(`${path}: ${r.status}`);
  };
  const cycle = async () => {
    await call('/api/v1/modules/install/bench_cycle');
    const r = await fetch(`${url}/api/v1/bench_cycle/items`);
    await r.arrayBuffer();
    await call('/api/v1/modules/uninstall/bench_cycle', { drop_tables: true, backup: false });
  };
  const heap = () => process.memoryUsage().heapUsed / 1024 / 1024;
  const idle = rss();
  await cycle();
  const afterFirst = rss();
  const heapFirst = heap();
  const t0 = performance.now();
  let done = 1;
  let atHalf = 0;
  while (done < CYCLES && performance.now() - t0 < TIME_BUDGET_MS) {
    await cycle();
    done++;
    if (done === CYCLES / 2) atHalf = rss();
  }
  const afterAll = rss();
  const heapAll = heap();
  await server.close();
  await hub.close();
  await pg.stop();
  return [
    { name: `memory: RSS after ${done} install/uninstall cycles vs after the first`, value: afterAll, unit: 'MB', baseline: afterFirst, ratio: afterAll / afterFirst, goal: '<= 1.2x', meets: afterAll / afterFirst <= 1.2 },
    { name: `memory: RSS after ${done} cycles vs after ${CYCLES / 2} (growth once warm)`, value: afterAll, unit: 'MB', baseline: atHalf || null, ratio: atHalf ? afterAll / atHalf : null, goal: null, meets: null },
    { name: `memory: JS heap used after ${done} cycles vs after the first (200 operations kept in memory by design)`, value: heapAll, unit: 'MB', baseline: heapFirst, ratio: heapAll / heapFirst, goal: null, meets: null },
    { name: 'memory: RSS of the bench process with hub + server started, idle (base only)', value: idle, unit: 'MB', baseline: null, ratio: null, goal: '< 150 MB', meets: idle < 150 },
  ];
}
