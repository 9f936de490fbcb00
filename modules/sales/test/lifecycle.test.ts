// sales in the module lifecycle: dependencies first, the autoInstall bridge, uninstall rules,
// the postInit sequence and the config read from MODULES__SALES__*.
import { afterEach, describe, expect, it } from 'vitest';
import { testDatabases } from '@hub/tooling/test-databases';
import type { SalesServices } from '../src/index.js';
import { query, testHost } from './harness.js';

const ALL = ['contacts', 'inventory', 'sales', 'sales_stock'];

describe.each(testDatabases())('sales lifecycle on $kind', ({ create }) => {
  let host: ReturnType<typeof testHost> | undefined;
  afterEach(async () => { await host?.cleanup(); host = undefined; });

  it('installs contacts and inventory first and sales_stock automatically, from one plan', async () => {
    host = testHost(await create());
    host.link(ALL);
    const hub = await host.open();
    expect((await hub.list()).map((m) => [m.name, m.state])).toEqual(ALL.map((n) => [n, 'available']));

    const plan = await hub.plan({ action: 'install', modules: ['sales'] });
    expect(plan.modules.map((m) => [m.name, m.reason])).toEqual([
      ['contacts', 'dependency'], ['inventory', 'dependency'], ['sales', 'requested'], ['sales_stock', 'autoInstall'],
    ]);
    expect(plan.modules.find((m) => m.name === 'sales')!.hooks).toContain('postInit');
    expect(plan.text).toContain('sales_stock');

    const result = await hub.apply({ action: 'install', modules: ['sales'] }, { planHash: plan.hash });
    expect(result.changed).toEqual(['contacts', 'inventory', 'sales', 'sales_stock']);
    expect((await hub.list()).every((m) => m.state === 'installed')).toBe(true);
    // The postInit hook created the sequence inside the install transaction.
    expect(await query(hub, `SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'sales' AND c.relname = 'order_number_seq' AND c.relkind = 'S'`)).toHaveLength(1);
  });

  it('refuses to uninstall contacts while sales needs it; cascade removes sales_stock, sales, then contacts', async () => {
    host = testHost(await create());
    host.link(ALL);
    const hub = await host.open();
    await hub.apply({ action: 'install', modules: ['sales'] });

    await expect(hub.plan({ action: 'uninstall', modules: ['contacts'] })).rejects.toMatchObject({ code: expect.stringMatching(/^HUB_/), message: expect.stringContaining('sales') });

    const plan = await hub.plan({ action: 'uninstall', modules: ['contacts'], options: { cascade: true } });
    expect(plan.modules.map((m) => m.name)).toEqual(['sales_stock', 'sales', 'contacts']);
    await hub.apply({ action: 'uninstall', modules: ['contacts'], options: { cascade: true } }, { planHash: plan.hash });
    const states = Object.fromEntries((await hub.list()).map((m) => [m.name, m.state]));
    expect(states).toEqual({ contacts: 'uninstalled', inventory: 'installed', sales: 'uninstalled', sales_stock: 'uninstalled' });
  });

  it('numbers orders from the sequence and takes the default currency from MODULES__SALES__DEFAULT_CURRENCY', async () => {
    host = testHost(await create());
    host.link(ALL);
    const hub = await host.open({ MODULES__SALES__DEFAULT_CURRENCY: 'DKK' });
    await hub.apply({ action: 'install', modules: ['sales'] });
    const sales = await hub.services<SalesServices>('sales');
    const [company] = await query<{ id: number }>(hub, 'SELECT id FROM contacts.companies ORDER BY id LIMIT 1');
    const first = await sales.createOrder({ companyId: company!.id });
    const second = await sales.createOrder({ companyId: company!.id, currency: 'usd' });
    expect([first.number, first.currency]).toEqual(['SO00001', 'DKK']);
    expect([second.number, second.currency]).toEqual(['SO00002', 'USD']);
    expect((await hub.context('sales')).config).toEqual({ defaultCurrency: 'DKK' });
  });

  it('drops its sequence with its tables, and continues the numbers over kept tables', async () => {
    host = testHost(await create());
    host.link(ALL);
    const hub = await host.open();
    await hub.apply({ action: 'install', modules: ['sales'] });
    const [company] = await query<{ id: number }>(hub, 'SELECT id FROM contacts.companies ORDER BY id LIMIT 1');
    const order = async () => (await (await hub.services<SalesServices>('sales')).createOrder({ companyId: company!.id })).number;
    expect(await order()).toBe('SO00001');

    // Uninstall keeping the tables, reinstall: numbering goes on.
    await hub.apply({ action: 'uninstall', modules: ['sales'], options: { cascade: true } });
    await hub.apply({ action: 'install', modules: ['sales'] });
    expect(await order()).toBe('SO00002');

    // Uninstall dropping the tables: the schema goes, sequence included.
    await hub.apply({ action: 'uninstall', modules: ['sales'], options: { cascade: true, dropTables: true } });
    expect(await query(hub, `SELECT 1 FROM pg_namespace WHERE nspname = 'sales'`)).toEqual([]);
    await hub.apply({ action: 'install', modules: ['sales'] });
    expect(await order()).toBe('SO00001');
  });

  it('refuses an invalid MODULES__SALES__DEFAULT_CURRENCY with the variable named', async () => {
    host = testHost(await create());
    host.link(ALL);
    const hub = await host.open({ MODULES__SALES__DEFAULT_CURRENCY: 'EURO' });
    const failure = await hub.apply({ action: 'install', modules: ['sales'] }).then(() => undefined, (e: unknown) => e);
    // The engine reads the config when it builds the hook context, so the error comes wrapped
    // (HUB_HOOK_FAILED) with HUB_MODULE_CONFIG_INVALID's message inside.
    expect(failure).toMatchObject({ code: expect.stringMatching(/^HUB_(MODULE_CONFIG_INVALID|HOOK_FAILED)$/) });
    expect(String((failure as Error).message)).toContain('MODULES__SALES__DEFAULT_CURRENCY');
    // Nothing was installed: the whole plan rolled back.
    expect((await hub.list()).filter((m) => m.state === 'installed')).toEqual([]);
  });
});
