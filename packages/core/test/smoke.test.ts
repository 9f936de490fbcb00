import { afterEach, describe, expect, it } from 'vitest';
import { testDatabases } from '@hub/tooling/test-databases';
import { hubFactory, tempHost } from './helpers.js';

describe.each(testDatabases())('smoke on $kind', ({ create }) => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => { for (const c of cleanups.splice(0).reverse()) await c(); });

  it('installs people and orders', async () => {
    const target = await create(); cleanups.push(target.drop);
    const host = tempHost(); cleanups.push(host.rm);
    const f = hubFactory(target, host.dir); cleanups.push(f.closeAll);
    const hub = await f.open(['main']);
    const plan = await hub.plan({ action: 'install', modules: ['orders'] });
    console.log(plan.text);
    const res = await hub.apply({ action: 'install', modules: ['orders'] }, { planHash: plan.hash });
    expect(res.changed).toEqual(['people', 'orders']);
    const list = await hub.list();
    expect(list.map((m) => [m.name, m.state])).toEqual([['orders', 'installed'], ['people', 'installed'], ['tags', 'available']]);
    expect(await hub.services<{ greet(n: string): string }>('people').then((s) => s.greet('x'))).toBe('hello x!');
  });
});
