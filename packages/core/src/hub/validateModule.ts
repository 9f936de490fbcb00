import { isHubError } from '@hub/kit';
import type { DiscoveryProblem } from '../discovery/index.js';
import { moduleNotFound } from '../errors.js';
import { resolveInstallSet } from '../graph/index.js';
import { checkExternalDependencies } from '../lifecycle/engineDeps.js';
import type { ModuleRow } from '../state/index.js';
import type { DiscoveredModule, LoadedModule, ValidationIssue, ValidationReport } from './types.js';

const CATEGORY: Record<string, string> = {
  HUB_DEPENDENCY_MISSING: 'dependency', HUB_DEPENDENCY_CYCLE: 'dependency', HUB_HOST_RANGE_MISMATCH: 'host',
  HUB_EXTERNAL_BIN_MISSING: 'external', HUB_EXTERNAL_NPM_MISSING: 'external', HUB_MODULE_LOAD_FAILED: 'manifest',
  HUB_MODULE_DEFINITION_INVALID: 'manifest', HUB_MODULE_NAME_INVALID: 'package', HUB_MODULE_DUPLICATE: 'package',
};

/** Everything that would stop `name` from installing, as a report (no exception for problems found). */
export async function validateModule(args: {
  name: string;
  modules: Map<string, DiscoveredModule>;
  problems: DiscoveryProblem[];
  rows: Map<string, ModuleRow>;
  kitVersion: string;
  load(name: string): Promise<LoadedModule>;
}): Promise<ValidationReport> {
  const { name, modules } = args;
  const errors: ValidationIssue[] = [];
  const warnings: ValidationIssue[] = [];
  const add = (error: unknown, severity: 'error' | 'warning' = 'error') => {
    const code = isHubError(error) ? error.code : 'HUB_ERROR';
    const message = error instanceof Error ? error.message : String(error);
    (severity === 'error' ? errors : warnings).push({ category: CATEGORY[code] ?? 'manifest', severity, code, message });
  };
  for (const p of args.problems) if (p.module === name) warnings.push({ category: CATEGORY[p.code] ?? 'package', severity: 'warning', code: p.code, message: p.message });
  if (!modules.has(name)) {
    add(moduleNotFound(name));
    return { valid: false, errors, warnings };
  }
  try {
    const installed = new Set([...args.rows.values()].filter((r) => r.state === 'installed').map((r) => r.name));
    resolveInstallSet({ modules: [...modules.values()], installed, requested: [name], kitVersion: args.kitVersion });
  } catch (error) { add(error); }
  try {
    const loaded = await args.load(name);
    const ext = loaded.definition.externalDependencies;
    if (ext) await checkExternalDependencies(name, ext, loaded.info.dir);
  } catch (error) { add(error); }
  return { valid: errors.length === 0, errors, warnings };
}
