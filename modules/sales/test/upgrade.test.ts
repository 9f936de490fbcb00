// The upgrade story: a database at sales 0.1.0 (test/fixtures/v0.1.0), whose postInit hook created
// sales.order_number_seq itself, installed by a host without module roles, is upgraded by today's
// host to the current code (0.2.0), which declares the sequence in its schema. The host adopts the
// sequence that is there (numbering goes on), migrations['0.2.0'] runs, nothing is lost, and the
// upgraded schema equals a fresh install.
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { testDatabases } from '@hub/tooling/test-databases';
import { upgradeCase } from '@hub/server/testing';
import type { SalesServices } from '../src/index.js';

const v010 = fileURLToPath(new URL('./fixtures/v0.1.0', import.meta.url));
const modulesDir = fileURLToPath(new URL('../..', import.meta.url));
const sequenceOid = `SELECT c.oid::int AS oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = 'sales' AND c.relname = 'order_number_seq' AND c.relkind = 'S'`;

describe.each(testDatabases())('sales 0.1.0 -> 0.2.0 on $kind', ({ create }) => {
  it('adopts the order number sequence its hook created, keeps the orders and their numbering, matches a fresh install', async () => {
    const { plan } = await upgradeCase({
      module: 'sales', previous: v010, modulesDir, create, modules: ['contacts', 'inventory'],
      // 0.1.0 was installed by hosts that ran hooks as their own database user.
      previousEnv: { HUB_MODULE_ROLES: 'off' },
      async prepare(ctx) {
        await ctx.query(`INSERT INTO sales.orders (number, company_id, currency)
          SELECT 'SO' || lpad(nextval('sales.order_number_seq')::text, 5, '0'), id, 'EUR' FROM contacts.companies ORDER BY id LIMIT 2`);
        const orders = await ctx.query<{ number: string }>('SELECT * FROM sales.orders ORDER BY id');
        expect(orders.map((o) => o.number)).toEqual(['SO00001', 'SO00002']);
        return { orders, sequence: (await ctx.query<{ oid: number }>(sequenceOid))[0]!.oid };
      },
      async check(ctx, before) {
        expect(await ctx.query('SELECT * FROM sales.orders ORDER BY id')).toEqual(before.orders);
        // The same sequence, not a new one: it goes on counting.
        expect((await ctx.query<{ oid: number }>(sequenceOid))[0]!.oid).toBe(before.sequence);
        const [company] = await ctx.query<{ id: number }>('SELECT id FROM contacts.companies ORDER BY id LIMIT 1');
        const sales = await ctx.services<SalesServices>('sales');
        expect((await sales.createOrder({ companyId: company!.id })).number).toBe('SO00003');
        // Now sales' own role may use the sequence (the old hook's sequence belongs to the host).
        const [grants] = await ctx.query<{ ok: boolean }>(`SELECT has_sequence_privilege('hub_' || left(encode(sha256(convert_to(current_database(), 'UTF8')), 'hex'), 8) || '_sales',
          'sales.order_number_seq', 'USAGE') AS ok`);
        expect(grants!.ok).toBe(true);
      },
    });
    const step = plan.modules.find((m) => m.name === 'sales');
    expect(step).toMatchObject({ action: 'upgrade', fromVersion: '0.1.0', toVersion: '0.2.0', dataLoss: [] });
    expect(step!.statements.map((s) => s.sql)).toEqual([expect.stringMatching(/^CREATE SEQUENCE IF NOT EXISTS "sales"\."order_number_seq"/)]);
    expect(step!.hooks).toContain('migrations[0.2.0].post');
  });
});
