import { readModuleConfig } from '@hub/kit';
import { isHubError } from '@hub/kit';
import type { DiscoveryProblem } from '../discovery/index.js';
import type { ModuleRow } from '../state/index.js';
import { externalDependencyProblems, validateModuleStatic } from '../validation/index.js';
import type { DiscoveredModule, LoadedModule, ValidationReport } from './types.js';
import type { SqlExecutor } from '../db/types.js';
import { extensionIssues } from '../pgExtensions/index.js';

/**
 * Static checks (package.json, graph, host range: validateModuleStatic), then what needs the
 * code: the manifest loads and its external dependencies are present.
 */
export async function validateModule(args: {
  name: string;
  modules: Map<string, DiscoveredModule>;
  problems: DiscoveryProblem[];
  rows: Map<string, ModuleRow>;
  kitVersion: string;
  load(name: string): Promise<LoadedModule>;
  env?: Record<string, string | undefined>;
  /** The database whose extensions are checked against the module's "hub.extensions". */
  db?: Pick<SqlExecutor, 'query'>;
}): Promise<ValidationReport> {
  const installed = new Map([...args.rows.values()].filter((r) => r.state === 'installed').map((r) => [r.name, { version: r.version }]));
  const report = validateModuleStatic(args.name, { modules: [...args.modules.values()], problems: args.problems, installed, kitVersion: args.kitVersion });
  if (!args.modules.has(args.name)) return report;
  if (args.db) {
    for (const e of await extensionIssues(args.db, args.modules.get(args.name)!)) report.errors.push({ category: 'database', severity: 'error', ...e } as never);
  }
  try {
    const loaded = await args.load(args.name);
    try {
      readModuleConfig(loaded.definition, args.env ?? process.env);
    } catch (error) {
      report.errors.push({ category: 'config', severity: 'error', code: isHubError(error) ? error.code : 'HUB_MODULE_CONFIG_INVALID', message: (error as Error).message });
    }
    const ext = loaded.definition.externalDependencies;
    if (ext) {
      for (const e of externalDependencyProblems(args.name, ext, loaded.info.dir)) {
        report.errors.push({ category: 'external', severity: 'error', code: e.code, message: e.message, ...(e.hint ? { hint: e.hint } : {}) } as never);
      }
    }
  } catch (error) {
    report.errors.push({
      category: 'manifest', severity: 'error', code: isHubError(error) ? error.code : 'HUB_MODULE_LOAD_FAILED',
      message: error instanceof Error ? error.message : String(error),
    });
  }
  report.valid = report.errors.length === 0;
  return report;
}
