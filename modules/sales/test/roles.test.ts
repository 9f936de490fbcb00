// sales runs as its own database role: it reads contacts and inventory (its dependencies) and
// cannot write them; its own schema is read/write. Checked through its context and against
// information_schema.
import { afterEach, describe, expect, it } from 'vitest';
import { testDatabases } from '@hub/tooling/test-databases';
import { isHubError } from '@hub/kit';
import { people } from '@hub/module-contacts';
import { products } from '@hub/module-inventory';
import { eq } from 'drizzle-orm';
import { query, testHost } from './harness.js';

const coded = async (promise: Promise<unknown>) => {
  let e = await promise.then(() => undefined, (error: unknown) => error);
  while (e && !isHubError(e) && (e as { cause?: unknown }).cause) e = (e as { cause?: unknown }).cause;
  return e as { code?: string; details?: Record<string, unknown> } | undefined;
};

describe.each(testDatabases())('sales role on $kind', ({ create }) => {
  let host: ReturnType<typeof testHost> | undefined;
  afterEach(async () => { await host?.cleanup(); host = undefined; });

  it('reads contacts and inventory, cannot write them', async () => {
    host = testHost(await create());
    host.link(['contacts', 'inventory', 'sales', 'sales_stock']);
    const hub = await host.open();
    await hub.apply({ action: 'install', modules: ['sales'] });
    await (await hub.services<{ createPerson(p: { firstName: string; lastName: string }): Promise<unknown> }>('contacts')).createPerson({ firstName: 'Ada', lastName: 'Lovelace' });
    const { db } = await hub.context('sales');

    expect((await db.select({ firstName: people.firstName }).from(people)).map((p) => p.firstName)).toContain('Ada');
    expect(Array.isArray(await db.select().from(products).limit(1))).toBe(true);
    const insert = await coded(db.insert(people).values({ firstName: 'Eve', lastName: 'Mallory' }) as unknown as Promise<unknown>);
    expect(insert).toMatchObject({ code: 'HUB_MODULE_PERMISSION_DENIED', details: { object: 'contacts.people', privilege: 'insert' } });
    const update = await coded(db.update(products).set({ name: 'free' }).where(eq(products.id, 1)) as unknown as Promise<unknown>);
    expect(update).toMatchObject({ code: 'HUB_MODULE_PERMISSION_DENIED', details: { object: 'inventory.products', privilege: 'update' } });
    expect(await query(hub, `SELECT count(*)::int AS n FROM contacts.people WHERE first_name = 'Eve'`)).toEqual([{ n: 0 }]);

    const [{ role }] = await query<{ role: string }>(hub, `SELECT rolname AS role FROM pg_roles WHERE rolname = 'hub_' || left(encode(sha256(convert_to(current_database(), 'UTF8')), 'hex'), 8) || '_sales'`);
    const grants = await query<{ schema: string; p: string }>(hub, `SELECT table_schema AS schema, string_agg(DISTINCT privilege_type, ',' ORDER BY privilege_type) AS p
      FROM information_schema.role_table_grants WHERE grantee = $1 GROUP BY 1 ORDER BY 1`, [role]);
    expect(grants).toEqual([
      { schema: 'contacts', p: 'SELECT' }, { schema: 'inventory', p: 'SELECT' }, { schema: 'sales', p: 'DELETE,INSERT,SELECT,UPDATE' },
    ]);
  });
});
