// inventory's services through the real engine: products with tags (many-to-many), categories,
// stock moves and stock on hand.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDatabases } from '@hub/tooling/test-databases';
import type { Hub } from '@hub/core';
import type { InventoryServices } from '../src/index.js';
import { query, testHost } from './harness.js';

describe.each(testDatabases())('inventory services on $kind', ({ create }) => {
  let host: ReturnType<typeof testHost>;
  let hub: Hub;
  let inventory: InventoryServices;

  beforeEach(async () => {
    host = testHost(await create());
    host.link(['inventory']);
    hub = await host.open();
    await hub.apply({ action: 'install', modules: ['inventory'] });
    inventory = await hub.services<InventoryServices>('inventory');
  });
  afterEach(async () => host.cleanup());

  it('installs its tables, association table and seed rows', async () => {
    const tables = await query<{ table_name: string }>(hub, `SELECT table_name FROM information_schema.tables WHERE table_schema = 'inventory' ORDER BY 1`);
    expect(tables.map((t) => t.table_name)).toEqual(['categories', 'product_tags', 'products', 'stock_moves', 'tags']);
    expect((await inventory.listProducts()).map((p) => p.sku)).toEqual(['ANVIL-1', 'INSTALL', 'ROCKET-SKATES']);
    expect((await inventory.listCategories()).map((c) => c.name)).toEqual(['Hardware', 'Services']);
  });

  it('tags products through product_tags, creating missing tags, and filters by tag', async () => {
    const [hardware] = await inventory.listCategories();
    const hammer = await inventory.createProduct({ sku: 'HAMMER', name: 'Hammer', price: 12.5, categoryId: hardware!.id, tags: ['tools', 'bestseller'] });
    expect(hammer).toMatchObject({ price: '12.50', tags: ['bestseller', 'tools'], stock: 0 });
    expect((await inventory.listTags()).map((t) => t.name)).toEqual(['bestseller', 'new', 'tools']);
    expect((await inventory.listProducts({ tag: 'tools' })).map((p) => p.sku)).toEqual(['HAMMER']);

    const retagged = await inventory.updateProduct(hammer.id, { tags: ['new'] });
    expect(retagged.tags).toEqual(['new']);
    expect(await query(hub, 'SELECT tag_id FROM inventory.product_tags WHERE product_id = $1', [hammer.id])).toHaveLength(1);

    // Deleting a tag removes its associations, not the products (ON DELETE CASCADE on the link).
    const newTag = (await inventory.listTags()).find((t) => t.name === 'new')!;
    await inventory.deleteTag(newTag.id);
    expect((await inventory.getProduct(hammer.id)).tags).toEqual([]);
  });

  it('keeps stock as a ledger of moves', async () => {
    const anvil = (await inventory.listProducts({ q: 'anvil' }))[0]!;
    await inventory.createMove({ productId: anvil.id, quantity: 10, reason: 'receipt' });
    await inventory.createMoves([
      { productId: anvil.id, quantity: -3, reason: 'sale', reference: 'SO00001' },
      { productId: anvil.id, quantity: -1, reason: 'sale', reference: 'SO00002' },
    ]);
    expect(await inventory.stockOf(anvil.id)).toBe(6);
    expect((await inventory.getProduct(anvil.id)).stock).toBe(6);
    expect((await inventory.listMoves({ reference: 'SO00001' })).map((m) => m.quantity)).toEqual([-3]);

    // A product with moves cannot be deleted; one without can.
    await expect(inventory.deleteProduct(anvil.id)).rejects.toMatchObject({ code: 'HUB_INVENTORY_PRODUCT_IN_USE', status: 409 });
    const install = (await inventory.listProducts({ q: 'installation' }))[0]!;
    await inventory.deleteProduct(install.id);
    await expect(inventory.getProduct(install.id)).rejects.toMatchObject({ code: 'HUB_INVENTORY_NOT_FOUND' });
  });

  it('refuses a duplicate SKU and stores nothing', async () => {
    await expect(inventory.createProduct({ sku: 'ANVIL-1', name: 'Duplicate SKU' })).rejects.toThrow();
    expect((await inventory.listProducts({ q: 'Duplicate' }))).toEqual([]);
  });
});
