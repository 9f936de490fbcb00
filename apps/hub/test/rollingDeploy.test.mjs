// A rolling deploy on three real instances: instance 1 gets a newer version of a module's code than
// instances 2 and 3 (each instance finds the module in its own addons folder). After a compatible
// upgrade applied through instance 1 all three keep serving; after a breaking one, 2 and 3 answer
// 503 HUB_MODULE_VERSION_SKEW for that module only, say so in health, and serve again once they
// run the new code. Requests go to all three throughout; nothing answers 500.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startPostgres } from '@hub/tooling/postgres';
import { ADMIN, call, startInstance, startLoad, waitFor } from './cluster.mjs';
import { addonsFolder } from './addons.mjs';

const fixtures = fileURLToPath(new URL('./fixtures/skew/', import.meta.url));

describe('rolling deploy: code and database agree, or the module is fenced', () => {
  let pg;
  let root;
  const instances = [];
  let token;

  /** An addons folder holding fence_probe at `version`. */
  const addons = (name, version) => addonsFolder(join(root, name), [join(fixtures, version, 'fence_probe')]);
  const start = (addonsDir) => startInstance({ databaseUrl: pg.url, env: { ADDONS_PATHS: addonsDir } });
  const get = (i, path) => call(instances[i].url, 'GET', path, { token });
  const post = (i, path, body) => call(instances[i].url, 'POST', path, { token, body });
  const probe = (i) => get(i, '/api/v1/fence_probe/notes');
  const healthOf = async (i) => (await get(i, '/api/v1/health')).body;
  const readinessOn = (health, id) => health.cluster.instances.find((x) => x.id === id && x.alive)?.modules.fence_probe;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'hub-rolling-'));
    pg = await startPostgres();
    const newer = addons('addons-1', '1.1.0');
    const older = addons('addons-23', '1.0.0');
    instances.push(...await Promise.all([start(newer), start(older), start(older)]));
    token = (await call(instances[0].url, 'POST', '/api/v1/auth/login', { body: ADMIN })).body.token;
    expect((await post(1, '/api/v1/modules/install/contacts')).status).toBe(200);
  });
  afterAll(async () => {
    for (const i of instances) await i.stop().catch(() => {});
    await pg?.stop();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  /** Load on the probe and on contacts (which no change touches), on all three instances. */
  const load = () => {
    const probes = startLoad(instances, '/api/v1/fence_probe/notes', { token, concurrency: 1 });
    const contacts = startLoad(instances, '/api/v1/contacts/people', { token, concurrency: 1 });
    return { probes: probes.answers, contacts: contacts.answers, stop: () => Promise.all([probes.stop(), contacts.stop()]) };
  };
  const noServerErrors = (answers, allowedCodes) => {
    expect(answers.length).toBeGreaterThan(10);
    expect(answers.filter((a) => a.status >= 500 && !(a.status === 503 && allowedCodes.includes(a.code)))).toEqual([]);
    expect(answers.filter((a) => a.status === 0)).toEqual([]);
  };

  it('installed from the older code: the instance with newer code fences the module (database older than its code)', async () => {
    const installed = await post(1, '/api/v1/modules/install/fence_probe');
    expect(installed.status, JSON.stringify(installed.body)).toBe(200);
    for (const i of [1, 2]) await waitFor(async () => (await probe(i)).status === 200, 2000);
    const fenced = await probe(0);
    expect(fenced.status).toBe(503);
    expect(fenced.body).toMatchObject({ code: 'HUB_MODULE_VERSION_SKEW', module: 'fence_probe', details: { codeVersion: '1.1.0', databaseVersion: '1.0.0' } });
    expect(fenced.body.error).toContain('the database is older than this code');
    expect((await get(0, '/api/v1/contacts/people')).status).toBe(200);
    const health = await healthOf(1);
    expect(readinessOn(health, instances[0].id)).toMatchObject({ version: '1.0.0', codeVersion: '1.1.0', mounted: false, problem: { code: 'HUB_MODULE_VERSION_SKEW' } });
    expect(readinessOn(health, instances[1].id)).toEqual({ version: '1.0.0', mounted: true });
  });

  it('a compatible upgrade through the newer instance: all three keep serving, the older code too', async () => {
    const plan = (await get(0, '/api/v1/modules/fence_probe/plan?action=upgrade')).body;
    expect(plan.compatible).toBe(true);
    expect(plan.modules[0]).toMatchObject({ action: 'upgrade', fromVersion: '1.0.0', toVersion: '1.1.0', compatibility: { compatible: true, breaking: [] } });
    expect(plan.text).toContain('Compatible: additive only, instances running 1.0.0 code keep serving');

    const running = load();
    let upgraded;
    try {
      const r = await post(0, '/api/v1/modules/upgrade/fence_probe');
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      upgraded = Date.now();
      for (const i of [0, 1, 2]) await waitFor(async () => (await probe(i)).status === 200, 2000);
      await new Promise((r) => setTimeout(r, 300));
    } finally {
      await running.stop();
    }
    // Only instance 1 answered the skew, and only before the upgrade answered.
    const answers = running.probes;
    noServerErrors(answers, ['HUB_MODULE_VERSION_SKEW']);
    for (const a of answers.filter((x) => x.status === 503)) expect(a.instance === 0 && a.at < upgraded).toBe(true);
    expect(answers.filter((a) => a.at > upgraded && a.status !== 200)).toEqual([]);
    expect(running.contacts.filter((a) => a.status !== 200)).toEqual([]);

    // The older code writes and reads on the new schema; each instance runs its own code.
    expect((await post(1, '/api/v1/fence_probe/notes', { title: 'from 1.0.0' })).status).toBe(201);
    expect((await probe(0)).body).toMatchObject({ code: '1.1.0', items: [{ title: 'from 1.0.0', tag: null }] });
    expect((await probe(2)).body).toMatchObject({ code: '1.0.0', items: [{ title: 'from 1.0.0' }] });
    const health = await healthOf(2);
    expect(readinessOn(health, instances[1].id)).toEqual({ version: '1.1.0', codeVersion: '1.0.0', mounted: true });
    expect(readinessOn(health, instances[0].id)).toEqual({ version: '1.1.0', mounted: true });
  });

  it('a breaking upgrade through the newer instance: 2 and 3 answer 503 HUB_MODULE_VERSION_SKEW for that module only, and say so in health', async () => {
    // Instance 1 is redeployed with 2.0.0; until the database is upgraded it fences the module.
    await instances[0].stop();
    instances[0] = await start(addons('addons-1', '2.0.0'));
    expect((await probe(0)).body).toMatchObject({ code: 'HUB_MODULE_VERSION_SKEW', details: { codeVersion: '2.0.0', databaseVersion: '1.1.0' } });

    const plan = (await get(0, '/api/v1/modules/fence_probe/plan?action=upgrade')).body;
    expect(plan.compatible).toBe(false);
    expect(plan.modules[0].compatibility.breaking.map((b) => b.reason)).toEqual(['renames: older code uses the old name']);
    expect(plan.text).toContain('Breaking: instances running 1.1.0 code answer 503 HUB_MODULE_VERSION_SKEW for fence_probe until they run 2.0.0 code');

    const running = load();
    const window = [Date.now()];
    try {
      const r = await post(0, '/api/v1/modules/upgrade/fence_probe');
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      window.push(Date.now());
      await waitFor(async () => (await probe(0)).status === 200, 2000);
      await new Promise((r) => setTimeout(r, 300));
    } finally {
      await running.stop();
    }
    const answers = running.probes;
    noServerErrors(answers, ['HUB_MODULE_VERSION_SKEW', 'HUB_MODULE_CHANGING']);
    // The change drains the module first (503 HUB_MODULE_CHANGING inside it), then the older instances are fenced.
    for (const a of answers.filter((x) => x.code === 'HUB_MODULE_CHANGING')) expect(a.at >= window[0] && a.at <= window[1]).toBe(true);
    expect(answers.filter((a) => a.instance > 0 && a.at > window[1] && a.code !== 'HUB_MODULE_VERSION_SKEW')).toEqual([]);
    // Contacts, which nothing changed, answered 200 everywhere all along.
    expect(running.contacts.filter((a) => a.status !== 200)).toEqual([]);

    expect((await probe(0)).body).toMatchObject({ code: '2.0.0', items: [{ heading: 'from 1.0.0' }] });
    for (const i of [1, 2]) {
      const r = await probe(i);
      expect(r.status).toBe(503);
      expect(r.body).toMatchObject({ code: 'HUB_MODULE_VERSION_SKEW', module: 'fence_probe', details: { codeVersion: '1.0.0', databaseVersion: '2.0.0' } });
      expect(r.body.error).toContain('its code is 1.0.0, the database is at 2.0.0');
      expect((await get(i, '/api/v1/contacts/people')).status).toBe(200);
    }
    const health = await healthOf(1);
    for (const i of [1, 2]) {
      expect(readinessOn(health, instances[i].id)).toMatchObject({ version: '2.0.0', codeVersion: '1.0.0', mounted: false, problem: { code: 'HUB_MODULE_VERSION_SKEW' } });
      expect(readinessOn(health, instances[i].id).problem.message).toContain('breaking change');
      expect(health.cluster.instances.find((x) => x.id === instances[i].id).modules.contacts).toMatchObject({ mounted: true });
    }
    expect(readinessOn(health, instances[0].id)).toEqual({ version: '2.0.0', mounted: true });
  });

  it('an instance serves the module again once it runs the code the database has', async () => {
    await instances[1].stop();
    instances[1] = await start(addons('addons-2', '2.0.0'));
    expect((await probe(1)).body).toMatchObject({ code: '2.0.0', items: [{ heading: 'from 1.0.0' }] });
    expect(readinessOn(await healthOf(1), instances[1].id)).toEqual({ version: '2.0.0', mounted: true });
    expect((await probe(2)).status).toBe(503);
  });
});
