// plan() over 10, 100 and 200 discovered generated modules (install of all of them, dependencies
// between them): time per module must stay flat (linear growth). Each size is a fresh set of
// modules (imports, snapshots and diffs are not cached from a previous size) in a warm process.
import { join } from 'node:path';
import { createHub } from '../packages/core/dist/index.js';
import { startPostgres } from '../tooling/src/postgres.mjs';
import { benchRoot, writeModule } from '../packages/core/test/bench/genModules.mjs';

const SIZES = [10, 100, 200];
const ROUNDS = 3;
const quiet = { debug() {}, info() {}, warn() {}, error() {} };

async function planOnce(url, size, prefix) {
  const root = benchRoot();
  const names = Array.from({ length: size }, (_, i) => `${prefix}${i}`);
  names.forEach((name, i) => {
    const depends = i === 0 ? [] : [names[Math.floor((i - 1) / 2)], ...(i > 2 ? [names[i - 2]] : [])];
    writeModule(root, name, { tables: 3, depends: [...new Set(depends)] });
  });
  const hub = await createHub({ hostDir: join(root, 'host'), dataDir: join(root, 'data'), addonsPaths: [join(root, 'addons')], databaseUrl: url, logger: quiet, env: {} });
  try {
    const t0 = performance.now();
    const plan = await hub.plan({ action: 'install', modules: [names.at(-1), ...names.slice(0, -1)] });
    const ms = performance.now() - t0;
    if (plan.modules.length !== size) throw new Error(`plan has ${plan.modules.length} modules, expected ${size}`);
    // The same plan again in the same process (code imported, snapshots and diffs cached): median of 5.
    const warm = [];
    for (let i = 0; i < 5; i++) {
      const t1 = performance.now();
      await hub.plan({ action: 'install', modules: names });
      warm.push(performance.now() - t1);
    }
    return { ms, warmMs: warm.sort((a, b) => a - b)[2] };
  } finally {
    await hub.close();
  }
}

export default async function () {
  const pg = await startPostgres();
  try {
    await planOnce(pg.url, 5, 'warm'); // loads drizzle-kit and warms the process
    // Each size ROUNDS times, interleaved (so load on the machine hits every size alike), medians.
    const cold = Object.fromEntries(SIZES.map((s) => [s, []]));
    const hot = Object.fromEntries(SIZES.map((s) => [s, []]));
    for (let round = 0; round < ROUNDS; round++) {
      for (const size of SIZES) {
        const r = await planOnce(pg.url, size, `r${round}_m${size}_`);
        cold[size].push(r.ms / size);
        hot[size].push(r.warmMs / size);
      }
    }
    const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const per = Object.fromEntries(SIZES.map((s) => [s, median(cold[s])]));
    const warm = Object.fromEntries(SIZES.map((s) => [s, median(hot[s])]));
    const entries = SIZES.map((size) => ({
      name: `plan install of ${size} modules: time per module`, value: per[size], unit: 'ms/module',
      baseline: per[SIZES[0]], ratio: per[size] / per[SIZES[0]], goal: size === 200 ? '<= 1.5' : null,
      meets: size === 200 ? per[size] / per[SIZES[0]] <= 1.5 : null,
    }));
    for (const size of SIZES) {
      entries.push({
        name: `plan again (warm, cached) of ${size} modules: time per module`, value: warm[size], unit: 'ms/module',
        baseline: warm[SIZES[0]], ratio: warm[size] / warm[SIZES[0]], goal: null, meets: null,
      });
    }
    return entries;
  } finally {
    await pg.stop();
  }
}
