// Three hub instances (real processes) on one PostgreSQL: how fast a change reaches the others,
// how fast an instance whose LISTEN connection was cut converges, and how many requests fail
// while a module with an extension, an override and a wrapper is changed under load.
import { startPostgres } from '../tooling/src/postgres.mjs';
import { openDatabase } from '../packages/core/dist/index.js';
import { ADMIN, call, startInstance, startLoad } from '../apps/hub/test/cluster.mjs';

const pause = (ms) => new Promise((r) => setTimeout(r, ms));
const percentile = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]; };

export default async function run() {
  const pg = await startPostgres();
  const db = await openDatabase({ url: pg.url, max: 2 });
  const instances = [];
  try {
    for (let i = 0; i < 3; i++) instances.push(await startInstance({ databaseUrl: pg.url }));
    const token = (await call(instances[0].url, 'POST', '/api/v1/auth/login', { body: ADMIN })).body.token;
    const status = async (i) => (await call(instances[i].url, 'GET', '/api/v1/contacts/people?limit=1', { token })).status;

    // The change itself, not the drain before an uninstall (which advances the generation too).
    const contactsState = async () => (await db.query("SELECT state FROM hub.modules WHERE name = 'contacts'"))[0]?.state ?? 'available';
    /** Starts the change through instance 0; resolves with ms from its commit (seen by polling contacts' row) to `want` on `on`. */
    const propagation = async (path, body, want, on) => {
      const before = await contactsState();
      const op = call(instances[0].url, 'POST', path, { token, body });
      let committedAt;
      // Polled about every millisecond, not in a busy loop: on two cores a busy loop's own requests
      // and queries take the CPU the instances need to follow the change (it measured itself).
      while (!committedAt) { if ((await contactsState()) !== before) committedAt = performance.now(); else await pause(1); }
      const times = await Promise.all(on.map(async (i) => { while ((await status(i)) !== want) await pause(1); return performance.now() - committedAt; }));
      const r = await op;
      if (r.status !== 200) throw new Error(`${path}: ${r.status} ${JSON.stringify(r.body)}`);
      return times;
    };

    const samples = [];
    const byKind = { install: [], uninstall: [] };
    for (let n = 0; n < 20; n++) {
      const install = n % 2 === 0;
      const times = await propagation(install ? '/api/v1/modules/install/contacts' : '/api/v1/modules/uninstall/contacts', install ? undefined : { drop_tables: true }, install ? 200 : 404, [1, 2]);
      samples.push(...times);
      byKind[install ? 'install' : 'uninstall'].push(...times);
    }

    // Convergence: the LISTEN connection of instance 2 is cut just before the change.
    const converge = [];
    for (let n = 0; n < 4; n++) {
      await db.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1 AND query ILIKE 'listen%'", [`hub/${instances[2].id}`]);
      const install = n % 2 === 0;
      converge.push(...await propagation(install ? '/api/v1/modules/install/contacts' : '/api/v1/modules/uninstall/contacts', install ? undefined : { drop_tables: true }, install ? 200 : 404, [2]));
    }

    // Failed requests during a lifecycle cycle of contacts_loyalty under load on all three.
    await call(instances[0].url, 'POST', '/api/v1/modules/install/contacts_loyalty', { token });
    const person = await call(instances[0].url, 'POST', '/api/v1/contacts/people', { token, body: { firstName: 'Ada' } });
    const load = startLoad(instances, `/api/v1/contacts/people/${person.body.id}`, { token });
    const steps = [['1', '/api/v1/modules/contacts_loyalty/disable'], ['2', '/api/v1/modules/contacts_loyalty/enable'],
      ['0', '/api/v1/modules/uninstall/contacts_loyalty', { drop_tables: true }], ['1', '/api/v1/modules/install/contacts_loyalty']];
    for (const [i, path, body] of steps) await call(instances[Number(i)].url, 'POST', path, { token, body });
    const answers = await load.stop();
    const failed = answers.filter((a) => a.status !== 200 && !(a.status === 503 && a.retryAfter)).length;
    const drained = answers.filter((a) => a.status === 503).length;

    const p50 = percentile(samples, 50);
    const p99 = percentile(samples, 99);
    return [
      { name: 'cluster: propagation p50 (3 instances, 20 changes)', value: p50, unit: 'ms', baseline: null, ratio: null, goal: null, meets: null },
      { name: 'cluster: propagation p50 of the installs (the others import and mount the module)', value: percentile(byKind.install, 50), unit: 'ms', baseline: null, ratio: null, goal: null, meets: null },
      { name: 'cluster: propagation p50 of the uninstalls (the others unmount it when told)', value: percentile(byKind.uninstall, 50), unit: 'ms', baseline: null, ratio: null, goal: null, meets: null },
      { name: 'cluster: propagation p99 (3 instances, 20 changes)', value: p99, unit: 'ms', baseline: 100, ratio: p99 / 100, goal: '< 100 ms', meets: p99 < 100 },
      { name: 'cluster: convergence after a cut LISTEN (max of 4)', value: Math.max(...converge), unit: 'ms', baseline: 1000, ratio: Math.max(...converge) / 1000, goal: '< 1000 ms', meets: Math.max(...converge) < 1000 },
      { name: `cluster: failed requests in a lifecycle cycle (${answers.length} requests, ${drained} drained 503)`, value: failed, unit: 'requests', baseline: 0, ratio: null, goal: '0', meets: failed === 0 },
    ];
  } finally {
    for (const i of instances) await i.stop().catch(() => {});
    await db.close();
    await pg.stop();
  }
}
