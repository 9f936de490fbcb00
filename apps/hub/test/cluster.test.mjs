// Three real instances on one PostgreSQL, with requests going to all three throughout: a change
// through one is served by every one, also when an instance's LISTEN connection was cut.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres } from '@hub/tooling/postgres';
import { openDatabase } from '@hub/core';
import { ADMIN, call, startInstance, startLoad, waitFor } from './cluster.mjs';

describe('three instances on one PostgreSQL', () => {
  let pg;
  let db;
  const instances = [];
  let token;

  beforeAll(async () => {
    pg = await startPostgres();
    db = await openDatabase({ url: pg.url, max: 2 });
    // All three start together on an empty database: one installs base, the others see it done.
    instances.push(...await Promise.all([0, 1, 2].map(() => startInstance({ databaseUrl: pg.url, env: { HUB_LOGIN_RATE_LIMIT: '5' } }))));
    token = (await call(instances[0].url, 'POST', '/api/v1/auth/login', { body: ADMIN })).body.token;
  });
  afterAll(async () => {
    for (const i of instances) await i.stop().catch(() => {});
    await db?.close();
    await pg?.stop();
  });

  const served = async (i, path = '/api/v1/contacts/people') => (await call(instances[i].url, 'GET', path, { token })).status;

  it('every instance is in health with the generation it serves', async () => {
    const health = (await call(instances[1].url, 'GET', '/api/v1/health', { token })).body;
    expect(health.cluster.instances.filter((i) => i.alive).map((i) => i.id).sort()).toEqual(instances.map((i) => i.id).sort());
    await waitFor(async () => {
      const h = (await call(instances[1].url, 'GET', '/api/v1/health', { token })).body;
      return h.cluster.instances.every((i) => i.generation === h.cluster.generation);
    }, 3000);
    expect(health.cluster.instances.find((i) => i.current).id).toBe(instances[1].id);
    expect(health.cluster.instances[0].modules.base).toMatchObject({ mounted: true });
    // Host names and pids are for a superuser only.
    const anonymous = (await call(instances[1].url, 'GET', '/api/v1/health')).body;
    expect(anonymous.cluster.instances[0].pid).toBeUndefined();
    expect(health.cluster.instances.map((i) => i.pid).sort()).toEqual(instances.map((i) => i.pid).sort());
  });

  it('installed through one, all three serve it; with the LISTEN of instance 3 cut, it still follows within 1 s', async () => {
    const load = startLoad(instances, '/api/v1/health');
    try {
      expect(await served(2)).toBe(404);
      expect((await call(instances[1].url, 'POST', '/api/v1/modules/install/contacts', { token })).status).toBe(200);
      for (const i of [0, 1, 2]) await waitFor(async () => (await served(i)) === 200, 1000);
      expect((await call(instances[0].url, 'POST', '/api/v1/modules/uninstall/contacts', { token, body: { drop_tables: true } })).status).toBe(200);
      for (const i of [0, 1, 2]) await waitFor(async () => (await served(i)) === 404, 1000);

      // Cut instance 3's LISTEN connection, then change through instance 1.
      const cut = async () => {
        const rows = await db.query(
          "SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE application_name = $1 AND query ILIKE 'listen%'",
          [`hub/${instances[2].id}`],
        );
        expect(rows.length).toBeGreaterThan(0);
      };
      await cut();
      expect((await call(instances[0].url, 'POST', '/api/v1/modules/install/contacts', { token })).status).toBe(200);
      await waitFor(async () => (await served(2)) === 200, 1000);
      await cut();
      expect((await call(instances[0].url, 'POST', '/api/v1/modules/uninstall/contacts', { token, body: { drop_tables: true } })).status).toBe(200);
      await waitFor(async () => (await served(2)) === 404, 1000);
    } finally {
      const answers = await load.stop();
      expect(answers.filter((a) => a.status !== 200)).toEqual([]);
    }
  });

  it('five wrong logins spread over the three instances hit the limit on every one', async () => {
    const login = (i, password) => call(instances[i].url, 'POST', '/api/v1/auth/login', { body: { email: 'someone@cluster.test', password } });
    const wrong = [];
    for (const i of [0, 1, 2, 0, 1]) wrong.push((await login(i, 'wrong-password')).status);
    expect(wrong).toEqual([401, 401, 401, 401, 401]);
    for (const i of [0, 1, 2]) {
      const r = await login(i, 'wrong-password');
      expect(r.status).toBe(429);
      expect(r.body.code).toBe('HUB_RATE_LIMITED');
    }
    // Another email from the same address is not limited.
    expect((await call(instances[2].url, 'POST', '/api/v1/auth/login', { body: ADMIN })).status).toBe(200);
  });

  it('under load on all three, changes that remove something give 503 with Retry-After inside the change and never a 5xx else', async () => {
    const op = async (i, path, body) => {
      const started = Date.now();
      const r = await call(instances[i].url, 'POST', path, { token, body });
      expect(r.status, `${path}: ${JSON.stringify(r.body)}`).toBe(200);
      windows.push([started, Date.now()]);
    };
    const windows = [];
    await op(0, '/api/v1/modules/install/contacts_loyalty');
    const person = await call(instances[0].url, 'POST', '/api/v1/contacts/people', { token, body: { firstName: 'Ada', lastName: 'Lovelace' } });
    expect(person.status).toBe(201);
    windows.length = 0;
    // The override of contacts' GET /people/:id reads the column contacts_loyalty adds.
    const load = startLoad(instances, `/api/v1/contacts/people/${person.body.id}`, { token });
    try {
      await op(1, '/api/v1/modules/contacts_loyalty/disable');
      await op(2, '/api/v1/modules/contacts_loyalty/enable');
      await op(0, '/api/v1/modules/uninstall/contacts_loyalty', { drop_tables: true });
      await op(1, '/api/v1/modules/install/contacts_loyalty');
      await op(2, '/api/v1/modules/uninstall/contacts_loyalty', { drop_tables: true });
      await new Promise((r) => setTimeout(r, 300));
    } finally {
      await load.stop();
    }
    const answers = load.answers;
    expect(answers.length).toBeGreaterThan(50);
    expect(answers.filter((a) => a.status >= 500 && a.status !== 503)).toEqual([]);
    const unavailable = answers.filter((a) => a.status === 503);
    for (const a of unavailable) {
      expect(a).toMatchObject({ code: 'HUB_MODULE_CHANGING', retryAfter: '1' });
      expect(windows.some(([from, to]) => a.at >= from && a.at <= to), `503 at ${a.at} outside every change`).toBe(true);
    }
    expect(answers.filter((a) => a.status !== 200 && a.status !== 503)).toEqual([]);
  });
});
