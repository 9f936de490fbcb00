import { readdir, realpath } from 'node:fs/promises';
import { join } from 'node:path';
import { moduleNameProblem } from '@hub/kit/names';
import type { DiscoveredModule } from '../hub/types.js';
import { moduleDuplicate, moduleNameInvalid, moduleNameMismatch, packageJsonInvalid, packageNotFound } from '../errors.js';
import { entryOf } from './entryOf.js';
import { moduleNameFromPackage } from './moduleNaming.js';
import { packageReader, type PackageJson, type ReadResult } from './readPackage.js';
import { packageDirResolver } from './resolvePackageDir.js';
import { parseDeclaredExtensions } from '../pgExtensions/extensionNames.js';
import { pgExtensionInvalid } from '../pgExtensions/extensionErrors.js';

export interface DiscoveryProblem {
  code: string;
  message: string;
  /** Folder of the package the problem is about. */
  path?: string;
  /** Module name the problem is about, when known. */
  module?: string;
}

export interface DiscoverModulesOptions {
  /** Host package folder: its package.json dependencies are searched first. */
  hostDir: string;
  /** Extra module folders (ADDONS_PATHS), searched after, in order; missing folders are skipped. */
  addonsPaths?: readonly string[];
  /** Package folders of uploaded modules (materialized from the database), searched last. */
  uploadedDirs?: readonly string[];
}

export interface DiscoveryResult {
  modules: DiscoveredModule[];
  problems: DiscoveryProblem[];
}

type Reader = (dir: string) => Promise<ReadResult>;
type Resolver = (name: string, fromDir: string) => Promise<string | undefined>;
interface Io { read: Reader; resolve: Resolver }
type Candidate = { dir: string; source: DiscoveredModule['source'] };
type Outcome = { module: DiscoveredModule; dependencyDirs: string[] } | { problem: DiscoveryProblem } | null;

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);
const problemOf = (e: { code: string; message: string }, path?: string, module?: string): DiscoveryProblem =>
  ({ code: e.code, message: e.message, ...(path ? { path } : {}), ...(module ? { module } : {}) });

/**
 * Finds the modules a host can install, reading package.json files only (no module code runs):
 * the host's dependencies that have "hub.module", then each module folder of addonsPaths, then
 * hub modules those depend on that are installed on disk (e.g. by pnpm as dependencies of a
 * module) but not listed. First found wins; duplicates and bad packages are reported in
 * `problems` and skipped.
 */
export async function discoverModules({ hostDir, addonsPaths = [], uploadedDirs = [] }: DiscoverModulesOptions): Promise<DiscoveryResult> {
  const read = packageReader();
  const resolvePackageDir = packageDirResolver();
  const io: Io = { read, resolve: resolvePackageDir };
  const problems: DiscoveryProblem[] = [];
  const candidates: Candidate[] = [];

  const host = await read(hostDir);
  if (!host.ok) problems.push(problemOf(packageJsonInvalid(join(hostDir, 'package.json'), host.problem), hostDir));
  const hostDeps = host.ok ? Object.keys(host.pkg.dependencies ?? {}) : [];
  const hostDirs = await Promise.all(hostDeps.map((name) => resolvePackageDir(name, hostDir)));
  hostDeps.forEach((name, i) => {
    const dir = hostDirs[i];
    if (dir) candidates.push({ dir, source: 'dependency' });
    else if (moduleNameFromPackage(name)) problems.push(problemOf(packageNotFound(name, join(hostDir, 'package.json')), undefined, moduleNameFromPackage(name)));
  });
  for (const folder of addonsPaths) candidates.push(...(await addonFolders(folder)).map((dir) => ({ dir, source: 'addons' as const })));
  for (const dir of uploadedDirs) candidates.push({ dir, source: 'upload' });

  const byName = new Map<string, DiscoveredModule>();
  const seenDirs = new Set<string>();
  const outcomes = await Promise.all(candidates.map((c) => toModule(c, io)));
  let implied: string[] = [];
  for (const outcome of outcomes) {
    if (!outcome) continue;
    if ('problem' in outcome) { problems.push(outcome.problem); continue; }
    const mod = outcome.module;
    if (seenDirs.has(mod.dir)) continue; // the same folder reached twice is the same module
    seenDirs.add(mod.dir);
    const first = byName.get(mod.name);
    if (first) { problems.push(problemOf(moduleDuplicate(mod.name, first.dir, mod.dir), mod.dir, mod.name)); continue; }
    byName.set(mod.name, mod);
    implied.push(...outcome.dependencyDirs);
  }
  // Hub modules that discovered modules depend on but that neither the host nor ADDONS_PATHS
  // list (installed by the package manager as dependencies): used when nothing else has the name.
  while (implied.length > 0) {
    const dirs = [...new Set(implied)].filter((d) => !seenDirs.has(d));
    implied = [];
    for (const outcome of await Promise.all(dirs.map((dir) => toModule({ dir, source: 'dependency' }, io)))) {
      if (!outcome || 'problem' in outcome || seenDirs.has(outcome.module.dir)) continue;
      seenDirs.add(outcome.module.dir);
      if (byName.has(outcome.module.name)) continue;
      byName.set(outcome.module.name, outcome.module);
      implied.push(...outcome.dependencyDirs);
    }
  }
  return { modules: [...byName.values()], problems };
}

/** One package folder read as a module (null when it is not one), with the problem if it is a bad one. */
export async function readModuleFolder(dir: string, source: DiscoveredModule['source']): Promise<DiscoveredModule | DiscoveryProblem | null> {
  const outcome = await toModule({ dir, source }, { read: packageReader(), resolve: packageDirResolver() });
  return outcome === null ? null : 'problem' in outcome ? outcome.problem : outcome.module;
}

/** Package folders inside an addons folder (one level, or two under @scope folders), sorted, real paths. */
async function addonFolders(folder: string): Promise<string[]> {
  const list = async (dir: string): Promise<string[]> => {
    try {
      const entries = await readdir(dir, { withFileTypes: true });
      return entries
        .filter((e) => (e.isDirectory() || e.isSymbolicLink()) && !e.name.startsWith('.') && e.name !== 'node_modules')
        .map((e) => e.name)
        .sort();
    } catch {
      return [];
    }
  };
  const out: string[] = [];
  for (const name of await list(folder)) {
    if (name.startsWith('@')) for (const sub of await list(join(folder, name))) out.push(join(folder, name, sub));
    else out.push(join(folder, name));
  }
  return Promise.all(out.map((d) => realpath(d).catch(() => d)));
}

async function toModule({ dir, source }: Candidate, io: Io): Promise<Outcome> {
  const res = await io.read(dir);
  if (!res.ok) return res.missing ? null : { problem: problemOf(packageJsonInvalid(join(dir, 'package.json'), res.problem), dir) };
  const { pkg } = res;
  if (pkg.hub === undefined) return null;
  const hub = pkg.hub && typeof pkg.hub === 'object' ? pkg.hub : {};
  const name = hub.module;
  const nameProblem = moduleNameProblem(name);
  if (nameProblem) return { problem: problemOf(moduleNameInvalid(name, `${nameProblem} (package.json "hub.module" in ${dir})`), dir, str(name)) };
  const moduleName = name as string;
  const packageName = str(pkg.name);
  if (!packageName) return { problem: problemOf(packageJsonInvalid(join(dir, 'package.json'), 'it has no "name"'), dir, moduleName) };
  const expected = moduleNameFromPackage(packageName);
  if (expected !== undefined && expected !== moduleName) return { problem: problemOf(moduleNameMismatch(moduleName, packageName, expected), dir, moduleName) };

  const extensions = parseDeclaredExtensions(hub.extensions);
  if ('problem' in extensions) return { problem: problemOf(pgExtensionInvalid(join(dir, 'package.json'), extensions.problem), dir, moduleName) };
  const deps = await moduleDepends(pkg, dir, io);
  const description = str(pkg.description);
  const author = str(pkg.author) ?? str((pkg.author as { name?: unknown } | undefined)?.name);
  return {
    module: {
      name: moduleName,
      packageName,
      version: typeof pkg.version === 'string' ? pkg.version : '',
      ...(description ? { description } : {}),
      ...optional('summary', str(hub.summary) ?? description?.split('\n')[0]),
      ...optional('category', str(hub.category)),
      application: hub.application === true,
      autoInstall: hub.autoInstall === true,
      ...optional('author', author),
      ...optional('license', str(pkg.license)),
      ...optional('homepage', str(pkg.homepage)),
      depends: deps.names,
      ...optional('hostRange', str(pkg.peerDependencies?.['@hub/kit'])),
      ...(extensions.names.length ? { extensions: extensions.names } : {}),
      entry: entryOf(pkg, dir),
      dir,
      source,
    },
    dependencyDirs: deps.dirs,
  };
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}

/**
 * Hub modules a package depends on: its dependencies and peerDependencies that resolve (from its
 * folder) to packages with "hub.module". One not on disk but named @hub/module-<x> counts as
 * module x, so a missing dependency is reported instead of hidden.
 */
async function moduleDepends(pkg: PackageJson, dir: string, { read, resolve }: Io): Promise<{ names: string[]; dirs: string[] }> {
  const optionalPeers = pkg.peerDependenciesMeta ?? {};
  const names = [...new Set([...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {})])].filter((n) => n !== '@hub/kit');
  const found = await Promise.all(names.map(async (name): Promise<{ module?: string; dir?: string }> => {
    const depDir = await resolve(name, dir);
    if (!depDir) {
      const isRequired = !(pkg.peerDependencies && name in pkg.peerDependencies && !(pkg.dependencies && name in pkg.dependencies) && optionalPeers[name]?.optional);
      return { module: isRequired ? moduleNameFromPackage(name) : undefined };
    }
    const res = await read(depDir);
    const mod = res.ok && res.pkg.hub && typeof res.pkg.hub === 'object' ? res.pkg.hub.module : undefined;
    return typeof mod === 'string' && mod.length > 0 ? { module: mod, dir: depDir } : {};
  }));
  return {
    names: [...new Set(found.map((f) => f.module).filter((n): n is string => n !== undefined))],
    dirs: found.map((f) => f.dir).filter((d): d is string => d !== undefined),
  };
}
