// `hub module create NAME`: a module package from the template (tooling/template), either as a
// workspace package of the monorepo (modules/NAME, added to apps/hub) or as a standalone folder.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { HubError, moduleNameProblem } from '@hub/kit';
import { usageError } from '../errors.js';
import { hubVersion, templateDir } from './hubVersions.js';

export interface CreateModuleOptions {
  name: string;
  /** Target folder. */
  dir: string;
  /** The monorepo root when the module becomes one of its workspace packages. */
  workspaceRoot?: string;
  /** Standalone: take @hub/* packages from this monorepo checkout (link:) instead of the registry. */
  linkHub?: string;
  description?: string;
}

export interface CreatedModule { name: string; packageName: string; dir: string; workspace: boolean; files: string[] }

const PINNED: Record<string, string> = {
  '@types/express': '5.0.6',
  '@types/node': '20.19.25',
  tsup: '8.5.1',
  typescript: '5.9.3',
  vitest: '4.1.12',
};
const ADMIN_BUILD: Record<string, string> = { vite: '8.3.8', '@vitejs/plugin-vue': '6.0.11', vue: '3.5.45', 'vue-router': '5.5.1', 'naive-ui': '2.45.3' };

export function titleOf(name: string): string {
  return name.split('_').filter(Boolean).map((w) => w[0]!.toUpperCase() + w.slice(1)).join(' ');
}

export function createModule(opts: CreateModuleOptions): CreatedModule {
  const problem = moduleNameProblem(opts.name);
  if (problem) throw usageError(`invalid module name: ${problem}`, 'use lowercase letters, digits and _, starting with a letter, e.g. "notes"');
  const dir = resolve(opts.dir);
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    throw new HubError('HUB_TARGET_EXISTS', `${dir} already exists and is not empty`, { hint: 'choose another name or --dir' });
  }
  const template = templateDir();
  if (!existsSync(template)) throw new HubError('HUB_TEMPLATE_MISSING', `module template not found at ${template}`, { hint: 'reinstall @hub/cli' });
  mkdirSync(dir, { recursive: true });
  cpSync(template, dir, { recursive: true, filter: (src) => !/node_modules|\/dist(\/|$)|test-results/.test(src) });

  const kitVersion = hubVersion('@hub/kit');
  const vars: Record<string, string> = {
    __name__: opts.name,
    __Title__: titleOf(opts.name),
    __KIT_RANGE__: `^${kitVersion}`,
  };
  const files: string[] = [];
  for (const file of walk(dir)) {
    let target = file;
    if (file.endsWith('.tmpl')) { target = file.slice(0, -'.tmpl'.length); renameSync(file, target); }
    if (/\/_gitignore$/.test(target)) { const t = target.replace(/_gitignore$/, '.gitignore'); renameSync(target, t); target = t; }
    const text = readFileSync(target, 'utf8');
    const filled = text.replace(/__name__|__Title__|__KIT_RANGE__/g, (m) => vars[m]!);
    if (filled !== text) writeFileSync(target, filled);
    files.push(relative(dir, target));
  }

  const pjPath = join(dir, 'package.json');
  const pkg = JSON.parse(readFileSync(pjPath, 'utf8'));
  if (opts.description) pkg.description = opts.description;
  const dev: Record<string, string> = { ...PINNED };
  // The tests run on the real engine and server (@hub/server/testing), with base installed.
  if (opts.workspaceRoot) {
    Object.assign(dev, ADMIN_BUILD, { '@hub/kit': 'workspace:^', '@hub/server': 'workspace:^', '@hub/module-base': 'workspace:^', '@hub/tooling': 'workspace:*' });
  } else if (opts.linkHub) {
    const hub = resolve(opts.linkHub);
    Object.assign(dev, ADMIN_BUILD, {
      '@hub/kit': `link:${join(hub, 'packages/kit')}`, '@hub/server': `link:${join(hub, 'packages/server')}`,
      '@hub/module-base': `link:${join(hub, 'modules/base')}`, '@hub/tooling': `link:${join(hub, 'tooling')}`,
    });
  } else {
    Object.assign(dev, { '@hub/kit': `^${kitVersion}`, '@hub/server': `^${hubVersion('@hub/server')}`, '@hub/module-base': `^${hubVersion('@hub/module-base')}` });
  }
  pkg.devDependencies = sortKeys(dev);
  writeFileSync(pjPath, JSON.stringify(pkg, null, 2) + '\n');
  if (opts.workspaceRoot || opts.linkHub) {
    // With the monorepo's tooling at hand, every run also starts a PostgreSQL server (like the example modules).
    writeFileSync(join(dir, 'vitest.config.ts'), `import { hubVitestConfig } from '@hub/tooling/vitest';\n\nexport default hubVitestConfig({ test: { include: ['test/**/*.test.ts'] } });\n`);
  }
  if (opts.workspaceRoot) {
    // Inside the monorepo: share its base tsconfig like every other package.
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
      extends: relative(dir, join(opts.workspaceRoot, 'tooling/tsconfig/tsconfig.base.json')),
      compilerOptions: { outDir: 'dist', lib: ['ES2023', 'DOM'] },
      include: ['src', 'test'],
    }) + '\n');
  }
  return { name: opts.name, packageName: pkg.name, dir, workspace: !!opts.workspaceRoot, files: files.sort() };
}

/** Adds the module to the host's dependencies (apps/hub/package.json), keeping them sorted. */
export function addHostDependency(hostDir: string, packageName: string, spec: string): boolean {
  const pjPath = join(hostDir, 'package.json');
  const text = readFileSync(pjPath, 'utf8');
  const pkg = JSON.parse(text);
  if (pkg.dependencies?.[packageName] === spec) return false;
  pkg.dependencies = sortKeys({ ...pkg.dependencies, [packageName]: spec });
  writeFileSync(pjPath, JSON.stringify(pkg, null, 2) + '\n');
  return true;
}

function sortKeys(o: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const p = join(dir, entry);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else out.push(p);
  }
  return out;
}
