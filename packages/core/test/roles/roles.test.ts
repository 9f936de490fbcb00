// Each module runs as its own PostgreSQL role: what a module's code may and may not touch.
import { afterEach, describe, expect, it } from 'vitest';
import { testDatabases } from '@hub/tooling/test-databases';
import { isHubError } from '@hub/kit';
import type { Hub } from '../../src/hub/types.js';
import { dumpDatabase, hubFactory, tempHost } from '../helpers.js';

async function refusal(promise: Promise<unknown>) {
  let error = await promise.then(() => undefined, (e: unknown) => e);
  // Drizzle wraps what a query throws in its own error; the coded error is its cause.
  while (error && !isHubError(error) && (error as { cause?: unknown }).cause) error = (error as { cause?: unknown }).cause;
  expect(isHubError(error), `expected a HubError, got ${String(error)}`).toBe(true);
  return error as { code: string; message: string; hint?: string; details?: Record<string, unknown> };
}

const roleCount = async (hub: Hub, module: string) =>
  (await hub.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_roles WHERE rolname = 'hub_' || left(encode(sha256(convert_to(current_database(), 'UTF8')), 'hex'), 8) || '_' || $1`, [module]))[0]!.n;

describe.each(testDatabases())('module roles on $kind', ({ create }) => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => { for (const c of cleanups.splice(0).reverse()) await c(); });
  const open = async (env: Record<string, string> = {}) => {
    const target = await create(); cleanups.push(target.drop);
    const host = tempHost(); cleanups.push(host.rm);
    const f = hubFactory(target, host.dir); cleanups.push(f.closeAll);
    return f.open(['roles'], { env });
  };

  it.each([
    ['base', 'select', 'usage', 'base'],
    ['hub', 'update', 'usage', 'hub'],
    ['public', 'create', 'create', 'public'],
    ['vault', 'insert', 'usage', 'vault'],
  ])('a hook that tries %s (%s) is refused with a coded error and the install leaves nothing behind', async (attempt, operation, privilege, object) => {
    const hub = await open({ MODULES__NOSY__ATTEMPT: attempt });
    await hub.apply({ action: 'install', modules: ['base', 'vault'] });
    const before = await dumpDatabase(hub.db);
    const error = await refusal(hub.apply({ action: 'install', modules: ['nosy'] }));
    expect(error.code).toBe('HUB_MODULE_PERMISSION_DENIED');
    expect(error.message).toContain('Module "nosy"');
    expect(error.details?.operation).toBe(operation);
    expect(error.details?.privilege).toBe(privilege);
    expect(error.details?.object).toBe(object);
    expect(error.hint).toBeTruthy();
    expect(await dumpDatabase(hub.db)).toBe(before);
    expect(await roleCount(hub, 'nosy')).toBe(0);
    expect(await hub.db.query(`SELECT 1 FROM pg_tables WHERE tablename = 'nosy_was_here'`)).toEqual([]);
  });

  it.each(['reset', 'setconfig'])('a hook that tries to leave its role (%s) is refused', async (attempt) => {
    const hub = await open({ MODULES__NOSY__ATTEMPT: attempt });
    const error = await refusal(hub.apply({ action: 'install', modules: ['nosy'] }));
    expect(error.code).toBe('HUB_MODULE_STATEMENT_REFUSED');
    expect(await hub.db.query(`SELECT 1 FROM pg_namespace WHERE nspname = 'nosy'`)).toEqual([]);
  });

  it('a module writes its own schema, reads its dependency but never its secret columns; uninstall drops the role', async () => {
    const hub = await open();
    await hub.apply({ action: 'install', modules: ['reader', 'nosy'] });
    const [{ role, superuser, login }] = await hub.db.query<{ role: string; superuser: boolean; login: boolean }>(
      `SELECT rolname AS role, rolsuper AS superuser, rolcanlogin AS login FROM pg_roles WHERE rolname = 'hub_' || left(encode(sha256(convert_to(current_database(), 'UTF8')), 'hex'), 8) || '_reader'`);
    expect([superuser, login]).toEqual([false, false]);
    expect(await hub.db.query(`SELECT 1 FROM pg_class WHERE relowner = (SELECT oid FROM pg_roles WHERE rolname = $1)`, [role])).toEqual([]);
    const reader = await hub.services<{ emails(): Promise<string[]>; hashes(): Promise<unknown> }>('reader');
    expect(await reader.emails()).toEqual(['root@example.com']);
    const denied = await refusal(reader.hashes());
    expect(denied.code).toBe('HUB_MODULE_PERMISSION_DENIED');
    expect(denied.details?.object).toBe('base.users');
    // The grants as PostgreSQL reports them.
    const tablePrivileges = await hub.db.query<{ t: string; p: string }>(`SELECT table_schema || '.' || table_name AS t, string_agg(privilege_type, ',' ORDER BY privilege_type) AS p
      FROM information_schema.role_table_grants WHERE grantee = $1 GROUP BY 1 ORDER BY 1`, [role]);
    expect(tablePrivileges).toEqual([{ t: 'reader.visits', p: 'DELETE,INSERT,SELECT,UPDATE' }]);
    const columnPrivileges = await hub.db.query<{ c: string }>(`SELECT table_schema || '.' || table_name || '.' || column_name || ':' || privilege_type AS c
      FROM information_schema.column_privileges WHERE grantee = $1 AND table_schema <> 'reader' ORDER BY 1`, [role]);
    expect(columnPrivileges.map((r) => r.c)).toEqual(['base.users.email:SELECT', 'base.users.id:SELECT']);
    const schemas = await hub.db.query<{ s: string }>(`SELECT nspname AS s FROM pg_namespace WHERE has_schema_privilege($1, oid, 'USAGE')
      AND nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema' ORDER BY 1`, [role]);
    expect(schemas.map((r) => r.s)).toEqual(['base', 'public', 'reader']);
    expect((await hub.db.query<{ ok: boolean }>(`SELECT has_schema_privilege($1, 'public', 'CREATE') AS ok`, [role]))[0]!.ok).toBe(false);
    expect((await hub.db.query<{ ok: boolean }>(`SELECT has_schema_privilege($1, 'hub', 'USAGE') AS ok`, [role]))[0]!.ok).toBe(false);

    await hub.apply({ action: 'uninstall', modules: ['reader'], options: { dropTables: true } });
    expect(await roleCount(hub, 'reader')).toBe(0);
    expect(await roleCount(hub, 'nosy')).toBe(1);
  });
});
