// The layer rule: what each package's source may import. Read from each package's package.json, so
// a module may import exactly the packages it declares (the kit as a peer, the modules it depends on,
// its own libraries), and on top of that the host's floors hold:
//   kit <- core <- server <- apps; the admin speaks HTTP through @hub/api only; nothing imports up.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const rootDevDependencies = Object.keys(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).devDependencies ?? {});
const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
/** The host's own packages a module view gets from the admin at run time (import map). */
const HOST_SHARED_IN_VIEWS = ['vue', 'vue-router', 'pinia', 'naive-ui'];

/** Host packages each layer must not import (by @hub/ name; `module-*` means every module). */
const FORBIDDEN = {
  kit: ['*'],
  api: ['*'],
  core: ['server', 'cli', 'admin', 'app', 'api-client', 'module-*'],
  server: ['cli', 'admin', 'app'],
  cli: ['admin', 'app'],
  admin: ['*', '!api'],
  module: ['core', 'server', 'cli', 'admin', 'app', 'tooling', 'api'],
};

function packageName(spec) {
  if (spec.startsWith('.') || spec.startsWith('/')) return undefined;
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function hubForbidden(layer, name) {
  if (!name.startsWith('@hub/')) return false;
  const short = name.slice('@hub/'.length);
  const rules = FORBIDDEN[layer] ?? [];
  let forbidden = false;
  for (const r of rules) {
    const negate = r.startsWith('!');
    const pat = negate ? r.slice(1) : r;
    const hit = pat === '*' || pat === short || (pat.endsWith('*') && short.startsWith(pat.slice(0, -1)));
    if (hit) forbidden = !negate;
  }
  return forbidden;
}

/** Which layer and package a source file belongs to, or undefined when the rule does not apply. */
function ownerOf(filename) {
  const rel = relative(root, filename).split(sep);
  if (rel.length < 4 || rel[2] !== 'src') return undefined;
  const [group, dir] = rel;
  const layerByDir = { 'packages/kit': 'kit', 'packages/api': 'api', 'packages/core': 'core', 'packages/server': 'server', 'apps/cli': 'cli', 'apps/admin': 'admin' };
  const layer = group === 'modules' ? 'module' : layerByDir[`${group}/${dir}`];
  if (!layer) return undefined;
  const pj = join(root, group, dir, 'package.json');
  if (!existsSync(pj)) return undefined;
  const json = JSON.parse(readFileSync(pj, 'utf8'));
  const declared = new Set([
    json.name,
    ...Object.keys(json.dependencies ?? {}),
    ...Object.keys(json.peerDependencies ?? {}),
    ...Object.keys(json.optionalDependencies ?? {}),
  ]);
  const inView = layer === 'module' && rel[3] === 'admin';
  // Test helpers shipped in src (a `testing` folder) may use the package's devDependencies.
  const testing = rel.includes('testing') || rel.at(-1) === 'testdir.ts';
  return { layer, name: json.name, declared, devOnly: new Set([...Object.keys(json.devDependencies ?? {}), ...rootDevDependencies]), browser: layer === 'admin' || inView, inView, testing };
}

const rule = {
  meta: {
    type: 'problem',
    docs: { description: 'Imports must respect the layers and the package.json of the importing package.' },
    schema: [],
    messages: {
      layer: '{{name}} may not import {{spec}}: {{why}}',
    },
  },
  create(context) {
    const owner = ownerOf(context.filename);
    if (!owner) return {};
    const check = (node, spec, typeOnly) => {
      if (typeof spec !== 'string') return;
      const name = packageName(spec);
      if (!name) return;
      const report = (why) => context.report({ node, messageId: 'layer', data: { name: owner.name, spec, why } });
      if (hubForbidden(owner.layer, name)) {
        return report(owner.layer === 'admin'
          ? 'the admin speaks HTTP through @hub/api only'
          : `the ${owner.layer} layer does not import ${name} (kit <- core <- server <- apps; modules use @hub/kit)`);
      }
      if (builtins.has(spec) || builtins.has(name)) {
        if (owner.browser) report('browser code has no Node built-ins');
        return;
      }
      if (owner.declared.has(name)) return;
      if (owner.inView && HOST_SHARED_IN_VIEWS.includes(name)) return;
      if ((typeOnly || owner.testing) && owner.devOnly.has(name)) return;
      report('it is not in the dependencies or peerDependencies of its package.json');
    };
    return {
      ImportDeclaration: (n) => check(n, n.source.value, n.importKind === 'type'),
      ExportNamedDeclaration: (n) => n.source && check(n, n.source.value, n.exportKind === 'type'),
      ExportAllDeclaration: (n) => check(n, n.source.value, n.exportKind === 'type'),
      ImportExpression: (n) => n.source.type === 'Literal' && check(n, n.source.value, false),
    };
  },
};

export const layersPlugin = { rules: { layers: rule } };

export const layerRules = [
  {
    files: ['packages/*/src/**/*.{ts,mts,js,mjs,vue}', 'apps/*/src/**/*.{ts,mts,js,mjs,vue}', 'modules/*/src/**/*.{ts,mts,js,mjs,vue}'],
    ignores: ['**/*.test.ts', '**/*.test-d.ts'],
    plugins: { hub: layersPlugin },
    rules: { 'hub/layers': 'error' },
  },
];

/** The package folders the rule covers (for its own test). */
export function coveredPackages() {
  const out = [];
  for (const group of ['packages', 'apps', 'modules']) {
    const dir = join(root, group);
    if (!existsSync(dir)) continue;
    for (const d of readdirSync(dir)) if (ownerOf(join(dir, d, 'src', 'x.ts'))) out.push(`${group}/${d}`);
  }
  return out;
}
