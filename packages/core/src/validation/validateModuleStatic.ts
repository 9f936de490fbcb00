import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { basename } from 'node:path';
import semver from 'semver';
import { moduleNameProblem, type HubError } from '@hub/kit';
import type { DiscoveredModule, ValidationIssue, ValidationReport } from '../hub/types.js';
import type { DiscoveryProblem } from '../discovery/discoverModules.js';
import { moduleNameFromPackage } from '../discovery/moduleNaming.js';
import { resolvePackageDirSync } from '../discovery/resolvePackageDir.js';
import { DependencyGraph } from '../graph/DependencyGraph.js';
import { hostRangeAccepts } from '../graph/hostRange.js';
import {
  dependencyCycle, dependencyMissing, entryMissing, hostRangeMismatch, moduleDowngrade, moduleFolderMismatch,
  moduleNameInvalid, moduleNameMismatch, moduleNotFound, packageDependencyMissing, packageJsonInvalid, readmeMissing, versionInvalid,
} from '../errors.js';

export interface StaticValidationContext {
  modules: readonly DiscoveredModule[];
  problems: readonly DiscoveryProblem[];
  /** Installed modules and their recorded versions. */
  installed: ReadonlyMap<string, { version: string }>;
  kitVersion: string;
}

/** A validation issue; `hint` says how to fix it. */
export type ValidationIssueWithHint = ValidationIssue & { hint?: string };

/**
 * Checks a discovered module without running its code: name, package name and folder, semver
 * version, dependencies present and acyclic, host range, runtime npm dependencies resolvable
 * from its folder, entry file present, README (warning), no downgrade of an installed version.
 * A module that discovery skipped is reported with discovery's problems about it. Throws
 * HUB_MODULE_NOT_FOUND when nothing is known about `name`.
 */
export function validateModuleStatic(name: string, ctx: StaticValidationContext): ValidationReport {
  const errors: ValidationIssueWithHint[] = [];
  const warnings: ValidationIssueWithHint[] = [];
  const add = (list: ValidationIssueWithHint[], severity: 'error' | 'warning', category: string) => (e: HubError) =>
    list.push({ category, severity, code: e.code, message: e.message, ...(e.hint ? { hint: e.hint } : {}) });
  const error = (category: string, e: HubError) => add(errors, 'error', category)(e);
  const warning = (category: string, e: HubError) => add(warnings, 'warning', category)(e);
  const report = (): ValidationReport => ({ valid: errors.length === 0, errors, warnings });

  const mod = ctx.modules.find((m) => m.name === name);
  const related = ctx.problems.filter((p) => p.module === name);
  if (!mod) {
    for (const p of related) errors.push({ category: 'package', severity: 'error', code: p.code, message: p.message });
    const nameProblem = moduleNameProblem(name);
    if (nameProblem && errors.length === 0) error('manifest', moduleNameInvalid(name, nameProblem));
    if (errors.length === 0) throw moduleNotFound(name);
    return report();
  }
  for (const p of related) warnings.push({ category: 'package', severity: 'warning', code: p.code, message: p.message });

  // Names
  const nameProblem = moduleNameProblem(mod.name);
  if (nameProblem) error('manifest', moduleNameInvalid(mod.name, nameProblem));
  const expected = moduleNameFromPackage(mod.packageName);
  if (expected !== undefined && expected !== mod.name) error('manifest', moduleNameMismatch(mod.name, mod.packageName, expected));
  if (mod.source === 'addons') {
    const folder = basename(mod.dir);
    if (folder !== mod.name && folder !== mod.packageName.split('/').pop()) warning('package', moduleFolderMismatch(mod.name, mod.dir));
  }

  // Version
  const versionOk = semver.valid(mod.version) !== null;
  if (!versionOk) error('package', versionInvalid(mod.name, mod.version));
  const installed = ctx.installed.get(mod.name);
  if (versionOk && installed && semver.valid(installed.version) && semver.lt(mod.version, installed.version)) {
    error('package', moduleDowngrade(mod.name, installed.version, mod.version));
  }

  // Dependencies
  const known = new Set(ctx.modules.map((m) => m.name));
  for (const dep of mod.depends) if (!known.has(dep)) error('dependency', dependencyMissing(mod.name, dep));
  const graph = DependencyGraph.fromModules(ctx.modules);
  const reach = new Set([mod.name, ...graph.dependenciesOf(mod.name, { transitive: true })]);
  for (const cycle of graph.cycles()) if (cycle.some((n) => reach.has(n))) error('dependency', dependencyCycle(cycle));

  // Host
  if (!hostRangeAccepts(mod.hostRange, ctx.kitVersion)) error('host', hostRangeMismatch(mod.name, mod.hostRange ?? '', ctx.kitVersion));

  // Package contents
  const pkg = readPackageJson(mod.dir);
  if (typeof pkg === 'string') error('package', packageJsonInvalid(`${mod.dir}/package.json`, pkg));
  else {
    for (const dep of Object.keys(pkg.dependencies ?? {})) {
      if (resolvePackageDirSync(dep, mod.dir)) continue;
      if (moduleNameFromPackage(dep) !== undefined) continue; // a hub module: reported as a dependency above
      error('package', packageDependencyMissing(mod.name, dep));
    }
  }
  if (!existsSync(mod.entry)) error('package', entryMissing(mod.name, mod.entry));
  if (!hasReadme(mod.dir)) warning('package', readmeMissing(mod.name, mod.dir));
  return report();
}

function readPackageJson(dir: string): { dependencies?: Record<string, string> } | string {
  try {
    const pkg = JSON.parse(readFileSync(`${dir}/package.json`, 'utf8')) as unknown;
    return pkg && typeof pkg === 'object' ? (pkg as { dependencies?: Record<string, string> }) : 'is not a JSON object';
  } catch (e) {
    return `cannot be read (${(e as Error).message})`;
  }
}

function hasReadme(dir: string): boolean {
  try {
    return readdirSync(dir).some((f) => /^readme(\.[a-z]+)?$/i.test(f));
  } catch {
    return false;
  }
}
