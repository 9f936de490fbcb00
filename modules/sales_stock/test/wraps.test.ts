// sales_stock wraps sales' confirmOrder and cancelOrder: every caller of sales' services gets
// stock moves while the bridge is installed, and plain sales again once it is uninstalled.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDatabases } from '@hub/tooling/test-databases';
import type { Hub } from '@hub/core';
import type { InventoryServices } from '@hub/module-inventory';
import type { SalesServices } from '@hub/module-sales';
import { testHost } from './harness.js';

describe.each(testDatabases())('sales_stock on $kind', ({ create }) => {
  let host: ReturnType<typeof testHost>;
  let hub: Hub;
  let order: (quantity: number) => Promise<number>;
  let anvilId: number;

  beforeEach(async () => {
    host = testHost(await create());
    host.link(['contacts', 'inventory', 'sales', 'sales_stock']);
    hub = await host.open();
    await hub.apply({ action: 'install', modules: ['sales'] }); // sales_stock comes with it (autoInstall)
    const inventory = await hub.services<InventoryServices>('inventory');
    anvilId = (await inventory.listProducts({ q: 'anvil' }))[0]!.id;
    await inventory.createMove({ productId: anvilId, quantity: 10, reason: 'receipt' });
    const [company] = await hub.db.query<{ id: number }>('SELECT id FROM contacts.companies ORDER BY id LIMIT 1');
    order = async (quantity) => (await (await hub.services<SalesServices>('sales')).createOrder({ companyId: company!.id, lines: [{ productId: anvilId, quantity }] })).id;
  });
  afterEach(async () => host.cleanup());

  it('is installed automatically with sales', async () => {
    expect((await hub.get('sales_stock')).state).toBe('installed');
  });

  it('takes confirmed orders out of stock and puts cancelled ones back', async () => {
    const sales = await hub.services<SalesServices>('sales');
    const inventory = await hub.services<InventoryServices>('inventory');
    const id = await order(3);
    const confirmed = await sales.confirmOrder(id);
    expect(confirmed.state).toBe('confirmed');
    expect(await inventory.stockOf(anvilId)).toBe(7);
    expect((await inventory.listMoves({ reference: confirmed.number })).map((m) => [m.quantity, m.reason])).toEqual([[-3, 'sale']]);

    // A second confirmation is refused by sales before the wrapper moves anything.
    await expect(sales.confirmOrder(id)).rejects.toMatchObject({ code: 'HUB_SALES_ORDER_STATE' });
    expect(await inventory.stockOf(anvilId)).toBe(7);

    await sales.cancelOrder(id);
    expect(await inventory.stockOf(anvilId)).toBe(10);
    // Cancelling a draft moves nothing.
    await sales.cancelOrder(await order(2));
    expect(await inventory.stockOf(anvilId)).toBe(10);
  });

  it('stops wrapping once uninstalled', async () => {
    await hub.apply({ action: 'uninstall', modules: ['sales_stock'] });
    const sales = await hub.services<SalesServices>('sales');
    await sales.confirmOrder(await order(4));
    expect(await (await hub.services<InventoryServices>('inventory')).stockOf(anvilId)).toBe(10);
  });
});
