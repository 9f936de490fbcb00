// `HUB_WORKERS=2` against one process on this machine: an authenticated 20-row list of contacts,
// the same PostgreSQL and data for both, load from a separate process (autocannon).
import { startPostgres } from '../tooling/src/postgres.mjs';
import { loadgen } from './server-lib.mjs';
import { ADMIN, call, startInstance } from '../apps/hub/test/cluster.mjs';

export default async function run() {
  const pg = await startPostgres();
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
        return await loadgen(`${hub.url}/api/v1/contacts/people?limit=20`, { connections: 20, duration: 5, headers });
      } finally {
        await hub.stop();
      }
    };
    const one = await measure(1);
    const two = await measure(2);
    const ratio = two.rps / one.rps;
    return [{
      name: `cluster: 20-row list, --workers 2 vs one process (${Math.round(one.rps)} req/s; non-2xx ${two.non2xx + one.non2xx})`,
      value: two.rps, unit: 'req/s', baseline: one.rps, ratio, goal: '>= 1.5x', meets: ratio >= 1.5,
    }];
  } finally {
    await pg.stop();
  }
}
