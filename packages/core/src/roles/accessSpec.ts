import type { LoadedModule } from '../hub/types.js';
import type { OwnershipRow } from '../state/index.js';
import { moduleRole } from './moduleRole.js';
import type { ModuleAccessSpec } from './syncModuleAccess.js';

/** The modules `name` depends on, directly or through others, among `loaded`. */
export function dependencyClosure(name: string, loaded: Map<string, LoadedModule>): string[] {
  const seen = new Set<string>();
  const stack = [...(loaded.get(name)?.info.depends ?? [])];
  while (stack.length) {
    const n = stack.pop()!;
    if (seen.has(n) || n === name) continue;
    seen.add(n);
    stack.push(...(loaded.get(n)?.info.depends ?? []));
  }
  return [...seen].sort();
}

/** What the role of `name` is granted, from the manifests of the installed modules and what it owns. */
export function accessSpecOf(name: string, loaded: Map<string, LoadedModule>, owned: OwnershipRow[], prefix: string): ModuleAccessSpec {
  const secrets = new Map<string, Set<string>>();
  for (const [other, m] of loaded) {
    if (other === name || !m.definition.access?.secrets?.length) continue;
    secrets.set(other, new Set(m.definition.access.secrets));
  }
  return {
    module: name,
    role: moduleRole(prefix, name),
    dependencies: dependencyClosure(name, loaded),
    extensionColumns: owned.filter((o) => o.module === name && o.kind === 'column' && o.schema !== name && o.column)
      .map((o) => ({ schema: o.schema, table: o.table, column: o.column! })),
    grants: loaded.get(name)?.definition.access?.grants ?? {},
    secrets,
  };
}
