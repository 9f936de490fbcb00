// sales' services through the real engine: orders for contacts with lines on inventory
// products, totals, confirmation and cancellation rules.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDatabases } from '@hub/tooling/test-databases';
import type { Hub } from '@hub/core';
import type { ContactsServices } from '@hub/module-contacts';
import type { InventoryServices } from '@hub/module-inventory';
import type { SalesServices } from '../src/index.js';
import { testHost } from './harness.js';

describe.each(testDatabases())('sales services on $kind', ({ create }) => {
  let host: ReturnType<typeof testHost>;
  let hub: Hub;
  let sales: SalesServices;
  let customerId: number;
  let anvil: { id: number; price: string };
  let skates: { id: number; price: string };

  beforeEach(async () => {
    host = testHost(await create());
    host.link(['contacts', 'inventory', 'sales']); // without the sales_stock bridge
    hub = await host.open();
    await hub.apply({ action: 'install', modules: ['sales'] });
    sales = await hub.services<SalesServices>('sales');
    customerId = (await (await hub.services<ContactsServices>('contacts')).listCompanies())[0]!.id;
    const products = await (await hub.services<InventoryServices>('inventory')).listProducts();
    anvil = products.find((p) => p.sku === 'ANVIL-1')!;
    skates = products.find((p) => p.sku === 'ROCKET-SKATES')!;
  });
  afterEach(async () => host.cleanup());

  it('prices lines from the products and keeps the total', async () => {
    const order = await sales.createOrder({ companyId: customerId, lines: [{ productId: anvil.id, quantity: 2 }] });
    expect(order).toMatchObject({ state: 'draft', currency: 'EUR', total: '198.00' });
    expect(order.lines).toMatchObject([{ description: 'Anvil', quantity: 2, unitPrice: '99.00' }]);

    const more = await sales.addLine(order.id, { productId: skates.id, quantity: 1, unitPrice: '200' });
    expect(more.total).toBe('398.00');
    const less = await sales.removeLine(order.id, more.lines[0]!.id);
    expect(less.total).toBe('200.00');
  });

  it('confirms a draft once, refuses empty orders and changes after confirmation', async () => {
    const empty = await sales.createOrder({ companyId: customerId });
    await expect(sales.confirmOrder(empty.id)).rejects.toMatchObject({ code: 'HUB_SALES_ORDER_EMPTY', status: 409 });

    const order = await sales.createOrder({ companyId: customerId, lines: [{ productId: anvil.id, quantity: 1 }] });
    const confirmed = await sales.confirmOrder(order.id);
    expect(confirmed.state).toBe('confirmed');
    expect(confirmed.confirmedAt).toBeInstanceOf(Date);
    await expect(sales.confirmOrder(order.id)).rejects.toMatchObject({ code: 'HUB_SALES_ORDER_STATE', status: 409 });
    await expect(sales.addLine(order.id, { productId: anvil.id, quantity: 1 })).rejects.toMatchObject({ code: 'HUB_SALES_ORDER_STATE' });
    await expect(sales.deleteOrder(order.id)).rejects.toMatchObject({ code: 'HUB_SALES_ORDER_STATE' });
    expect((await sales.cancelOrder(order.id)).state).toBe('cancelled');
  });

  it('checks customers and products with clear errors', async () => {
    await expect(sales.createOrder({ companyId: 999 })).rejects.toMatchObject({ code: 'HUB_SALES_CUSTOMER_NOT_FOUND' });
    await expect(sales.createOrder({ companyId: customerId, lines: [{ productId: 999, quantity: 1 }] })).rejects.toMatchObject({ code: 'HUB_SALES_PRODUCT_NOT_FOUND' });
    await expect(sales.createOrder({})).rejects.toThrow(/customer/);
    expect(await sales.listOrders()).toEqual([]);
  });

  it('keeps products that orders use (foreign key into inventory)', async () => {
    await sales.createOrder({ companyId: customerId, lines: [{ productId: skates.id, quantity: 1 }] });
    const inventory = await hub.services<InventoryServices>('inventory');
    await expect(inventory.deleteProduct(skates.id)).rejects.toThrow();
    expect((await inventory.getProduct(skates.id)).sku).toBe('ROCKET-SKATES');
  });
});
