// Every lifecycle change of every example module, with requests going to the routes of all of them
// on all three instances throughout: install, disable, enable, rollback of the last migration and
// install again, upgrade, uninstall, for contacts, inventory, sales, sales_stock and contacts_loyalty
// (extension columns, an override, a wrapper). The instances run `hub serve` on a host folder
// holding a release of the example modules; the upgrade is a rolling deploy of the next release
// (every module one patch version up): instance 1 is restarted on it, which fences the modules
// whose code is now newer than the database, applies every upgrade, and 2 and 3 follow. Uploaded
// code in two versions is upgraded and rolled back to the older code as well. No answer is a 5xx
// other than 503 HUB_MODULE_CHANGING inside a change, and 503 HUB_MODULE_VERSION_SKEW on the
// instance running the newer code before its module is upgraded.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres } from '@hub/tooling/postgres';
import { ADMIN, call, packModule, startInstance, startLoad, upload } from './cluster.mjs';
import { releaseHost, releaseVersions } from './releases.mjs';

const cli = fileURLToPath(new URL('../../cli/bin/run.js', import.meta.url));
const modules = ['contacts', 'inventory', 'sales', 'sales_stock', 'contacts_loyalty'];

const made = [];

/** notes: a table and a list route; version 2 adds a nullable column (a compatible upgrade). */
function packNotes(version, withTitle) {
  const dir = mkdtempSync(join(tmpdir(), 'hub-pack-notes-'));
  made.push(dir);
  return packModule(dir, 'notes', version, `import { defineModule, Router } from '@hub/kit';
import { pgSchema, serial, text } from 'drizzle-orm/pg-core';
const s = pgSchema('notes');
export const notes = s.table('notes', { id: serial('id').primaryKey(), body: text('body').notNull()${withTitle ? ", title: text('title')" : ''} });
export default defineModule({
  name: 'notes', schema: { notes },
  routes: (ctx) => Router().get('/', async (_req, res) => { res.json({ version: '${version}', rows: await ctx.db.select().from(notes) }); }),
});
`);
}

describe('the lifecycle of every example module under load on three instances', () => {
  let pg;
  const instances = [];
  let token;
  const older = releaseVersions(modules);
  const newer = releaseVersions(modules, { bump: true });
  const releases = {};
  const serve = (release) => startInstance({ databaseUrl: pg.url, script: cli, args: ['serve', '--dir', release] });

  beforeAll(async () => {
    const root = mkdtempSync(join(tmpdir(), 'hub-releases-'));
    made.push(root);
    releases.older = releaseHost(join(root, 'older'), older);
    releases.newer = releaseHost(join(root, 'newer'), newer);
    pg = await startPostgres();
    instances.push(...await Promise.all([0, 1, 2].map(() => serve(releases.older))));
    token = (await call(instances[0].url, 'POST', '/api/v1/auth/login', { body: ADMIN })).body.token;
  });
  afterAll(async () => {
    for (const i of instances) await i?.stop().catch(() => {});
    await pg?.stop();
    for (const d of made) rmSync(d, { recursive: true, force: true });
  });

  it('install, disable, enable, rollback and install again, upgrade and uninstall: no 5xx on any instance, 503 only inside a change', async () => {
    const windows = [];
    let next = 0;
    /** A change through the next instance in turn (or instance `i`); it must succeed. */
    const change = async (path, body, i = next++ % instances.length) => {
      const started = Date.now();
      const r = await call(instances[i].url, 'POST', path, { token, body });
      windows.push([started, Date.now()]);
      expect(r.status, `${path} through instance ${i + 1}: ${JSON.stringify(r.body)}`).toBe(200);
      return r.body;
    };
    const paths = ['/api/v1/contacts/people', '/api/v1/contacts/people/1', '/api/v1/inventory/products', '/api/v1/sales/orders', '/api/v1/sales_stock/orders/1/moves', '/api/v1/notes/'];
    // Each request to the next path in turn.
    let turn = 0;
    const load = startLoad(instances, () => paths[turn++ % paths.length], { token });
    /** The rolling deploy: instance i out of rotation, stopped once its requests are answered, started on `release`, back in. */
    const deploy = async (i, release) => {
      const running = instances[i];
      instances[i] = null;
      await load.drained(i);
      await running.stop();
      instances[i] = await serve(release);
    };
    const fenced = {}; // module -> [from, to]: instance 1 runs newer code than the database has
    try {
      for (const m of modules) {
        // sales_stock installs itself once sales and inventory are both there (auto-install).
        const state = (await call(instances[0].url, 'GET', `/api/v1/modules/${m}`, { token })).body.state;
        if (m === 'sales_stock') { expect(state).toBe('installed'); continue; }
        await change(`/api/v1/modules/install/${m}`);
        if (m === 'contacts') {
          const person = await call(instances[0].url, 'POST', '/api/v1/contacts/people', { token, body: { firstName: 'Ada', lastName: 'Lovelace' } });
          expect(person.status).toBe(201);
        }
      }
      // Leaves first: a module is disabled and enabled while the ones it depends on serve.
      for (const m of [...modules].reverse()) {
        await change(`/api/v1/modules/${m}/disable`);
        await change(`/api/v1/modules/${m}/enable`);
      }
      // contacts_loyalty's only migration (its extension columns on contacts.people) undone, which
      // leaves it uninstalled, then installed again.
      await change('/api/v1/modules/schema/contacts_loyalty/rollback', { accept_data_loss: true });
      expect((await call(instances[2].url, 'GET', '/api/v1/modules/contacts_loyalty', { token })).body.state).not.toBe('installed');
      await change('/api/v1/modules/install/contacts_loyalty');

      // Uploaded code in two versions: installed, upgraded through another instance, rolled back to the older code.
      const v1 = await upload(instances[0].url, token, packNotes('1.0.0', false));
      expect(v1.status, JSON.stringify(v1.body)).toBe(201);
      await change('/api/v1/modules/install/notes');
      const v2 = await upload(instances[1].url, token, packNotes('2.0.0', true), '?replace=true');
      expect(v2.status, JSON.stringify(v2.body)).toBe(201);
      await change('/api/v1/modules/upgrade/notes');
      for (const i of instances) expect((await call(i.url, 'GET', '/api/v1/notes/', { token })).body.version).toBe('2.0.0');
      await change('/api/v1/modules/schema/notes/rollback', { accept_data_loss: true });
      for (const i of instances) expect((await call(i.url, 'GET', '/api/v1/notes/', { token })).body.version).toBe('1.0.0');
      await change('/api/v1/modules/uninstall/notes', { drop_tables: true });

      // The next release, deployed to instance 1: its modules are fenced there until upgraded.
      const deployed = Date.now();
      await deploy(0, releases.newer);
      const skew = await call(instances[0].url, 'GET', '/api/v1/inventory/products', { token });
      expect(skew.status).toBe(503);
      expect(skew.body).toMatchObject({ code: 'HUB_MODULE_VERSION_SKEW', module: 'inventory', details: { codeVersion: newer.inventory, databaseVersion: older.inventory } });
      for (const m of modules) {
        const plan = (await call(instances[0].url, 'GET', `/api/v1/modules/${m}/plan?action=upgrade`, { token })).body;
        expect(plan.modules[0], m).toMatchObject({ action: 'upgrade', fromVersion: older[m], toVersion: newer[m], compatibility: { compatible: true } });
        const upgraded = await change(`/api/v1/modules/upgrade/${m}`, undefined, 0);
        expect(upgraded.operation.status, JSON.stringify(upgraded)).toBe('succeeded');
        fenced[m] = [deployed, Date.now()];
      }
      // Compatible upgrades: instances 2 and 3, still on the older release, serve throughout; then they follow.
      for (const i of [1, 2]) expect((await call(instances[i].url, 'GET', '/api/v1/inventory/products', { token })).status).toBe(200);
      await deploy(1, releases.newer);
      await deploy(2, releases.newer);
      const health = (await call(instances[2].url, 'GET', '/api/v1/health', { token })).body;
      for (const { id } of instances) {
        const seen = health.cluster.instances.find((x) => x.id === id && x.alive);
        for (const m of modules) expect(seen?.modules[m], `${m} on ${id}`).toEqual({ version: newer[m], mounted: true });
      }
      for (const i of instances) expect((await call(i.url, 'GET', '/api/v1/contacts/people/1', { token })).body).toHaveProperty('loyaltyPoints');

      // Back to the older release: its code is deployed first (it serves on the upgraded schema, the
      // upgrades were compatible), then each upgrade is rolled back, dependents first.
      for (const i of [0, 1, 2]) await deploy(i, releases.older);
      for (const m of [...modules].reverse()) await change(`/api/v1/modules/schema/${m}/rollback`);
      for (const m of modules) expect((await call(instances[1].url, 'GET', `/api/v1/modules/${m}`, { token })).body, m).toMatchObject({ state: 'installed', installedVersion: older[m] });

      for (const m of [...modules].reverse()) await change(`/api/v1/modules/uninstall/${m}`, { drop_tables: true });
      await new Promise((r) => setTimeout(r, 300));
    } finally {
      await load.stop();
    }

    const answers = load.answers;
    expect(answers.length).toBeGreaterThan(200);
    // Every route was served at some point, by every instance (sales_stock's answers 404 for an
    // order that does not exist: served by the module, not a 200).
    for (const path of paths.filter((p) => !p.startsWith('/api/v1/sales_stock/'))) for (const i of [0, 1, 2]) {
      expect(answers.some((a) => a.path === path && a.instance === i && a.status === 200), `${path} on instance ${i + 1}`).toBe(true);
    }
    expect(answers.filter((a) => a.status === 0 || (a.status >= 500 && a.status !== 503))).toEqual([]);
    // Fenced: only on the instance that ran the newer code first, only for a module not upgraded yet.
    const skewed = answers.filter((x) => x.code === 'HUB_MODULE_VERSION_SKEW');
    expect(skewed.length).toBeGreaterThan(0);
    for (const a of skewed) {
      const m = a.body.module;
      expect(a).toMatchObject({ instance: 0, status: 503 });
      expect(a.body.details).toEqual({ codeVersion: newer[m], databaseVersion: older[m] });
      expect(a.at >= fenced[m][0] && a.at <= fenced[m][1], `fenced ${m} at ${a.at} outside the deploy`).toBe(true);
    }
    for (const a of answers.filter((x) => x.status === 503 && x.code !== 'HUB_MODULE_VERSION_SKEW')) {
      expect(a).toMatchObject({ code: 'HUB_MODULE_CHANGING', retryAfter: '1' });
      expect(windows.some(([from, to]) => a.at >= from && a.at <= to), `503 at ${a.at} for ${a.path} outside every change`).toBe(true);
    }
    // Outside 200 and 503 only "not there (yet, or any more)".
    expect(answers.filter((a) => ![200, 404, 503].includes(a.status))).toEqual([]);
  });
});
