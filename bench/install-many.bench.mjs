// Install of 200 route-only modules in one operation on PostgreSQL, through a running server (the
// install's transaction, then every route mounted and answering). A route-only module has no DDL,
// so what the operation costs beyond planning is the host's own work per module. Baseline: plan()
// of the same request in the same process. Goal: the whole operation <= 1.5 s.
// HUB_BENCH_MANY=<n> changes the number of modules (e.g. to profile with node --cpu-prof).
import { createDb, createServer, createHub, median, quiet, serverRoot, startPostgres, writeTrivialModule, ADMIN } from './server-lib.mjs';
import { rmSync } from 'node:fs';
import { join } from 'node:path';

const COUNT = Number(process.env.HUB_BENCH_MANY ?? 200);
const ROUNDS = 3;

export default async function () {
  const pg = await startPostgres();
  const root = serverRoot();
  const names = Array.from({ length: COUNT }, (_, i) => `many_${i}`);
  for (const name of names) writeTrivialModule(root, name);
  const hub = await createHub({
    hostDir: join(root, 'host'), dataDir: join(root, 'data'), addonsPaths: [join(root, 'addons')],
    databaseUrl: await createDb(pg.url, 'bench_many'), env: {}, logger: quiet,
  });
  const server = await createServer({ hub, port: 0, admin: ADMIN, logger: { level: 'silent' }, env: {} });
  const { url } = await server.listen();
  try {
    const plans = [];
    const applies = [];
    const served = [];
    for (let round = 0; round < ROUNDS + 1; round++) {
      let t0 = performance.now();
      await hub.plan({ action: 'install', modules: names });
      const planMs = performance.now() - t0;
      t0 = performance.now();
      await hub.apply({ action: 'install', modules: names });
      const applyMs = performance.now() - t0;
      // Mounted and answering on this instance (the server follows the hub's change event).
      await server.refresh();
      const answers = await Promise.all([names[0], names.at(-1)].map((n) => fetch(`${url}/api/v1/${n}/hello`).then((r) => r.status)));
      const servedMs = performance.now() - t0;
      if (answers.some((s) => s !== 200)) throw new Error(`routes answered ${answers.join(', ')} after the install`);
      if (round > 0) { plans.push(planMs); applies.push(applyMs); served.push(servedMs); } // round 0 warms imports
      await hub.apply({ action: 'uninstall', modules: names, options: { backup: false } });
      // A fresh install each round: the uninstalled rows are removed so the next one is a first install.
      await hub.db.exec(`DELETE FROM hub.modules WHERE name LIKE 'many\\_%'; DELETE FROM hub.migrations WHERE module LIKE 'many\\_%'`);
    }
    const planMs = median(plans);
    return [
      { name: `install ${COUNT} route-only modules in one operation, PostgreSQL: apply (vs plan)`, value: median(applies), unit: 'ms', baseline: planMs, ratio: median(applies) / planMs, goal: null, meets: null },
      { name: `install ${COUNT} route-only modules in one operation, PostgreSQL: apply + routes answering (vs plan)`, value: median(served), unit: 'ms', baseline: planMs, ratio: median(served) / planMs, goal: '<= 1500 ms', meets: median(served) <= 1500 },
    ];
  } finally {
    await server.close();
    await hub.close();
    await pg.stop();
    rmSync(root, { recursive: true, force: true });
  }
}
