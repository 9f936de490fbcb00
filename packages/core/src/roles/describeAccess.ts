import type { LoadedModule } from '../hub/types.js';
import { dependencyClosure } from './accessSpec.js';

/** One line per kind of access a module's role gets, for the plan and the module details. */
export function describeAccess(name: string, loaded: Map<string, LoadedModule>, extensionColumns: string[]): string[] {
  const def = loaded.get(name)?.definition;
  const lines = [`read/write schema ${name}`];
  const deps = dependencyClosure(name, loaded);
  if (deps.length) lines.push(`read ${deps.join(', ')}`);
  if (extensionColumns.length) lines.push(`write columns ${extensionColumns.join(', ')}`);
  for (const [target, privileges] of Object.entries(def?.access?.grants ?? {})) lines.push(`declared: ${privileges.join(', ')} on ${target}`);
  if (def?.access?.secrets?.length) lines.push(`secret (no other module reads): ${def.access.secrets.join(', ')}`);
  return lines;
}
