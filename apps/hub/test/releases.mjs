// A release of the example modules deployed to a host folder, as `pnpm add` from a registry would
// leave it: package.json naming the modules, node_modules holding a copy of each published package
// (its "files", the workspace ranges turned into the versions they stand for), and the hub packages
// `hub serve --dir` and the modules import. Two releases differ in their modules' versions only,
// so that an instance is deployed a newer release by starting it on the other folder.
import { cpSync, existsSync, mkdirSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const moduleDir = (name) => join(repo, 'modules', name);
const readPackage = (dir) => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
const bumpPatch = (version) => version.replace(/^(\d+)\.(\d+)\.(\d+)$/, (_, a, b, c) => `${a}.${b}.${Number(c) + 1}`);

/** The versions a release gives each module: the workspace's, or each one patch higher. */
export function releaseVersions(modules, { bump = false } = {}) {
  return Object.fromEntries(modules.map((name) => {
    const { version } = readPackage(moduleDir(name));
    return [name, bump ? bumpPatch(version) : version];
  }));
}

/**
 * Writes the host folder `dir` for `modules` (besides base, which stays the workspace's) at
 * `versions` (releaseVersions); returns `dir`.
 */
export function releaseHost(dir, versions) {
  const scope = join(dir, 'node_modules', '@hub');
  mkdirSync(scope, { recursive: true });
  for (const pkg of ['core', 'server', 'kit']) symlinkSync(realpathSync(join(repo, 'packages', pkg)), join(scope, pkg));
  // base imports bcryptjs from its own dependencies: linked, not copied.
  symlinkSync(moduleDir('base'), join(scope, 'module-base'));
  symlinkSync(realpathSync(join(moduleDir('contacts'), 'node_modules', 'drizzle-orm')), join(dir, 'node_modules', 'drizzle-orm'));
  const packageNames = Object.fromEntries(Object.keys(versions).map((name) => [readPackage(moduleDir(name)).name, name]));
  const dependencies = { '@hub/module-base': readPackage(moduleDir('base')).version };
  for (const [name, version] of Object.entries(versions)) {
    const source = moduleDir(name);
    const pkg = readPackage(source);
    const target = join(dir, 'node_modules', pkg.name);
    for (const entry of pkg.files ?? []) if (existsSync(join(source, entry))) cpSync(join(source, entry), join(target, entry), { recursive: true });
    const published = { ...pkg, version, dependencies: { ...pkg.dependencies } };
    delete published.devDependencies;
    delete published.scripts;
    // As `pnpm publish` writes them: workspace:^ becomes ^ and the dependency's version.
    for (const [dep, range] of Object.entries(published.dependencies)) {
      if (range.startsWith('workspace:')) published.dependencies[dep] = `^${readPackage(moduleDir(packageNames[dep] ?? dep.replace('@hub/module-', ''))).version}`;
    }
    writeFileSync(join(target, 'package.json'), JSON.stringify(published, null, 2));
    dependencies[pkg.name] = version;
  }
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'hub-release-host', version: '1.0.0', private: true, type: 'module', dependencies }, null, 2));
  return dir;
}
