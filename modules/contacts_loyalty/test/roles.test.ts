// contacts_loyalty runs as its own database role: it writes the column it adds to
// contacts.people (loyalty_points) and no other column of that table.
import { afterEach, describe, expect, it } from 'vitest';
import { testDatabases } from '@hub/tooling/test-databases';
import { isHubError } from '@hub/kit';
import { people as contactsPeople } from '@hub/module-contacts';
import { eq } from 'drizzle-orm';
import { loyaltyPeople as people } from '../src/schema.js';
import { query, testHost } from './harness.js';

const coded = async (promise: Promise<unknown>) => {
  let e = await promise.then(() => undefined, (error: unknown) => error);
  while (e && !isHubError(e) && (e as { cause?: unknown }).cause) e = (e as { cause?: unknown }).cause;
  return e as { code?: string; details?: Record<string, unknown> } | undefined;
};

describe.each(testDatabases())('contacts_loyalty role on $kind', ({ create }) => {
  let host: ReturnType<typeof testHost> | undefined;
  afterEach(async () => { await host?.cleanup(); host = undefined; });

  it('writes contacts.people.loyalty_points, cannot write contacts.people.first_name; uninstall drops the grants', async () => {
    host = testHost(await create());
    host.link(['contacts', 'contacts_loyalty']);
    const hub = await host.open();
    await hub.apply({ action: 'install', modules: ['contacts_loyalty'] });
    const [{ id }] = await query<{ id: number }>(hub, `SELECT min(id) AS id FROM contacts.people`);
    const { db } = await hub.context('contacts_loyalty');

    await db.update(people).set({ loyaltyPoints: 120 }).where(eq(contactsPeople.id, id));
    expect(await query(hub, 'SELECT loyalty_points FROM contacts.people WHERE id = $1', [id])).toEqual([{ loyalty_points: 120 }]);
    const denied = await coded(db.update(contactsPeople).set({ firstName: 'Mallory' }).where(eq(contactsPeople.id, id)) as unknown as Promise<unknown>);
    expect(denied).toMatchObject({ code: 'HUB_MODULE_PERMISSION_DENIED', details: { module: 'contacts_loyalty', object: 'contacts.people', privilege: 'update' } });
    expect(await query(hub, 'SELECT first_name FROM contacts.people WHERE id = $1', [id])).not.toEqual([{ first_name: 'Mallory' }]);

    const columns = await query<{ c: string }>(hub, `SELECT column_name || ':' || privilege_type AS c FROM information_schema.column_privileges
      WHERE grantee = 'hub_' || left(encode(sha256(convert_to(current_database(), 'UTF8')), 'hex'), 8) || '_contacts_loyalty' AND table_schema = 'contacts' AND table_name = 'people' AND privilege_type IN ('INSERT', 'UPDATE') ORDER BY 1`);
    expect(columns.map((r) => r.c)).toEqual(['loyalty_points:INSERT', 'loyalty_points:UPDATE']);

    await hub.apply({ action: 'uninstall', modules: ['contacts_loyalty'], options: { dropTables: true } });
    expect(await query(hub, `SELECT 1 FROM pg_roles WHERE rolname = 'hub_' || left(encode(sha256(convert_to(current_database(), 'UTF8')), 'hex'), 8) || '_contacts_loyalty'`)).toEqual([]);
  });
});
