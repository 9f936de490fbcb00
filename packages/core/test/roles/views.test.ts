// A module's views and materialized views are created (and owned) by the host, yet show the module
// only what its own role may read: a view that would reveal base's password hashes is refused.
import { afterEach, describe, expect, it } from 'vitest';
import { testDatabases } from '@hub/tooling/test-databases';
import { isHubError } from '@hub/kit';
import type { Hub } from '../../src/hub/types.js';
import { dumpDatabase, hubFactory, tempHost } from '../helpers.js';

async function refusal(promise: Promise<unknown>) {
  let error = await promise.then(() => undefined, (e: unknown) => e);
  while (error && !isHubError(error) && (error as { cause?: unknown }).cause) error = (error as { cause?: unknown }).cause;
  expect(isHubError(error), `expected a HubError, got ${String(error)}`).toBe(true);
  return error as { code: string; message: string; hint?: string; status?: number; details?: Record<string, unknown> };
}

const roleOf = async (hub: Hub, module: string) =>
  (await hub.db.query<{ role: string }>(`SELECT 'hub_' || left(encode(sha256(convert_to(current_database(), 'UTF8')), 'hex'), 8) || '_' || $1 AS role`, [module]))[0]!.role;

describe.each(testDatabases())('module views under module roles on $kind', ({ create }) => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => { for (const c of cleanups.splice(0).reverse()) await c(); });
  const open = async () => {
    const target = await create(); cleanups.push(target.drop);
    const host = tempHost(); cleanups.push(host.rm);
    const f = hubFactory(target, host.dir); cleanups.push(f.closeAll);
    return f.open(['roles', 'roles-views']);
  };

  it.each([['peek_view', false], ['peek_matview', true]])('%s, whose view selects base.users.password_hash, is refused and leaves nothing behind', async (module, materialized) => {
    const hub = await open();
    await hub.apply({ action: 'install', modules: ['base'] });
    const before = await dumpDatabase(hub.db);
    const error = await refusal(hub.apply({ action: 'install', modules: [module as string] }));
    expect(error.code).toBe('HUB_MODULE_VIEW_DENIED');
    expect(error.status).toBe(422);
    expect(error.message).toContain(`${module}.hashes reads base.users`);
    expect(error.details).toMatchObject({ module, view: `${module}.hashes`, materialized, object: 'base.users', privilege: 'select' });
    expect(error.hint).toBeTruthy();
    expect(await dumpDatabase(hub.db)).toBe(before);
    expect(await hub.db.query(`SELECT 1 FROM pg_namespace WHERE nspname = $1`, [module])).toEqual([]);
    expect(await hub.db.query(`SELECT 1 FROM pg_roles WHERE rolname = $1`, [await roleOf(hub, module as string)])).toEqual([]);
  });

  it('a view and a materialized view over what the module may read install; the view runs with its reader\'s rights; its hook refreshes the materialized view', async () => {
    const hub = await open();
    await hub.apply({ action: 'install', modules: ['lens'] });
    const lens = await hub.services<{ emails(): Promise<string[]>; userCount(): Promise<number> }>('lens');
    expect(await lens.emails()).toEqual(['root@example.com']);
    // Filled by the postInit hook's REFRESH (computed by the host, over a definition checked as the role).
    expect(await lens.userCount()).toBe(1);
    const [view] = await hub.db.query<{ options: string[] | null }>(
      `SELECT c.reloptions AS options FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'lens' AND c.relname = 'emails'`);
    expect(view!.options).toEqual(['security_invoker=true']);
    const role = await roleOf(hub, 'lens');
    expect(await hub.db.query(`SELECT relname FROM pg_class WHERE relowner = (SELECT oid FROM pg_roles WHERE rolname = $1)`, [role])).toEqual([]);
    // Another install (a grant sync of every module) keeps the view as it is.
    await hub.apply({ action: 'install', modules: ['reader'] });
    expect(await lens.emails()).toEqual(['root@example.com']);
  });
});
