// inventory over HTTP through the real server: products with tags, categories, stock moves.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '@hub/tooling/test-databases';
import { testHost } from './harness.js';
import { install, startServer, userWith, type Call } from '@hub/server/testing';

describe.each(testDatabases())('inventory HTTP API on $kind', ({ create }) => {
  let host: ReturnType<typeof testHost>;
  let stop: () => Promise<void>;
  let call: Call;
  let admin: string;
  let reader: string;

  beforeAll(async () => {
    host = testHost(await create());
    host.link(['base', 'inventory']);
    const started = await startServer(await host.open());
    ({ call, admin } = started);
    stop = () => started.server.close();
    await install(call, admin, 'inventory');
    reader = await userWith(call, admin, started.login, 'reader@test.local', ['inventory.read']);
  });
  afterAll(async () => { await stop?.(); await host?.cleanup(); });

  it('creates, reads, updates and deletes a product with tags', async () => {
    const category = await call('POST', '/api/v1/inventory/categories', { token: admin, body: { name: 'Tools' } });
    expect(category.status).toBe(201);
    const created = await call('POST', '/api/v1/inventory/products', { token: admin, body: { sku: 'HAMMER', name: 'Hammer', price: '12.5', categoryId: category.body.id, tags: ['tools', 'new'] } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ sku: 'HAMMER', price: '12.50', tags: ['new', 'tools'], stock: 0 });

    const byTag = await call('GET', '/api/v1/inventory/products?tag=tools', { token: reader });
    expect(byTag.body.map((p: any) => p.sku)).toEqual(['HAMMER']);
    const patched = await call('PATCH', `/api/v1/inventory/products/${created.body.id}`, { token: admin, body: { name: 'Claw hammer', tags: ['tools'] } });
    expect(patched.body).toMatchObject({ name: 'Claw hammer', tags: ['tools'] });

    expect((await call('DELETE', `/api/v1/inventory/products/${created.body.id}`, { token: admin })).status).toBe(204);
    expect((await call('GET', `/api/v1/inventory/products/${created.body.id}`, { token: admin })).status).toBe(404);
  });

  it('records stock moves and refuses deleting a product that has some', async () => {
    const anvil = (await call('GET', '/api/v1/inventory/products?q=anvil', { token: admin })).body[0];
    const move = await call('POST', '/api/v1/inventory/moves', { token: admin, body: { productId: anvil.id, quantity: 5, reason: 'receipt' } });
    expect(move.status).toBe(201);
    expect((await call('GET', `/api/v1/inventory/products/${anvil.id}`, { token: admin })).body.stock).toBe(5);
    const zero = await call('POST', '/api/v1/inventory/moves', { token: admin, body: { productId: anvil.id, quantity: 0, reason: 'x' } });
    expect([zero.status, zero.body.details.fields[0].path]).toEqual([400, 'quantity']);
    const refused = await call('DELETE', `/api/v1/inventory/products/${anvil.id}`, { token: admin });
    expect([refused.status, refused.body.code]).toEqual([409, 'HUB_INVENTORY_PRODUCT_IN_USE']);
  });

  it('enforces inventory.write', async () => {
    const r = await call('POST', '/api/v1/inventory/tags', { token: reader, body: { name: 'x' } });
    expect([r.status, r.body.code]).toEqual([403, 'HUB_PERMISSION_DENIED']);
    expect((await call('GET', '/api/v1/inventory/tags', { token: reader })).body.map((t: any) => t.name)).toEqual(['bestseller', 'new', 'tools']);
  });
});
