// Every lifecycle change of every example module, with requests going to the routes of all of them
// on all three instances throughout: install, disable, enable, rollback of the last migration and
// install again, uninstall, for contacts, inventory, sales, sales_stock and contacts_loyalty (extension
// columns, an override, a wrapper); and an upgrade of code uploaded in two versions (the stock
// host's example modules have one version each), then its rollback to the older code. No answer
// is a 5xx other than 503 HUB_MODULE_CHANGING, and every 503 falls inside a change.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres } from '@hub/tooling/postgres';
import { ADMIN, call, packModule, startInstance, startLoad, upload } from './cluster.mjs';

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

  beforeAll(async () => {
    pg = await startPostgres();
    instances.push(...await Promise.all([0, 1, 2].map(() => startInstance({ databaseUrl: pg.url }))));
    token = (await call(instances[0].url, 'POST', '/api/v1/auth/login', { body: ADMIN })).body.token;
  });
  afterAll(async () => {
    for (const i of instances) await i.stop().catch(() => {});
    await pg?.stop();
    for (const d of made) rmSync(d, { recursive: true, force: true });
  });

  it('install, disable, enable, rollback and install again, upgrade and uninstall: no 5xx on any instance, 503 only inside a change', async () => {
    const windows = [];
    let next = 0;
    /** A change through the next instance in turn; it must succeed. */
    const change = async (path, body) => {
      const i = next++ % instances.length;
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
    const modules = ['contacts', 'inventory', 'sales', 'sales_stock', 'contacts_loyalty'];
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
    for (const a of answers.filter((x) => x.status === 503)) {
      expect(a).toMatchObject({ code: 'HUB_MODULE_CHANGING', retryAfter: '1' });
      expect(windows.some(([from, to]) => a.at >= from && a.at <= to), `503 at ${a.at} for ${a.path} outside every change`).toBe(true);
    }
    // Outside 200 and 503 only "not there (yet, or any more)".
    expect(answers.filter((a) => ![200, 404, 503].includes(a.status))).toEqual([]);
  });
});
