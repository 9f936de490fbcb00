// Upgrade; rename, destructive change, backup and restore; rollback; and "upgrade equals
// fresh install".
import { afterEach, describe, expect, it } from 'vitest';
import { testDatabases } from '@hub/tooling/test-databases';
import { introspectSchema } from '../src/schema/index.js';
import { hubFactory, tempHost } from './helpers.js';

describe.each(testDatabases())('upgrade on $kind', ({ create }) => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => { for (const c of cleanups.splice(0).reverse()) await c(); });
  const setup = async () => {
    const target = await create(); cleanups.push(target.drop);
    const host = tempHost(); cleanups.push(host.rm);
    const f = hubFactory(target, host.dir); cleanups.push(f.closeAll);
    return f;
  };

  it('upgrades, renames, refuses then accepts a destructive change, rolls back and restores', async () => {
    const f = await setup();
    let hub = await f.open(['catalog-v1']);
    await hub.apply({ action: 'install', modules: ['catalog'] });
    const v1 = await introspectSchema(hub.db, 'catalog');
    await hub.close();

    // 2. The schema changed: the plan shows the exact SQL; apply adds the column, index and table.
    hub = await f.open(['catalog-v2']);
    expect(await hub.get('catalog')).toMatchObject({ state: 'installed', installedVersion: '1.0.0', version: '2.0.0', upgradable: true });
    const plan = await hub.plan({ action: 'upgrade', modules: ['catalog'] });
    expect(plan.modules).toHaveLength(1);
    const step = plan.modules[0]!;
    expect(step).toMatchObject({ action: 'upgrade', fromVersion: '1.0.0', toVersion: '2.0.0', dataLoss: [], hooks: ['migrations[2.0.0].post'] });
    expect(step.statements.map((s) => s.sql.replace(/\s+/g, ' '))).toEqual([
      'CREATE TABLE "catalog"."categories" ( "id" serial PRIMARY KEY NOT NULL, "name" text NOT NULL, CONSTRAINT "categories_name_unique" UNIQUE("name") );',
      'ALTER TABLE "catalog"."products" ADD COLUMN "stock" integer DEFAULT 0 NOT NULL;',
      'CREATE INDEX "products_title_idx" ON "catalog"."products" USING btree ("title");',
    ]);
    for (const s of step.statements) expect(plan.text).toContain(s.sql.split('\n')[0]);
    await hub.apply({ action: 'upgrade', modules: ['catalog'] }, { planHash: plan.hash });
    const v2 = await introspectSchema(hub.db, 'catalog');
    expect(Object.keys(v2.tables).sort()).toEqual(['categories', 'products']);
    expect(v2.tables.products!.columns.stock).toBeDefined();
    expect(v2.tables.products!.indexes.products_title_idx).toBeDefined();
    expect(await hub.db.query('SELECT sku, title, stock FROM catalog.products ORDER BY sku')).toEqual([
      { sku: 'A-1', title: 'Apple', stock: 0 }, { sku: 'B-2', title: 'Banana', stock: 0 },
    ]);
    expect(await hub.db.query('SELECT name FROM catalog.categories')).toEqual([{ name: 'migrated from 1.0.0' }]);
    expect(await hub.get('catalog')).toMatchObject({ installedVersion: '2.0.0', upgradable: false });
    expect((await hub.schemaStatus('catalog')).upToDate).toBe(true);

    // 4. Rollback of the last upgrade restores the previous schema (it drops what v2 added: data loss).
    const rollback = await hub.plan({ action: 'rollback', modules: ['catalog'] });
    expect(rollback.modules[0]).toMatchObject({ action: 'rollback', fromVersion: '2.0.0', toVersion: '1.0.0' });
    await expect(hub.apply({ action: 'rollback', modules: ['catalog'] })).rejects.toMatchObject({ code: 'HUB_DATA_LOSS' });
    await hub.apply({ action: 'rollback', modules: ['catalog'], options: { acceptDataLoss: true } });
    expect(await introspectSchema(hub.db, 'catalog')).toEqual(v1);
    expect((await hub.get('catalog')).installedVersion).toBe('1.0.0');
    expect((await hub.migrations('catalog')).map((m) => [m.toVersion, m.rolledBackAt !== null])).toEqual([['1.0.0', false], ['2.0.0', true]]);
    expect(await hub.db.query('SELECT count(*)::int AS n FROM catalog.products')).toEqual([{ n: 2 }]);
    await hub.apply({ action: 'upgrade', modules: ['catalog'] });
    expect(await introspectSchema(hub.db, 'catalog')).toEqual(v2);
    await hub.close();

    // 3a. A rename hint renames the column and keeps its data.
    hub = await f.open(['catalog-v3']);
    const renamePlan = await hub.plan({ action: 'upgrade', modules: ['catalog'] });
    expect(renamePlan.modules[0]!.statements.map((s) => s.sql)).toEqual(['ALTER TABLE "catalog"."products" RENAME COLUMN "title" TO "name";']);
    expect(renamePlan.modules[0]!.dataLoss).toEqual([]);
    await hub.apply({ action: 'upgrade', modules: ['catalog'] });
    expect(await hub.db.query('SELECT sku, name FROM catalog.products ORDER BY sku')).toEqual([{ sku: 'A-1', name: 'Apple' }, { sku: 'B-2', name: 'Banana' }]);
    await hub.close();

    // 3b. A destructive change is refused without acceptDataLoss, naming table and column.
    hub = await f.open(['catalog-v4']);
    const before = await hub.db.query('SELECT * FROM catalog.products ORDER BY id');
    const lossPlan = await hub.plan({ action: 'upgrade', modules: ['catalog'] });
    expect(lossPlan.modules[0]!.dataLoss.join()).toMatch(/"catalog"\."products".*"price"/);
    expect(lossPlan.text).toContain('data loss');
    const refused = await hub.apply({ action: 'upgrade', modules: ['catalog'] }).catch((e) => e);
    expect(refused).toMatchObject({ code: 'HUB_DATA_LOSS' });
    expect(refused.message).toMatch(/"catalog"\."products"\."price"|"products".*"price"/);
    expect(refused.hint).toContain('acceptDataLoss');
    expect((await hub.get('catalog')).installedVersion).toBe('3.0.0');
    // With it, it runs after a backup...
    const done = await hub.apply({ action: 'upgrade', modules: ['catalog'], options: { acceptDataLoss: true } });
    expect(done.backups).toHaveLength(1);
    expect(done.backups[0]!.tables.find((t) => t.table === 'catalog.products')?.rows).toBe(2);
    expect((await hub.backups('catalog')).at(-1)).toEqual(done.backups[0]);
    expect((await introspectSchema(hub.db, 'catalog')).tables.products!.columns.price).toBeUndefined();
    // ...and rolling back the schema then restoring the backup brings the rows back exactly.
    await hub.apply({ action: 'rollback', modules: ['catalog'] });
    expect(await hub.db.query('SELECT count(*)::int AS n FROM catalog.products WHERE price IS NOT NULL')).toEqual([{ n: 0 }]);
    const restore = await hub.plan({ action: 'restore', modules: ['catalog'] });
    expect(restore.warnings.join()).toContain(done.backups[0]!.id);
    await hub.apply({ action: 'restore', modules: ['catalog'], options: { backupId: done.backups[0]!.id } });
    expect(await hub.db.query('SELECT * FROM catalog.products ORDER BY id')).toEqual(before);
  });

  it('an upgrade gives the same schema as a fresh install of the same code', async () => {
    const chain = await setup();
    const fresh = await setup();
    let a = await chain.open(['catalog-v1']);
    await a.apply({ action: 'install', modules: ['catalog'] });
    for (const version of [2, 3, 4]) {
      await a.close();
      a = await chain.open([`catalog-v${version}`]);
      await a.apply({ action: 'upgrade', modules: ['catalog'], options: { acceptDataLoss: true } });
      const b = await fresh.open([`catalog-v${version}`]);
      await b.apply({ action: 'install', modules: ['catalog'] });
      expect(await introspectSchema(a.db, 'catalog'), `catalog v${version}`).toEqual(await introspectSchema(b.db, 'catalog'));
      await b.apply({ action: 'uninstall', modules: ['catalog'], options: { dropTables: true, backup: false } });
      await b.close();
    }
  });
});
