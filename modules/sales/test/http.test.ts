// The acceptance over HTTP, through the real server: installing sales shows one plan and
// installs contacts and inventory first and sales_stock automatically; CRUD with permissions
// (no sales.write -> 403); uninstalling contacts is refused, and with cascade removes sales_stock,
// sales, then contacts; DRY_RUN on sales answers and logs a confirmation but writes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '@hub/tooling/test-databases';
import { testHost } from './harness.js';
import { startServer, userWith, type Call } from '@hub/server/testing';

describe.each(testDatabases())('sales HTTP API on $kind', ({ create }) => {
  let host: ReturnType<typeof testHost>;
  let stop: () => Promise<void>;
  let call: Call;
  let admin: string;
  let clerk: string;
  let companyId: number;
  let anvilId: number;

  beforeAll(async () => {
    host = testHost(await create());
    host.link(['base', 'contacts', 'inventory', 'sales', 'sales_stock']);
    const started = await startServer(await host.open());
    ({ call, admin } = started);
    stop = () => started.server.close();
    clerk = await userWith(call, admin, started.login, 'clerk@test.local', ['sales.read', 'contacts.read', 'inventory.read']);
  });
  afterAll(async () => { await stop?.(); await host?.cleanup(); });

  it('lists the four modules as available', async () => {
    const list = await call('GET', '/api/v1/modules/', { token: admin });
    const states = Object.fromEntries(list.body.items.map((m: any) => [m.name, m.state]));
    expect(states).toMatchObject({ contacts: 'available', inventory: 'available', sales: 'available', sales_stock: 'available' });
  });

  it('installs sales from one plan: contacts and inventory first, sales_stock automatically', async () => {
    const plan = await call('GET', '/api/v1/modules/sales/plan?action=install', { token: admin });
    expect(plan.body.modules.map((m: any) => [m.name, m.reason])).toEqual([
      ['contacts', 'dependency'], ['inventory', 'dependency'], ['sales', 'requested'], ['sales_stock', 'autoInstall'],
    ]);
    const r = await call('POST', `/api/v1/modules/install/sales?plan_hash=${plan.body.hash}`, { token: admin });
    expect(r.status).toBe(200);
    expect(r.body.operation.status).toBe('succeeded');
    for (const name of ['contacts', 'inventory', 'sales', 'sales_stock']) {
      expect((await call('GET', `/api/v1/modules/${name}`, { token: admin })).body).toMatchObject({ state: 'installed', mounted: true });
    }
    companyId = (await call('GET', '/api/v1/contacts/companies', { token: admin })).body[0].id;
    anvilId = (await call('GET', '/api/v1/inventory/products?q=anvil', { token: admin })).body[0].id;
  });

  it('creates, reads, updates, confirms and deletes orders', async () => {
    const created = await call('POST', '/api/v1/sales/orders', { token: admin, body: { companyId, lines: [{ productId: anvilId, quantity: 2 }] } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ number: 'SO00001', state: 'draft', currency: 'EUR', total: '198.00' });
    const id = created.body.id;

    const patched = await call('PATCH', `/api/v1/sales/orders/${id}`, { token: admin, body: { note: 'Deliver to the canyon' } });
    expect(patched.body.note).toBe('Deliver to the canyon');
    const withLine = await call('POST', `/api/v1/sales/orders/${id}/lines`, { token: admin, body: { productId: anvilId, quantity: 1, unitPrice: '90' } });
    expect(withLine.body.total).toBe('288.00');

    const confirmed = await call('POST', `/api/v1/sales/orders/${id}/confirm`, { token: admin });
    expect([confirmed.status, confirmed.body.state]).toEqual([200, 'confirmed']);
    // sales_stock wrapped the confirmation: the moves exist.
    const moves = await call('GET', `/api/v1/sales_stock/orders/${id}/moves`, { token: admin });
    expect(moves.body.map((m: any) => m.quantity).sort((a: number, b: number) => a - b)).toEqual([-2, -1]);
    const again = await call('POST', `/api/v1/sales/orders/${id}/confirm`, { token: admin });
    expect([again.status, again.body.code]).toEqual([409, 'HUB_SALES_ORDER_STATE']);

    const draft = await call('POST', '/api/v1/sales/orders', { token: admin, body: { companyId } });
    expect((await call('DELETE', `/api/v1/sales/orders/${draft.body.id}`, { token: admin })).status).toBe(204);
    expect((await call('GET', `/api/v1/sales/orders/${draft.body.id}`, { token: admin })).status).toBe(404);
    expect((await call('GET', '/api/v1/sales/orders', { token: admin })).body.map((o: any) => o.number)).toEqual(['SO00001']);
  });

  it('a user without sales.write reads orders but gets 403 on changes', async () => {
    expect((await call('GET', '/api/v1/sales/orders', { token: clerk })).status).toBe(200);
    const denied = await call('POST', '/api/v1/sales/orders', { token: clerk, body: { companyId } });
    expect([denied.status, denied.body.code, denied.body.details.missing]).toEqual([403, 'HUB_PERMISSION_DENIED', ['sales.write']]);
    const confirm = await call('POST', '/api/v1/sales/orders/1/confirm', { token: clerk });
    expect(confirm.status).toBe(403);
  });

  it('refuses to uninstall contacts while sales is installed; cascade uninstalls sales_stock, sales, then contacts', async () => {
    const refused = await call('POST', '/api/v1/modules/uninstall/contacts', { token: admin });
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(JSON.stringify(refused.body)).toContain('sales');
    expect((await call('GET', '/api/v1/modules/contacts', { token: admin })).body.state).toBe('installed');

    const plan = await call('GET', '/api/v1/modules/contacts/plan?action=uninstall&cascade=true', { token: admin });
    expect(plan.body.modules.map((m: any) => m.name)).toEqual(['sales_stock', 'sales', 'contacts']);
    const r = await call('POST', `/api/v1/modules/uninstall/contacts?plan_hash=${plan.body.hash}`, { token: admin, body: { cascade: true } });
    expect(r.status).toBe(200);
    for (const name of ['sales_stock', 'sales', 'contacts']) {
      expect((await call('GET', `/api/v1/modules/${name}`, { token: admin })).body).toMatchObject({ state: 'uninstalled', mounted: false });
    }
    expect((await call('GET', '/api/v1/sales/orders', { token: admin })).status).toBe(404);
    expect((await call('GET', '/api/v1/modules/inventory', { token: admin })).body.state).toBe('installed');
  });
});

describe.each(testDatabases())('sales with MODULES__SALES__DRY_RUN on $kind', ({ create }) => {
  let host: ReturnType<typeof testHost>;
  let stop: () => Promise<void>;

  beforeAll(async () => {
    host = testHost(await create());
    host.link(['base', 'contacts', 'inventory', 'sales', 'sales_stock']);
  });
  afterAll(async () => { await stop?.(); await host?.cleanup(); });

  it('logs and answers a confirmation, and writes nothing', async () => {
    // Install and create a draft order with the switch off, then restart with it on.
    const hub = await host.open();
    const first = await startServer(hub);
    await first.call('POST', '/api/v1/modules/install/sales', { token: first.admin });
    const companyId = (await first.call('GET', '/api/v1/contacts/companies', { token: first.admin })).body[0].id;
    const productId = (await first.call('GET', '/api/v1/inventory/products', { token: first.admin })).body[0].id;
    const order = await first.call('POST', '/api/v1/sales/orders', { token: first.admin, body: { companyId, lines: [{ productId, quantity: 1 }] } });
    await first.server.close();

    const env = { MODULES__SALES__DRY_RUN: 'true' };
    const { server, call, admin } = await startServer(hub, env);
    stop = () => server.close();
    expect((await call('GET', '/api/v1/modules/sales', { token: admin })).body).toMatchObject({ dryRun: true, readOnly: false });

    const r = await call('POST', `/api/v1/sales/orders/${order.body.id}/confirm`, { token: admin });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ dryRun: true, module: 'sales', method: 'POST', path: `/api/v1/sales/orders/${order.body.id}/confirm` });

    // Nothing was written: the order is still a draft, no stock moved, no new order.
    expect((await call('GET', `/api/v1/sales/orders/${order.body.id}`, { token: admin })).body.state).toBe('draft');
    expect((await call('GET', `/api/v1/sales_stock/orders/${order.body.id}/moves`, { token: admin })).body).toEqual([]);
    await call('POST', '/api/v1/sales/orders', { token: admin, body: { companyId } });
    expect((await call('GET', '/api/v1/sales/orders', { token: admin })).body).toHaveLength(1);
  });
});
