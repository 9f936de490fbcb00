// Grants follow every lifecycle path: install, rollback of an install, reinstall, disable/enable,
// a dependency's upgrade that adds a table, uninstall with kept tables, reinstall over them;
// several instances share the roles, two databases on one server never do.
import { afterEach, describe, expect, it } from 'vitest';
import { testDatabases } from '@hub/tooling/test-databases';
import type { Hub } from '../../src/hub/types.js';
import { hubFactory, tempHost } from '../helpers.js';

/** Every privilege of a module's role in this database, as information_schema reports it. */
async function grantsOf(hub: Hub, module: string): Promise<string[] | null> {
  const [role] = await hub.db.query<{ name: string }>(`SELECT rolname AS name FROM pg_roles WHERE rolname = 'hub_' || left(encode(sha256(convert_to(current_database(), 'UTF8')), 'hex'), 8) || '_' || $1`, [module]);
  if (!role) return null;
  const tables = await hub.db.query<{ g: string }>(`SELECT table_schema || '.' || table_name || ':' || privilege_type AS g
    FROM information_schema.role_table_grants WHERE grantee = $1`, [role.name]);
  const columns = await hub.db.query<{ g: string }>(`SELECT table_schema || '.' || table_name || '.' || column_name || ':' || privilege_type AS g
    FROM information_schema.column_privileges c WHERE grantee = $1 AND NOT EXISTS (SELECT 1 FROM information_schema.role_table_grants t
      WHERE t.grantee = c.grantee AND t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.privilege_type = c.privilege_type)`, [role.name]);
  return [...tables, ...columns].map((r) => r.g).sort();
}

const RW = (table: string) => ['DELETE', 'INSERT', 'SELECT', 'UPDATE'].map((p) => `${table}:${p}`);
const READER = [...RW('reader.visits'), 'base.users.email:SELECT', 'base.users.id:SELECT'].sort();

describe.each(testDatabases())('module role grants through the lifecycle on $kind', ({ create }) => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => { for (const c of cleanups.splice(0).reverse()) await c(); });
  const factory = async () => {
    const target = await create(); cleanups.push(target.drop);
    const host = tempHost(); cleanups.push(host.rm);
    const f = hubFactory(target, host.dir); cleanups.push(f.closeAll);
    return f;
  };

  it('keeps every role\'s grants right after each step', async () => {
    const f = await factory();
    let hub = await f.open(['roles']);
    await hub.apply({ action: 'install', modules: ['reader'] });
    expect(await grantsOf(hub, 'reader')).toEqual(READER);
    expect(await grantsOf(hub, 'base')).toEqual(RW('base.users'));
    expect((await hub.get('reader')).access).toEqual(['read/write schema reader', 'read base']);

    await hub.apply({ action: 'rollback', modules: ['reader'], options: { acceptDataLoss: true } });
    expect(await grantsOf(hub, 'reader')).toBeNull();
    await hub.apply({ action: 'install', modules: ['reader'] });
    expect(await grantsOf(hub, 'reader')).toEqual(READER);

    await hub.apply({ action: 'disable', modules: ['reader'] });
    await hub.apply({ action: 'enable', modules: ['reader'] });
    expect(await grantsOf(hub, 'reader')).toEqual(READER);

    // base 1.1.0 adds a table: its dependent may read it after the upgrade.
    await f.closeAll();
    hub = await f.open(['roles-v2']);
    await hub.apply({ action: 'upgrade', modules: ['base'] });
    expect(await grantsOf(hub, 'reader')).toEqual([...READER, 'base.groups:SELECT'].sort());
    expect(await grantsOf(hub, 'base')).toEqual([...RW('base.groups'), ...RW('base.users')].sort());

    await hub.apply({ action: 'uninstall', modules: ['reader'] });
    expect(await grantsOf(hub, 'reader')).toBeNull();
    expect(await hub.db.query(`SELECT 1 FROM pg_tables WHERE schemaname = 'reader'`)).toHaveLength(1);
    await hub.apply({ action: 'install', modules: ['reader'] });
    expect(await grantsOf(hub, 'reader')).toEqual([...READER, 'base.groups:SELECT'].sort());
  });

  it('several instances share the roles; two databases on one server do not', async () => {
    const f = await factory();
    const one = await f.open(['roles']);
    await one.apply({ action: 'install', modules: ['reader'] });
    const two = await f.open(['roles']);
    expect(await (await two.services<{ emails(): Promise<string[]> }>('reader')).emails()).toEqual(['root@example.com']);

    const other = await (await factory()).open(['roles']);
    await other.apply({ action: 'install', modules: ['reader'] });
    const roleOf = async (hub: Hub) => (await hub.db.query<{ r: string }>(`SELECT rolname AS r FROM pg_roles WHERE rolname = 'hub_' || left(encode(sha256(convert_to(current_database(), 'UTF8')), 'hex'), 8) || '_reader' AND pg_has_role(current_user, oid, 'USAGE')
      AND EXISTS (SELECT 1 FROM information_schema.role_table_grants WHERE grantee = rolname AND table_schema = 'reader')`))[0]?.r;
    const [a, b] = [await roleOf(one), await roleOf(other)];
    expect(a).toMatch(/^hub_[0-9a-f]{8}_reader$/);
    expect(b).toMatch(/^hub_[0-9a-f]{8}_reader$/);
    if (one.db.kind === 'postgres') expect(a).not.toBe(b);
  });
});
