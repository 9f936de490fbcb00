// Two concurrent installs of the same module by two instances (two connection
// pools) on one PostgreSQL server: exactly one applies, the other waits and reports the module
// already installed; no duplicate rows. Also: changes reach the other instance (LISTEN/NOTIFY).
import { afterEach, describe, expect, it } from 'vitest';
import { testDatabases } from '@hub/tooling/test-databases';
import type { HubChangeEvent } from '../src/hub/types.js';
import { hubFactory, tempHost } from './helpers.js';

describe.each(testDatabases().filter((d) => d.kind === 'postgres'))('concurrent instances on $kind', ({ create }) => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => { for (const c of cleanups.splice(0).reverse()) await c(); });

  it('serializes two installs of the same module: one applies, the other reports it installed', async () => {
    const target = await create(); cleanups.push(target.drop);
    const host = tempHost(); cleanups.push(host.rm);
    const f = hubFactory(target, host.dir); cleanups.push(f.closeAll);
    const a = await f.open(['main']);
    const b = await f.open(['main']);
    const seen: Record<string, HubChangeEvent[]> = { a: [], b: [] };
    a.onChange((e) => seen.a!.push(e));
    b.onChange((e) => seen.b!.push(e));

    const results = await Promise.allSettled([
      a.apply({ action: 'install', modules: ['people'] }, { actor: 'a' }),
      b.apply({ action: 'install', modules: ['people'] }, { actor: 'b' }),
    ]);
    const ok = results.filter((r) => r.status === 'fulfilled');
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(ok).toHaveLength(1);
    expect(failed).toHaveLength(1);
    expect(failed[0]!.reason).toMatchObject({ code: 'HUB_ALREADY_INSTALLED', module: 'people' });

    expect(await a.db.query('SELECT email FROM people.people ORDER BY email')).toEqual([{ email: 'ada@example.com' }, { email: 'alan@example.com' }]);
    expect(await a.db.query('SELECT hook FROM people.hook_log')).toEqual([{ hook: 'postInit' }]);
    expect(await a.db.query('SELECT name FROM hub.modules')).toEqual([{ name: 'people' }]);
    expect(await a.migrations('people')).toHaveLength(1);

    // The instance that applied got a local event; the other one hears about it from PostgreSQL.
    const winner = results[0]!.status === 'fulfilled' ? 'a' : 'b';
    const loser = winner === 'a' ? 'b' : 'a';
    for (let i = 0; i < 100 && seen[loser]!.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(seen[winner]).toEqual([{ action: 'install', modules: ['people'], origin: 'local', generation: 1 }]);
    expect(seen[loser]).toEqual([{ action: 'install', modules: ['people'], origin: 'remote', generation: 1 }]);
    // And the other instance serves the module right away.
    expect(await (await (loser === 'a' ? a : b).services<{ count(): Promise<number> }>('people')).count()).toBe(2);
  });

  it('gives a clear lock timeout when a table stays locked', async () => {
    const target = await create(); cleanups.push(target.drop);
    const host = tempHost(); cleanups.push(host.rm);
    const f = hubFactory(target, host.dir); cleanups.push(f.closeAll);
    const hub = await f.open(['main'], { lockTimeout: '300ms' });
    await hub.apply({ action: 'install', modules: ['people'] });
    const other = await f.open(['main']);
    let release!: () => void;
    const held = new Promise<void>((r) => { release = r; });
    let locked!: () => void;
    const isLocked = new Promise<void>((r) => { locked = r; });
    const holder = other.db.transaction(async (tx) => {
      await tx.exec('LOCK TABLE people.people IN ACCESS EXCLUSIVE MODE');
      locked();
      await held;
    });
    await isLocked;
    const error = await hub.apply({ action: 'uninstall', modules: ['people'], options: { dropTables: true, backup: false } }).catch((e) => e);
    release();
    await holder;
    expect(error).toMatchObject({ code: 'HUB_LOCK_TIMEOUT' });
    expect(error.hint).toContain('lockTimeout');
    expect((await hub.get('people')).state).toBe('installed');
  });
});
