// Migration lint in plans: locks, rewrites/scans, estimated rows and squawk-style warnings.
import { afterEach, describe, expect, it } from 'vitest';
import { testDatabases } from '@hub/tooling/test-databases';
import { hubFactory, tempHost } from './helpers.js';

describe.each(testDatabases())('migration lint on $kind', ({ create }) => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => { for (const c of cleanups.splice(0).reverse()) await c(); });

  it('a plan on a table with many rows shows its locks, estimated rows and the safe alternatives', async () => {
    const target = await create(); cleanups.push(target.drop);
    const host = tempHost(); cleanups.push(host.rm);
    const f = hubFactory(target, host.dir); cleanups.push(f.closeAll);
    let hub = await f.open(['ledger-v1']);
    const fresh = await hub.plan({ action: 'install', modules: ['ledger'] });
    expect(fresh.modules[0]!.statements.every((s) => !s.lock && !s.lint)).toBe(true);
    await hub.apply({ action: 'install', modules: ['ledger'] });
    await hub.db.exec(`INSERT INTO ledger.accounts (name) SELECT 'a' || g FROM generate_series(1, 100) g;
      INSERT INTO ledger.entries (account, amount) SELECT 1 + g % 100, g FROM generate_series(1, 20000) g;
      ANALYZE ledger.entries; ANALYZE ledger.accounts`);
    await hub.close();

    hub = await f.open(['ledger-v2']);
    const plan = await hub.plan({ action: 'upgrade', modules: ['ledger'] });
    const byKind = (re: RegExp) => plan.modules[0]!.statements.find((s) => re.test(s.sql))!;
    expect(byKind(/CREATE INDEX/)).toMatchObject({ table: 'ledger.entries', lock: 'SHARE', work: 'index build', rows: 20000, lint: [{ rule: 'require-concurrent-index-creation' }] });
    expect(byKind(/FOREIGN KEY/)).toMatchObject({ table: 'ledger.entries', lock: 'SHARE ROW EXCLUSIVE', work: 'scan', lint: [{ rule: 'constraint-missing-not-valid' }] });
    expect(byKind(/ADD COLUMN "status"/)).toMatchObject({ lock: 'ACCESS EXCLUSIVE', work: 'none' });
    expect(byKind(/ADD COLUMN "status"/).lint).toBeUndefined();
    expect(plan.text).toContain('lock SHARE on ledger.entries (~20.0k rows), index build: blocks writes');
    expect(plan.text).toContain('! require-concurrent-index-creation');
    expect(plan.text).toMatch(/safe: ADD CONSTRAINT \.\.\. NOT VALID/);
    // Estimates are not part of the plan's hash: more rows since the plan do not refuse its apply.
    await hub.db.exec('INSERT INTO ledger.entries (account, amount) SELECT 1, g FROM generate_series(1, 5000) g; ANALYZE ledger.entries');
    expect((await hub.plan({ action: 'upgrade', modules: ['ledger'] })).hash).toBe(plan.hash);
  });
});
