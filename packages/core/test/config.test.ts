// A module's config (MODULES__<NAME>__<KEY>) is validated before anything is installed.
import { afterEach, describe, expect, it } from 'vitest';
import { testDatabases } from '@hub/tooling/test-databases';
import { hubFactory, tempHost } from './helpers.js';

describe.each(testDatabases())('module config on $kind', ({ create }) => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => { for (const c of cleanups.splice(0).reverse()) await c(); });

  it('refuses to plan an install with invalid config, naming the variable; valid config installs', async () => {
    const target = await create(); cleanups.push(target.drop);
    const host = tempHost(); cleanups.push(host.rm);
    const f = hubFactory(target, host.dir); cleanups.push(f.closeAll);
    const bad = await f.open(['invalid'], { env: { MODULES__CONFIGURED__LIMIT: 'lots' } });
    const error = await bad.plan({ action: 'install', modules: ['configured'] }).then(() => undefined, (e) => e);
    expect(error?.code).toBe('HUB_MODULE_CONFIG_INVALID');
    expect(error.message).toContain('MODULES__CONFIGURED__LIMIT');
    const report = await bad.validate('configured');
    expect(report.valid).toBe(false);
    expect(report.errors.map((e) => e.code)).toContain('HUB_MODULE_CONFIG_INVALID');
    expect((await bad.get('configured')).state).toBe('available');
    await f.closeAll();

    const good = await f.open(['invalid'], { env: { MODULES__CONFIGURED__LIMIT: '25' } });
    await good.apply({ action: 'install', modules: ['configured'] });
    expect((await good.get('configured')).state).toBe('installed');
    expect((await good.context('configured')).config).toEqual({ limit: 25 });
  });
});
