import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { discoverModules } from '../discovery/discoverModules.js';
import { modulePkg, testdir, type FixtureFile } from '../discovery/testdir.js';
import { validateModuleStatic } from './validateModuleStatic.js';

async function setup(addons: Record<string, FixtureFile>, installed: Record<string, string> = {}) {
  const files: Record<string, FixtureFile> = { 'host/package.json': { name: 'host', version: '0.0.0' }, 'host/node_modules/zod/package.json': { name: 'zod', version: '4.0.0' } };
  for (const [k, v] of Object.entries(addons)) files[`host/addons/${k}`] = v;
  const root = testdir(files);
  const found = await discoverModules({ hostDir: join(root, 'host'), addonsPaths: [join(root, 'host/addons')] });
  const ctx = { ...found, installed: new Map(Object.entries(installed).map(([n, version]) => [n, { version }])), kitVersion: '0.1.0' };
  return (name: string) => validateModuleStatic(name, ctx);
}

/** A complete, valid module folder. */
const good = (name: string, extra: Record<string, unknown> = {}): Record<string, FixtureFile> => ({
  [`${name}/package.json`]: modulePkg(name, extra),
  [`${name}/dist/index.js`]: 'export default {}',
  [`${name}/README.md`]: `# ${name}`,
});

describe('validateModuleStatic', () => {
  it('accepts a complete module', async () => {
    const validate = await setup({ ...good('base'), ...good('crm', { dependencies: { '@hub/module-base': '1', zod: '4' } }) }, { crm: '1.0.0' });
    expect(validate('crm')).toEqual({ valid: true, errors: [], warnings: [] });
  });

  it.each<[string, Record<string, FixtureFile>, Record<string, string>, string, string]>([
    ['version not semver', good('m', { version: 'one' }), {}, 'HUB_VERSION_INVALID', '"one"'],
    ['missing dependency', good('m', { dependencies: { '@hub/module-ghost': '1' } }), {}, 'HUB_DEPENDENCY_MISSING', '"ghost"'],
    ['host range', good('m', { peerDependencies: { '@hub/kit': '^2.0.0' } }), {}, 'HUB_HOST_RANGE_MISMATCH', '^2.0.0'],
    ['npm dependency not resolvable', good('m', { dependencies: { 'left-pad': '1' } }), {}, 'HUB_PACKAGE_DEPENDENCY_MISSING', '"left-pad"'],
    ['entry missing', { 'm/package.json': modulePkg('m'), 'm/README.md': '' }, {}, 'HUB_ENTRY_MISSING', 'dist/index.js'],
    ['downgrade', good('m', { version: '1.0.0' }), { m: '1.2.0' }, 'HUB_MODULE_DOWNGRADE', '1.0.0 is older than the installed 1.2.0'],
    ['name reserved (skipped by discovery)', { 'admin/package.json': modulePkg('admin') }, {}, 'HUB_MODULE_NAME_INVALID', 'reserved'],
    ['package name disagrees', { 'm/package.json': { ...modulePkg('x'), hub: { module: 'm' } } }, {}, 'HUB_MODULE_NAME_MISMATCH', '@hub/module-x'],
  ])('reports %s', async (_label, addons, installed, code, text) => {
    const validate = await setup(addons, installed);
    const name = Object.keys(addons)[0]!.split('/')[0]!;
    const report = validate(name);
    expect(report.valid).toBe(false);
    const issue = report.errors.find((e) => e.code === code);
    expect(issue, JSON.stringify(report.errors)).toBeDefined();
    expect(issue!.message).toContain(text);
  });

  it('reports cycles through the module and its dependencies', async () => {
    const validate = await setup({
      ...good('a', { dependencies: { '@hub/module-b': '1' } }),
      ...good('b', { dependencies: { '@hub/module-c': '1' } }),
      ...good('c', { dependencies: { '@hub/module-b': '1' } }),
      ...good('d'),
    });
    expect(validate('a').errors).toEqual([expect.objectContaining({ category: 'dependency', code: 'HUB_DEPENDENCY_CYCLE', message: expect.stringContaining('b -> c -> b') })]);
    expect(validate('d').valid).toBe(true);
  });

  it('warns about a missing README, a folder named otherwise, and a duplicate copy', async () => {
    const validate = await setup({
      'folder/package.json': modulePkg('m'), 'folder/dist/index.js': '',
      'zcopy/package.json': modulePkg('m'),
    });
    const report = validate('m');
    expect(report.valid).toBe(true);
    expect(report.warnings.map((w) => w.code).sort()).toEqual(['HUB_MODULE_DUPLICATE', 'HUB_MODULE_FOLDER_MISMATCH', 'HUB_README_MISSING']);
  });

  it('throws HUB_MODULE_NOT_FOUND for an unknown module, and reports an invalid name', async () => {
    const validate = await setup(good('m'));
    expect(() => validate('nothing')).toThrow(expect.objectContaining({ code: 'HUB_MODULE_NOT_FOUND' }));
    expect(validate('Bad Name').errors.map((e) => e.code)).toEqual(['HUB_MODULE_NAME_INVALID']);
  });
});
