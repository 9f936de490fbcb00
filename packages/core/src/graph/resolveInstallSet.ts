import { moduleNameProblem } from '@hub/kit';
import type { DiscoveredModule } from '../hub/types.js';
import { dependencyMissing, hostRangeMismatch, moduleNameInvalid, moduleNotFound } from '../errors.js';
import { DependencyGraph } from './DependencyGraph.js';
import { hostRangeAccepts } from './hostRange.js';

export interface InstallSetRequest {
  modules: readonly DiscoveredModule[];
  /** Modules installed now (their dependencies are not reinstalled). */
  installed: ReadonlySet<string>;
  requested: readonly string[];
  /** The host's @hub/kit version; each module's peer range on @hub/kit must accept it. */
  kitVersion: string;
}

export type InstallReason = 'requested' | 'dependency' | 'autoInstall';
export interface InstallSetEntry { name: string; reason: InstallReason }

/**
 * What installing `requested` installs, dependencies first: the requested modules (always listed,
 * even if already installed: refusing or skipping those is the caller's call), their dependencies
 * that are not installed, then autoInstall modules (to a fixpoint) whose dependencies are all
 * installed or being installed, at least one of them now. An autoInstall module the host cannot
 * run (host range) is left out. Throws HUB_MODULE_NAME_INVALID, HUB_MODULE_NOT_FOUND,
 * HUB_DEPENDENCY_MISSING, HUB_DEPENDENCY_CYCLE, HUB_HOST_RANGE_MISMATCH.
 */
export function resolveInstallSet({ modules, installed, requested, kitVersion }: InstallSetRequest): InstallSetEntry[] {
  const byName = new Map(modules.map((m) => [m.name, m]));
  const graph = DependencyGraph.fromModules(modules);
  const reasons = new Map<string, InstallReason>();

  for (const name of requested) {
    const problem = moduleNameProblem(name);
    if (problem) throw moduleNameInvalid(name, problem);
    if (!byName.has(name)) throw moduleNotFound(name);
    reasons.set(name, 'requested');
  }
  // Requested modules and their dependencies that are not installed.
  const seen = new Set<string>();
  const stack = [...requested];
  while (stack.length > 0) {
    const name = stack.pop()!;
    if (seen.has(name)) continue;
    seen.add(name);
    for (const dep of byName.get(name)!.depends) {
      if (!byName.has(dep)) {
        if (installed.has(dep)) continue;
        throw dependencyMissing(name, dep);
      }
      if (installed.has(dep) && !reasons.has(dep)) continue;
      if (!reasons.has(dep)) reasons.set(dep, 'dependency');
      stack.push(dep);
    }
  }

  // autoInstall modules, repeated until nothing more is added.
  for (let added = true; added;) {
    added = false;
    for (const mod of [...modules].sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (!mod.autoInstall || mod.depends.length === 0 || reasons.has(mod.name) || installed.has(mod.name)) continue;
      if (!mod.depends.every((d) => installed.has(d) || reasons.has(d))) continue;
      if (!mod.depends.some((d) => reasons.has(d))) continue;
      if (!hostRangeAccepts(mod.hostRange, kitVersion)) continue;
      reasons.set(mod.name, 'autoInstall');
      added = true;
    }
  }

  // order() throws HUB_DEPENDENCY_CYCLE with the path when the modules form a cycle.
  const ordered = graph.order([...reasons.keys()]);
  for (const name of ordered) {
    const mod = byName.get(name)!;
    if (!hostRangeAccepts(mod.hostRange, kitVersion)) throw hostRangeMismatch(name, mod.hostRange ?? '', kitVersion);
  }
  return ordered.map((name) => ({ name, reason: reasons.get(name)! }));
}
