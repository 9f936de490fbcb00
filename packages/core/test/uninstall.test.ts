// Uninstall keeps or drops tables; base and depended-on modules are refused; cascade.
import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { testDatabases } from '@hub/tooling/test-databases';
import { hubFactory, tempHost } from './helpers.js';

describe.each(testDatabases())('uninstall on $kind', ({ create }) => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => { for (const c of cleanups.splice(0).reverse()) await c(); });
  const setup = async () => {
    const target = await create(); cleanups.push(target.drop);
    const host = tempHost(); cleanups.push(host.rm);
    const f = hubFactory(target, host.dir); cleanups.push(f.closeAll);
    return f;
  };
  const schemas = async (db: { query: (s: string) => Promise<unknown[]> }) =>
    ((await db.query(`SELECT nspname AS n FROM pg_namespace WHERE nspname IN ('people', 'orders', 'tags') ORDER BY 1`)) as { n: string }[]).map((r) => r.n);

  it('keeps data without dropTables and reuses it on reinstall; drops in FK order after a backup with cascade', async () => {
    const hub = await (await setup()).open(['main']);
    await hub.apply({ action: 'install', modules: ['orders', 'tags'] });
    const ctx = await hub.context('orders');
    await ctx.db.execute(`INSERT INTO orders.orders (person_id, total) SELECT id, 12.5 FROM people.people WHERE email = 'ada@example.com'` as never);

    // Depended-on modules are refused, naming the dependents and the way out.
    const refused = await hub.plan({ action: 'uninstall', modules: ['people'] }).catch((e) => e);
    expect(refused).toMatchObject({ code: 'HUB_HAS_DEPENDENTS' });
    expect(refused.message).toContain('"orders"');
    expect(refused.message).toContain('"tags"');
    expect(refused.hint).toContain('cascade');

    // Without dropTables: state uninstalled, table and rows kept.
    const keep = await hub.plan({ action: 'uninstall', modules: ['orders'] });
    expect(keep.modules[0]).toMatchObject({ action: 'uninstall', statements: [], backupTables: [] });
    await hub.apply({ action: 'uninstall', modules: ['orders'] });
    expect((await hub.get('orders')).state).toBe('uninstalled');
    expect(await hub.db.query('SELECT total FROM orders.orders')).toEqual([{ total: '12.50' }]);
    await expect(hub.services('orders')).rejects.toMatchObject({ code: 'HUB_NOT_INSTALLED' });

    // A reinstall reuses them: the diff from the kept snapshot is empty.
    const again = await hub.plan({ action: 'install', modules: ['orders'] });
    expect(again.modules.map((m) => [m.name, m.statements.length])).toEqual([['orders', 0]]);
    await hub.apply({ action: 'install', modules: ['orders'] });
    expect((await hub.get('orders')).state).toBe('installed');
    expect(await hub.db.query('SELECT total FROM orders.orders')).toEqual([{ total: '12.50' }]);

    // cascade + dropTables: dependents first (reverse order), each backed up then dropped.
    const drop = await hub.plan({ action: 'uninstall', modules: ['people'], options: { cascade: true, dropTables: true } });
    expect(drop.modules.map((m) => [m.name, m.reason])).toEqual([['tags', 'dependent'], ['orders', 'dependent'], ['people', 'requested']]);
    expect(drop.modules[2]!.statements.map((s) => s.sql).filter((s) => s.startsWith('DROP TABLE'))).toEqual([
      'DROP TABLE "people"."hook_log";', 'DROP TABLE "people"."people";',
    ]);
    expect(drop.modules[0]!.statements.map((s) => s.sql).filter((s) => s.startsWith('DROP TABLE'))).toEqual([
      'DROP TABLE "tags"."person_tags";', 'DROP TABLE "tags"."tags";',
    ]);
    expect(drop.modules[1]!.backupTables).toEqual(['orders.orders']);
    const result = await hub.apply({ action: 'uninstall', modules: ['people'], options: { cascade: true, dropTables: true } });
    expect(result.backups.map((b) => b.module)).toEqual(['tags', 'orders', 'people']);
    expect(result.backups[1]!.tables).toEqual([{ table: 'orders.orders', rows: 1, file: expect.any(String) }]);
    for (const b of result.backups) expect(existsSync(b.path)).toBe(true);
    expect(await schemas(hub.db)).toEqual([]);
    expect((await hub.list()).map((m) => m.state)).toEqual(['uninstalled', 'uninstalled', 'uninstalled']);
    expect(await hub.db.query('SELECT * FROM hub.ownership')).toEqual([]);

    // The audit row of the uninstall names the operation its backups name in their reason.
    const [audited] = await hub.audit({ module: 'people', limit: 1 });
    expect(audited).toMatchObject({ action: 'uninstall', operationId: result.operationId });
    expect(result.backups[1]!.reason).toContain(result.operationId);
    // Filters: by action (and module), nothing for an action never taken.
    expect((await hub.audit({ action: 'uninstall' })).every((a) => a.action === 'uninstall')).toBe(true);
    expect((await hub.audit({ action: 'install', module: 'people' })).map((a) => a.action)).toEqual(['install']);
    expect(await hub.audit({ action: 'rollback' })).toEqual([]);

    // Deleting a backup removes its row and its folder; an unknown one is HUB_BACKUP_NOT_FOUND.
    const gone = result.backups[0]!;
    await hub.deleteBackup(gone.module, gone.id);
    expect(existsSync(gone.path)).toBe(false);
    expect((await hub.backups()).map((b) => b.id)).not.toContain(gone.id);
    expect(existsSync(result.backups[1]!.path)).toBe(true);
    await expect(hub.deleteBackup(gone.module, gone.id)).rejects.toMatchObject({ code: 'HUB_BACKUP_NOT_FOUND' });

    // A reinstall after a drop creates everything again.
    await hub.apply({ action: 'install', modules: ['orders'] });
    expect(await schemas(hub.db)).toEqual(['orders', 'people']);
    expect(await hub.db.query('SELECT count(*)::int AS n FROM orders.orders')).toEqual([{ n: 0 }]);
  });

  it('lists and uninstalls a module whose package is gone', async () => {
    const f = await setup();
    let hub = await f.open(['main']);
    await hub.apply({ action: 'install', modules: ['people'] });
    await hub.close();
    hub = await f.open(['catalog-v1']);
    const orphan = await hub.get('people');
    expect(orphan).toMatchObject({ state: 'installed', installedVersion: '1.0.0', loadError: { code: 'HUB_MODULE_NOT_FOUND' } });
    await expect(hub.services('people')).rejects.toMatchObject({ code: 'HUB_MODULE_NOT_FOUND' });
    const plan = await hub.plan({ action: 'uninstall', modules: ['people'], options: { dropTables: true } });
    expect(plan.warnings.join()).toContain('cannot be loaded');
    await hub.apply({ action: 'uninstall', modules: ['people'], options: { dropTables: true } });
    expect((await hub.get('people')).state).toBe('uninstalled');
    expect(await hub.db.query("SELECT 1 FROM pg_namespace WHERE nspname = 'people'")).toEqual([]);
  });

  it('installs an autoInstall bridge with its dependencies and uninstalls it with them', async () => {
    const hub = await (await setup()).open(['main', 'bridge']);
    const plan = await hub.plan({ action: 'install', modules: ['orders', 'tags'] });
    expect(plan.modules.map((m) => [m.name, m.reason])).toEqual([['people', 'dependency'], ['orders', 'requested'], ['tags', 'requested'], ['orders_tags', 'autoInstall']]);
    await hub.apply({ action: 'install', modules: ['orders', 'tags'] });
    const un = await hub.plan({ action: 'uninstall', modules: ['tags'], options: { dropTables: true } });
    expect(un.modules.map((m) => [m.name, m.reason])).toEqual([['orders_tags', 'dependent'], ['tags', 'requested']]);
    expect(un.warnings.join()).toContain('orders_tags');
    await hub.apply({ action: 'uninstall', modules: ['tags'], options: { dropTables: true } });
    expect((await hub.list()).map((m) => [m.name, m.state])).toEqual([['orders', 'installed'], ['orders_tags', 'uninstalled'], ['people', 'installed'], ['tags', 'uninstalled']]);
    // A dependent that is not a bridge still needs cascade.
    await expect(hub.plan({ action: 'uninstall', modules: ['people'] })).rejects.toMatchObject({ code: 'HUB_HAS_DEPENDENTS', details: { dependents: ['orders'] } });
  });

  it('installs base first and never uninstalls it', async () => {
    const hub = await (await setup()).open(['withbase', 'main']);
    const plan = await hub.plan({ action: 'install', modules: ['people'] });
    expect(plan.modules.map((m) => [m.name, m.reason])).toEqual([['base', 'dependency'], ['people', 'requested']]);
    await hub.apply({ action: 'install', modules: ['people'] });
    const refused = await hub.plan({ action: 'uninstall', modules: ['base'] }).catch((e) => e);
    expect(refused).toMatchObject({ code: 'HUB_BASE_REQUIRED' });
    expect(refused.hint).toBeTruthy();
    await expect(hub.apply({ action: 'uninstall', modules: ['base'], options: { cascade: true, dropTables: true } })).rejects.toMatchObject({ code: 'HUB_BASE_REQUIRED' });
    await expect(hub.apply({ action: 'disable', modules: ['base'] })).rejects.toMatchObject({ code: 'HUB_BASE_REQUIRED' });
    expect((await hub.get('base')).state).toBe('installed');
  });
});
