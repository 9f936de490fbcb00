// The upgrade test of __name__ (Odoo's UpgradeCase): when you release a version and then change the
// schema, copy the released package (package.json, dist/index.js, data/) to test/fixtures/v<version>
// and set `previous` below. upgradeCase installs it, runs prepare on it, upgrades to the current
// code, runs check, and compares the upgraded schema with a fresh install. Until a fixture exists
// there is nothing to upgrade from, and vitest reports this test as skipped.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { testDatabases, upgradeCase } from '@hub/server/testing';

const previous = fileURLToPath(new URL('./fixtures/v0.1.0', import.meta.url));
const moduleDir = fileURLToPath(new URL('..', import.meta.url));
const baseDir = dirname(createRequire(import.meta.url).resolve('@hub/module-base/package.json'));

describe.skipIf(!existsSync(previous)).each(testDatabases())('__name__ upgrade from 0.1.0 on $kind', ({ create }) => {
  it('keeps the items written on the previous version', async () => {
    await upgradeCase({
      module: '__name__', previous, current: moduleDir, modulesDir: moduleDir, modules: { base: baseDir }, create,
      async prepare(ctx) {
        await ctx.query(`INSERT INTO __name__.items (name, quantity) VALUES ('Written on 0.1.0', 5)`);
        return { count: (await ctx.query('SELECT * FROM __name__.items')).length };
      },
      async check(ctx, before) {
        const rows = await ctx.query<{ name: string; quantity: number }>('SELECT name, quantity FROM __name__.items ORDER BY id');
        expect(rows).toHaveLength(before.count);
        expect(rows).toContainEqual({ name: 'Written on 0.1.0', quantity: 5 });
      },
    });
  });
});
