import { isHubError } from '@hub/kit';
import { is } from 'drizzle-orm';
import { PgTable, getTableConfig } from 'drizzle-orm/pg-core';
import { DependencyGraph } from '../graph/index.js';
import type { DiscoveredModule, LoadedModule } from '../hub/types.js';
import { emptySnapshot, moduleSnapshot, type Snapshot } from '../schema/index.js';
import type { ModuleRow } from '../state/index.js';
import { extendedSchemasOf } from './extensionTables.js';
import { extensionNotADependency } from './extensionErrors.js';
import { prepareExtensionDiff } from './prepareExtensionDiff.js';

export interface ExtensionProblem { code: string; message: string; hint?: string }

/**
 * Validation of a module's extensions of other modules' tables, before any plan: every extended
 * schema is a (transitive) dependency's, the extended table exists in the owner (installed
 * snapshot, else the owner's code), and no column is the owner's or another installed
 * extension's. Returns the problems found (empty when none).
 */
export async function extensionProblems(args: {
  loaded: LoadedModule;
  modules: Map<string, DiscoveredModule>;
  rows: Map<string, ModuleRow>;
  load(name: string): Promise<LoadedModule>;
}): Promise<ExtensionProblem[]> {
  const { loaded } = args;
  const name = loaded.info.name;
  const schemaExports = (loaded.definition.schema ?? {}) as Record<string, unknown>;
  const extended = extendedSchemasOf(name, schemaExports);
  if (extended.length === 0) return [];
  const graph = DependencyGraph.fromModules([...args.modules.values()].map((m) => ({ name: m.name, depends: m.depends })));
  let dependencies: Set<string>;
  try { dependencies = new Set(graph.dependenciesOf(name, { transitive: true })); } catch { dependencies = new Set(loaded.info.depends); }
  const problems: ExtensionProblem[] = [];
  const asProblem = (e: unknown): ExtensionProblem => (isHubError(e)
    ? { code: e.code, message: e.message, ...(e.hint ? { hint: e.hint } : {}) }
    : { code: 'HUB_SCHEMA_INVALID', message: e instanceof Error ? e.message : String(e) });
  for (const schema of extended) {
    if (!dependencies.has(schema)) {
      const table = Object.values(schemaExports).map((t) => tableIn(t, schema)).find(Boolean) ?? '?';
      problems.push(asProblem(extensionNotADependency(name, schema, table)));
    }
  }
  if (problems.length) return problems;
  try {
    const installed = new Map<string, Snapshot>();
    for (const row of args.rows.values()) if (row.state === 'installed' && row.name !== name) installed.set(row.name, row.snapshot as Snapshot);
    for (const schema of extended) {
      if (installed.has(schema)) continue;
      const owner = await args.load(schema);
      installed.set(schema, await moduleSnapshot((owner.definition.schema ?? {}) as Record<string, unknown>, [schema, ...extendedSchemasOf(schema, owner.definition.schema as Record<string, unknown>)]));
    }
    const after = await moduleSnapshot(schemaExports, [name, ...extended]);
    prepareExtensionDiff(name, await emptySnapshot(), after, { installed, dependencies });
  } catch (e) {
    problems.push(asProblem(e));
  }
  return problems;
}

function tableIn(value: unknown, schema: string): string | undefined {
  if (!is(value, PgTable)) return undefined;
  const config = getTableConfig(value);
  return config.schema === schema ? config.name : undefined;
}
