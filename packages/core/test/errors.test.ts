// Invalid names, cycles, missing dependencies, an incompatible host range and a
// missing binary each raise a typed error with a stable code and a message that says how to fix it.
import { afterEach, describe, expect, it } from 'vitest';
import { isHubError } from '@hub/kit';
import { testDatabases } from '@hub/tooling/test-databases';
import { hubFactory, tempHost } from './helpers.js';

describe.each(testDatabases())('typed errors on $kind', ({ create }) => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => { for (const c of cleanups.splice(0).reverse()) await c(); });

  it('raises a stable code with a message and a hint for each problem', async () => {
    const target = await create(); cleanups.push(target.drop);
    const host = tempHost(); cleanups.push(host.rm);
    const f = hubFactory(target, host.dir); cleanups.push(f.closeAll);
    const hub = await f.open(['invalid']);
    const cases: [string, string, RegExp][] = [
      ['Bad-Name', 'HUB_MODULE_NAME_INVALID', /Bad-Name/],
      ['cyc_a', 'HUB_DEPENDENCY_CYCLE', /cyc_a -> cyc_b -> cyc_a/],
      ['lonely', 'HUB_DEPENDENCY_MISSING', /"lonely" depends on module "nowhere"/],
      ['future', 'HUB_HOST_RANGE_MISMATCH', /\^9\.0\.0/],
      ['needsbin', 'HUB_EXTERNAL_BIN_MISSING', /hub-no-such-binary-xyz/],
      ['noexport', 'HUB_MODULE_LOAD_FAILED', /not a module made by defineModule/],
      ['nothere', 'HUB_MODULE_NOT_FOUND', /nothere/],
    ];
    for (const [name, code, message] of cases) {
      for (const run of [() => hub.plan({ action: 'install', modules: [name] }), () => hub.apply({ action: 'install', modules: [name] })]) {
        const error = await run().then(() => undefined, (e) => e);
        expect(isHubError(error), `${name}: ${String(error)}`).toBe(true);
        expect(error.code, name).toBe(code);
        expect(error.message, name).toMatch(message);
        expect(error.hint, name).toBeTruthy();
      }
    }
    // validate() reports the same problems without throwing.
    const report = await hub.validate('needsbin');
    expect(report.valid).toBe(false);
    expect(report.errors.map((e) => e.code)).toContain('HUB_EXTERNAL_BIN_MISSING');
    expect((await hub.validate('cyc_a')).errors.map((e) => e.code)).toContain('HUB_DEPENDENCY_CYCLE');
    // Nothing was installed; the failed applies were audited.
    expect((await hub.list()).filter((m) => m.state !== 'available')).toEqual([]);
    expect((await hub.list()).find((m) => m.name === 'noexport')?.loadError?.code).toBe('HUB_MODULE_LOAD_FAILED');
    expect((await hub.audit()).filter((a) => !a.ok)).toHaveLength(cases.length);
  });
});
