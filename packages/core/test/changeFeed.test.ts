// A change another instance committed reaches this one even when its notification is lost: by the
// periodic check of the generation, and at once when the LISTEN connection comes back.
import { afterEach, describe, expect, it } from 'vitest';
import { testDatabases } from '@hub/tooling/test-databases';
import type { HubChangeEvent } from '../src/hub/types.js';
import { hubFactory, tempHost } from './helpers.js';

const waitFor = async (fn: () => boolean, ms: number) => {
  const started = Date.now();
  while (!fn()) {
    if (Date.now() - started > ms) throw new Error(`not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe.each(testDatabases().filter((d) => d.kind === 'postgres'))('change feed on $kind', ({ create }) => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => { for (const c of cleanups.splice(0).reverse()) await c(); });

  async function twoHubs(reconcileEveryMs: number) {
    const target = await create(); cleanups.push(target.drop);
    const host = tempHost(); cleanups.push(host.rm);
    const f = hubFactory(target, host.dir); cleanups.push(f.closeAll);
    const a = await f.open(['main']);
    const b = await f.open(['main'], { reconcileEveryMs });
    const seen: HubChangeEvent[] = [];
    b.onChange((e) => seen.push(e));
    return { a, b, seen };
  }

  /** What an apply commits, minus its NOTIFY: as if the notification had been lost. */
  const silentInstall = async (a: Awaited<ReturnType<typeof twoHubs>>['a']) => {
    await a.db.transaction(async (tx) => {
      await tx.query(`INSERT INTO hub.modules (name, version, state, enabled, snapshot) VALUES ('ghost', '1.0.0', 'installed', true, '{}')`);
      await tx.query('UPDATE hub.state SET generation = generation + 1');
    });
  };

  it('every apply advances the generation and announces it', async () => {
    const { a, b, seen } = await twoHubs(60_000);
    const before = await a.generation!();
    await a.apply({ action: 'install', modules: ['people'] });
    expect(await a.generation!()).toBe(before + 1);
    await waitFor(() => seen.length > 0, 2000);
    expect(seen[0]).toMatchObject({ action: 'install', modules: ['people'], origin: 'remote', generation: before + 1 });
    expect(await b.generation!()).toBe(before + 1);
  });

  it('a change without a notification is seen by the periodic check, with the modules whose rows changed', async () => {
    const { a, seen } = await twoHubs(100);
    await silentInstall(a);
    await waitFor(() => seen.length > 0, 1000);
    expect(seen).toEqual([expect.objectContaining({ action: 'reconcile', modules: ['ghost'], origin: 'remote' })]);
  });

  it('after its LISTEN connection is cut, an instance re-reads the state as soon as it is back', async () => {
    const { a, b, seen } = await twoHubs(60_000); // no periodic check within the test
    await silentInstall(a);
    await new Promise((r) => setTimeout(r, 200));
    expect(seen).toEqual([]);
    const cut = await a.db.query<{ ok: boolean }>(
      "SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE application_name = $1 AND query ILIKE 'listen%'", [`hub/${b.instanceId}`],
    );
    expect(cut).toEqual([{ ok: true }]);
    await waitFor(() => seen.length > 0, 2000);
    expect(seen[0]).toMatchObject({ action: 'reconcile', modules: ['ghost'] });
  });
});
