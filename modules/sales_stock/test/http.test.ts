// sales_stock over HTTP: sales' own confirm route runs the wrapped service, and stops doing so
// as soon as the bridge is uninstalled (same process, no restart).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '@hub/tooling/test-databases';
import { testHost } from './harness.js';
import { install, startServer, type Call } from '@hub/server/testing';

describe.each(testDatabases())('sales_stock HTTP on $kind', ({ create }) => {
  let host: ReturnType<typeof testHost>;
  let stop: () => Promise<void>;
  let call: Call;
  let admin: string;
  let order: (quantity: number) => Promise<number>;
  let stock: () => Promise<number>;

  beforeAll(async () => {
    host = testHost(await create());
    host.link(['base', 'contacts', 'inventory', 'sales', 'sales_stock']);
    const started = await startServer(await host.open());
    ({ call, admin } = started);
    stop = () => started.server.close();
    const op = await install(call, admin, 'sales');
    expect(op.modules ?? ['sales']).toContain('sales');
    const companyId = (await call('GET', '/api/v1/contacts/companies', { token: admin })).body[0].id;
    const productId = (await call('GET', '/api/v1/inventory/products?q=skates', { token: admin })).body[0].id;
    await call('POST', '/api/v1/inventory/moves', { token: admin, body: { productId, quantity: 20, reason: 'receipt' } });
    order = async (quantity) => (await call('POST', '/api/v1/sales/orders', { token: admin, body: { companyId, lines: [{ productId, quantity }] } })).body.id;
    stock = async () => (await call('GET', `/api/v1/inventory/products/${productId}`, { token: admin })).body.stock;
  });
  afterAll(async () => { await stop?.(); await host?.cleanup(); });

  it('confirming through sales\' route takes the goods out of stock', async () => {
    const id = await order(5);
    expect((await call('POST', `/api/v1/sales/orders/${id}/confirm`, { token: admin })).status).toBe(200);
    expect(await stock()).toBe(15);
    const moves = await call('GET', `/api/v1/sales_stock/orders/${id}/moves`, { token: admin });
    expect(moves.body).toMatchObject([{ quantity: -5, reason: 'sale', reference: 'SO00001' }]);
    expect((await call('POST', `/api/v1/sales/orders/${id}/cancel`, { token: admin })).body.state).toBe('cancelled');
    expect(await stock()).toBe(20);
  });

  // The mounter rebuilds every router when the set of wrapping modules changes, so
  // sales' own route stops calling the wrapper as soon as sales_stock is gone.
  it('after uninstalling sales_stock, confirmations move no stock', async () => {
    const r = await call('POST', '/api/v1/modules/uninstall/sales_stock', { token: admin });
    expect(r.status).toBe(200);
    expect((await call('GET', '/api/v1/sales_stock/orders/1/moves', { token: admin })).status).toBe(404);
    const id = await order(2);
    expect((await call('POST', `/api/v1/sales/orders/${id}/confirm`, { token: admin })).body.state).toBe('confirmed');
    expect(await stock()).toBe(20);
  });
});
