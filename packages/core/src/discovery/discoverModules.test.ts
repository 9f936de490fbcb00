import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { realpathSync } from 'node:fs';
import { discoverModules } from './discoverModules.js';
import { modulePkg, testdir } from './testdir.js';

const host = (deps: Record<string, string>) => ({ name: 'host', version: '0.0.0', dependencies: deps });

describe('discoverModules', () => {
  it('finds host dependencies through pnpm symlinks and fills every field', async () => {
    const root = testdir({
      'host/package.json': host({ '@hub/module-base': '1', '@hub/module-contacts': '1', lodash: '1' }),
      'host/node_modules/@hub/module-base': { symlink: 'store/base' },
      'host/node_modules/@hub/module-contacts': { symlink: 'store/contacts' },
      'host/node_modules/lodash/package.json': { name: 'lodash', version: '4.0.0' },
      'store/base/package.json': modulePkg('base', { description: 'Base module\nusers and roles', author: { name: 'Ann' }, license: 'MIT' }),
      'store/base/dist/index.js': 'throw new Error("discovery must not import module code")',
      'store/contacts/package.json': modulePkg('contacts', {
        dependencies: { '@hub/module-base': '1', zod: '1' },
        peerDependencies: { '@hub/kit': '^0.1.0 || ^1.0.0' },
        hub: { summary: 'Address book', category: 'CRM', application: true, autoInstall: false },
        homepage: 'https://example.com', main: './ignored.js',
      }),
      'store/contacts/node_modules/@hub/module-base': { symlink: 'store/base' },
      'store/contacts/node_modules/zod/package.json': { name: 'zod', version: '4.0.0' },
    });
    const { modules, problems } = await discoverModules({ hostDir: join(root, 'host') });
    expect(problems).toEqual([]);
    const real = realpathSync(root);
    expect(modules).toEqual([
      {
        name: 'base', packageName: '@hub/module-base', version: '1.0.0', description: 'Base module\nusers and roles', summary: 'Base module',
        application: false, autoInstall: false, author: 'Ann', license: 'MIT', depends: [], hostRange: '^0.1.0',
        entry: join(real, 'store/base/dist/index.js'), dir: join(real, 'store/base'), source: 'dependency',
      },
      {
        name: 'contacts', packageName: '@hub/module-contacts', version: '1.0.0', summary: 'Address book', category: 'CRM',
        application: true, autoInstall: false, homepage: 'https://example.com', depends: ['base'], hostRange: '^0.1.0 || ^1.0.0',
        entry: join(real, 'store/contacts/dist/index.js'), dir: join(real, 'store/contacts'), source: 'dependency',
      },
    ]);
  });

  it('adds hub modules that discovered modules depend on but nobody lists, after the addons', async () => {
    const root = testdir({
      'host/package.json': host({ '@hub/module-sales': '1' }),
      'host/node_modules/@hub/module-sales': { symlink: 'store/sales' },
      'store/sales/package.json': modulePkg('sales', { dependencies: { '@hub/module-contacts': '1', '@hub/module-product': '1' } }),
      'store/sales/node_modules/@hub/module-contacts': { symlink: 'store/contacts' },
      'store/sales/node_modules/@hub/module-product': { symlink: 'store/product' },
      'store/contacts/package.json': modulePkg('contacts', { dependencies: { '@hub/module-base': '1' } }),
      'store/contacts/node_modules/@hub/module-base': { symlink: 'store/base' },
      'store/base/package.json': modulePkg('base'),
      'store/product/package.json': modulePkg('product', { version: '1.0.0' }),
      'addons/product/package.json': modulePkg('product', { version: '2.0.0' }),
    });
    const { modules, problems } = await discoverModules({ hostDir: join(root, 'host'), addonsPaths: [join(root, 'addons')] });
    expect(problems).toEqual([]);
    expect(modules.map((m) => [m.name, m.version, m.source])).toEqual([
      ['sales', '1.0.0', 'dependency'], ['product', '2.0.0', 'addons'], ['contacts', '1.0.0', 'dependency'], ['base', '1.0.0', 'dependency'],
    ]);
  });

  it('counts an unresolvable @hub/module-<x> dependency as depending on x', async () => {
    const root = testdir({
      'host/package.json': host({ '@hub/module-sales': '1', '@hub/module-gone': '1' }),
      'host/node_modules/@hub/module-sales/package.json': modulePkg('sales', { dependencies: { '@hub/module-ghost': '1', 'left-pad': '1' }, peerDependencies: { '@hub/module-opt': '1', '@hub/kit': '^0.1.0' }, peerDependenciesMeta: { '@hub/module-opt': { optional: true } } }),
    });
    const { modules, problems } = await discoverModules({ hostDir: join(root, 'host') });
    expect(modules.map((m) => [m.name, m.depends])).toEqual([['sales', ['ghost']]]);
    expect(problems).toEqual([expect.objectContaining({ code: 'HUB_PACKAGE_NOT_FOUND', module: 'gone' })]);
    expect(problems[0]!.message).toContain('@hub/module-gone');
  });

  it('searches addons folders after the host; first found wins and duplicates name both paths', async () => {
    const root = testdir({
      'host/package.json': host({ '@hub/module-base': '1' }),
      'host/node_modules/@hub/module-base/package.json': modulePkg('base'),
      'addons1/base/package.json': modulePkg('base', { version: '9.0.0' }),
      'addons1/notes/package.json': modulePkg('notes', { dependencies: { '@hub/module-base': '1' } }),
      'addons1/readme.txt': 'not a module',
      'addons1/plain/package.json': { name: 'plain', version: '1.0.0' },
      'addons1/empty/x.txt': '',
      'addons1/.tmp-upload/package.json': modulePkg('tmp'),
      'addons1/@acme/hub-todo/package.json': { ...modulePkg('todo'), name: '@acme/hub-todo' },
      'addons2/notes/package.json': modulePkg('notes', { version: '2.0.0' }),
    });
    const real = realpathSync(root);
    const { modules, problems } = await discoverModules({ hostDir: join(root, 'host'), addonsPaths: [join(root, 'addons1'), join(root, 'addons2'), join(root, 'nowhere')] });
    expect(modules.map((m) => [m.name, m.version, m.source, m.depends])).toEqual([
      ['base', '1.0.0', 'dependency', []],
      ['todo', '1.0.0', 'addons', []],
      ['notes', '1.0.0', 'addons', ['base']],
    ]);
    expect(problems.map((p) => [p.code, p.module])).toEqual([['HUB_MODULE_DUPLICATE', 'base'], ['HUB_MODULE_DUPLICATE', 'notes']]);
    expect(problems[0]!.message).toContain(join(real, 'host/node_modules/@hub/module-base'));
    expect(problems[0]!.message).toContain(join(real, 'addons1/base'));
    expect(problems[1]!.message).toContain(join(real, 'addons2/notes'));
  });

  it.each([
    ['invalid JSON', '{ "name": ', 'HUB_PACKAGE_JSON_INVALID'],
    ['reserved name', modulePkg('admin'), 'HUB_MODULE_NAME_INVALID'],
    ['pg_ name', { ...modulePkg('x'), name: 'pgx', hub: { module: 'pg_x' } }, 'HUB_MODULE_NAME_INVALID'],
    ['uppercase name', { ...modulePkg('x'), name: 'upper', hub: { module: 'Bad' } }, 'HUB_MODULE_NAME_INVALID'],
    ['hub without module', { name: 'nohub', version: '1.0.0', hub: {} }, 'HUB_MODULE_NAME_INVALID'],
    ['package and hub.module disagree', { ...modulePkg('foo'), hub: { module: 'bar' } }, 'HUB_MODULE_NAME_MISMATCH'],
    ['no package name', { version: '1.0.0', hub: { module: 'anon' } }, 'HUB_PACKAGE_JSON_INVALID'],
    ['not an object', '[1, 2]', 'HUB_PACKAGE_JSON_INVALID'],
  ])('reports and skips a bad package: %s', async (_label, pkg, code) => {
    const root = testdir({
      'host/package.json': host({}),
      'addons/bad/package.json': pkg as string,
      'addons/good/package.json': modulePkg('good'),
    });
    const { modules, problems } = await discoverModules({ hostDir: join(root, 'host'), addonsPaths: [join(root, 'addons')] });
    expect(modules.map((m) => m.name)).toEqual(['good']);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ code, path: join(realpathSync(root), 'addons/bad') });
  });

  it('accepts dashes in @hub/module-<x> for underscores in the module name', async () => {
    const root = testdir({
      'host/package.json': host({}),
      'addons/so/package.json': { ...modulePkg('sale_order'), name: '@hub/module-sale-order' },
    });
    const { modules, problems } = await discoverModules({ hostDir: join(root, 'host'), addonsPaths: [join(root, 'addons')] });
    expect(problems).toEqual([]);
    expect(modules.map((m) => m.name)).toEqual(['sale_order']);
  });

  it('reports a missing host package.json', async () => {
    const root = testdir({ 'addons/a/package.json': modulePkg('a') });
    const { modules, problems } = await discoverModules({ hostDir: join(root, 'nohost'), addonsPaths: [join(root, 'addons')] });
    expect(modules.map((m) => m.name)).toEqual(['a']);
    expect(problems.map((p) => p.code)).toEqual(['HUB_PACKAGE_JSON_INVALID']);
  });

  it('discovers 200 modules with dependencies between them', async () => {
    const files: Record<string, Record<string, unknown>> = { 'host/package.json': host({}) };
    const deps: Record<string, string> = {};
    for (let i = 0; i < 200; i++) {
      const d: Record<string, string> = { zod: '1' };
      if (i > 0) d[`@hub/module-m${i - 1}`] = '1';
      if (i > 1) d[`@hub/module-m${Math.floor(i / 2)}`] = '1';
      files[`store/m${i}/package.json`] = modulePkg(`m${i}`, { dependencies: d });
      files[`host/node_modules/@hub/module-m${i}`] = { symlink: `store/m${i}` };
      deps[`@hub/module-m${i}`] = '1';
    }
    files['host/package.json'] = host(deps);
    files['node_modules/zod/package.json'] = { name: 'zod', version: '4.0.0' };
    // store modules resolve their @hub deps from <root>/node_modules like a hoisted install
    for (let i = 0; i < 200; i++) files[`node_modules/@hub/module-m${i}`] = { symlink: `store/m${i}` };
    const root = testdir(files);
    const started = performance.now();
    const { modules, problems } = await discoverModules({ hostDir: join(root, 'host') });
    const ms = performance.now() - started;
    expect(problems).toEqual([]);
    expect(modules).toHaveLength(200);
    expect(modules[150]!.depends).toEqual(['m149', 'm75']);
    console.log(`discovered 200 modules in ${ms.toFixed(0)} ms`);
  });
});
