// Installing a module with a dependency installs both, in order.
import { afterEach, describe, expect, it } from 'vitest';
import { testDatabases } from '@hub/tooling/test-databases';
import type { HubChangeEvent, ProgressEvent } from '../src/hub/types.js';
import { hubFactory, tempHost } from './helpers.js';

describe.each(testDatabases())('install on $kind', ({ create }) => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => { for (const c of cleanups.splice(0).reverse()) await c(); });
  const setup = async () => {
    const target = await create(); cleanups.push(target.drop);
    const host = tempHost(); cleanups.push(host.rm);
    const f = hubFactory(target, host.dir); cleanups.push(f.closeAll);
    return f;
  };

  it('installs dependencies first: tables, foreign keys, indexes, data, hooks once, state, migrations, audit', async () => {
    const hub = await (await setup()).open(['main']);
    const request = { action: 'install' as const, modules: ['orders', 'tags'] };
    const plan = await hub.plan(request);
    expect(plan.modules.map((m) => [m.name, m.action, m.reason])).toEqual([
      ['people', 'install', 'dependency'], ['orders', 'install', 'requested'], ['tags', 'install', 'requested'],
    ]);
    expect(plan.modules[0]!.hooks).toEqual(['preInit', 'postInit']);
    expect(plan.modules[0]!.dataFiles).toEqual(['data/people.json']);
    expect(plan.text).toContain('CREATE TABLE "orders"."orders"');
    expect(plan.text).toMatch(/^1\. install people 1\.0\.0 \(dependency\)$/m);
    expect(plan.hash).toMatch(/^[0-9a-f]{64}$/);
    expect((await hub.plan(request)).hash).toBe(plan.hash);

    const events: HubChangeEvent[] = [];
    hub.onChange((e) => events.push(e));
    const progress: ProgressEvent[] = [];
    const result = await hub.apply(request, { planHash: plan.hash, actor: 'tester', onProgress: (e) => progress.push(e) });
    expect(result.changed).toEqual(['people', 'orders', 'tags']);
    expect(progress[0]!.phase).toBe('start');
    expect(progress.at(-1)!.phase).toBe('done');
    expect(progress.some((p) => p.message === 'postInit' && p.module === 'people')).toBe(true);
    expect(events).toEqual([{ action: 'install', modules: ['people', 'orders', 'tags'], origin: 'local', generation: 1 }]);

    const db = hub.db;
    const tables = await db.query<{ t: string }>(`SELECT table_schema || '.' || table_name AS t FROM information_schema.tables
      WHERE table_schema IN ('people', 'orders', 'tags') ORDER BY 1`);
    expect(tables.map((r) => r.t)).toEqual(['orders.orders', 'people.hook_log', 'people.people', 'tags.person_tags', 'tags.tags']);
    const fks = await db.query<{ c: string }>(`SELECT conrelid::regclass::text || ' -> ' || confrelid::regclass::text AS c FROM pg_constraint
      WHERE contype = 'f' AND connamespace::regnamespace::text IN ('orders', 'tags') ORDER BY 1`);
    expect(fks.map((r) => r.c)).toEqual(['orders.orders -> people.people', 'tags.person_tags -> people.people', 'tags.person_tags -> tags.tags']);
    const idx = await db.query<{ i: string }>(`SELECT indexname AS i FROM pg_indexes WHERE schemaname = 'orders' ORDER BY 1`);
    expect(idx.map((r) => r.i)).toContain('orders_person_idx');
    const people = await db.query<{ email: string; full_name: string }>('SELECT email, full_name FROM people.people ORDER BY email');
    expect(people).toEqual([{ email: 'ada@example.com', full_name: 'Ada Lovelace' }, { email: 'alan@example.com', full_name: 'Alan Turing' }]);
    expect(await db.query('SELECT hook FROM people.hook_log')).toEqual([{ hook: 'postInit' }]);

    const list = await hub.list();
    expect(list.map((m) => [m.name, m.state, m.enabled, m.installedVersion])).toEqual([
      ['orders', 'installed', true, '1.0.0'], ['people', 'installed', true, '1.0.0'], ['tags', 'installed', true, '1.0.0'],
    ]);
    expect((await hub.get('people')).dependents).toEqual(['orders', 'tags']);
    const migrations = await hub.migrations();
    expect(migrations.map((m) => [m.module, m.fromVersion, m.toVersion, m.appliedBy])).toEqual([
      ['people', null, '1.0.0', 'tester'], ['orders', null, '1.0.0', 'tester'], ['tags', null, '1.0.0', 'tester'],
    ]);
    expect(migrations[1]!.up).toEqual(plan.modules[1]!.statements.map((s) => s.sql));
    expect(migrations[1]!.down.join('\n')).toContain('DROP TABLE "orders"."orders"');
    expect(migrations[0]!.checksum).toMatch(/^[0-9a-f]{64}$/);
    const audit = await hub.audit();
    expect(audit.map((a) => [a.action, a.module, a.ok, a.actor]).reverse()).toEqual([
      ['install', 'people', true, 'tester'], ['install', 'orders', true, 'tester'], ['install', 'tags', true, 'tester'],
    ]);
    const owned = await db.query<{ o: string }>(`SELECT schema_name || '.' || table_name || ':' || kind || ':' || module AS o FROM hub.ownership
      WHERE kind = 'table' ORDER BY 1`);
    expect(owned.map((r) => r.o)).toEqual([
      'orders.orders:table:orders', 'people.hook_log:table:people', 'people.people:table:people', 'tags.person_tags:table:tags', 'tags.tags:table:tags',
    ]);

    // Runtime: contexts and services, with the wraps of installed dependents applied.
    const orders = await hub.services<{ peopleCount(): Promise<number> }>('orders');
    expect(await orders.peopleCount()).toBe(2);
    const peopleServices = await hub.services<{ greet(n: string): string }>('people');
    expect(peopleServices.greet('Ada')).toBe('hello Ada!');
    const ctx = await hub.context('people');
    expect(ctx.name).toBe('people');
    expect(ctx.version).toBe('1.0.0');
    expect((await ctx.db.execute('select 1 as one' as never)) ).toBeTruthy();
    expect((await hub.load('people')).definition.name).toBe('people');

    // Installing again is refused with a clear error and changes nothing.
    await expect(hub.apply({ action: 'install', modules: ['people'] })).rejects.toMatchObject({ code: 'HUB_ALREADY_INSTALLED' });
    expect(await db.query('SELECT hook FROM people.hook_log')).toHaveLength(1);
  });

  it('refuses an apply whose plan changed since it was shown', async () => {
    const hub = await (await setup()).open(['main']);
    const shown = await hub.plan({ action: 'install', modules: ['orders'] });
    await hub.apply({ action: 'install', modules: ['people'] });
    const refused = hub.apply({ action: 'install', modules: ['orders'] }, { planHash: shown.hash.slice(0, 12) });
    await expect(refused).rejects.toMatchObject({ code: 'HUB_PLAN_CHANGED' });
    const now = await hub.plan({ action: 'install', modules: ['orders'] });
    // The message names the hash given and the plan's hash now, so two 12-character prefixes never read the same.
    await expect(refused).rejects.toThrow(`the hash given is ${shown.hash.slice(0, 12)}, the plan's hash is now ${now.hash}`);
    expect((await hub.get('orders')).state).toBe('available');
  });

  it('accepts the printed 12-character hash or the full one, refuses a shorter one', async () => {
    const hub = await (await setup()).open(['main']);
    const shown = await hub.plan({ action: 'install', modules: ['people'] });
    const printed = /\(hash ([0-9a-f]+)\)/.exec(shown.text)![1];
    expect(shown.hash.startsWith(printed) && printed.length === 12).toBe(true);
    await expect(hub.apply({ action: 'install', modules: ['people'] }, { planHash: printed.slice(0, 11) })).rejects.toMatchObject({ code: 'HUB_PLAN_HASH_INVALID', status: 400 });
    expect((await hub.get('people')).state).toBe('available');
    await hub.apply({ action: 'install', modules: ['people'] }, { planHash: printed.toUpperCase() });
    expect((await hub.get('people')).state).toBe('installed');
    const uninstall = await hub.plan({ action: 'uninstall', modules: ['people'] });
    await hub.apply({ action: 'uninstall', modules: ['people'] }, { planHash: uninstall.hash });
    expect((await hub.get('people')).state).not.toBe('installed');
  });

  it('enables and disables (state only)', async () => {
    const hub = await (await setup()).open(['main']);
    await hub.apply({ action: 'install', modules: ['orders'] });
    const plan = await hub.plan({ action: 'disable', modules: ['people'] });
    expect(plan.warnings.join()).toContain('orders');
    await hub.apply({ action: 'disable', modules: ['people'] });
    expect((await hub.get('people')).enabled).toBe(false);
    await expect(hub.services('people')).rejects.toMatchObject({ code: 'HUB_MODULE_DISABLED' });
    await hub.apply({ action: 'enable', modules: ['people'] });
    expect((await hub.get('people')).enabled).toBe(true);
    expect(await (await hub.services<{ count(): Promise<number> }>('people')).count()).toBe(2);
  });
});
