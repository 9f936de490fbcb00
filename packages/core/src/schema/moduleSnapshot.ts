import { loadDrizzleKit } from './loadDrizzleKit.js';
import { ExitAttempt, runWithoutExit } from './runWithoutExit.js';
import { schemaInvalid, schemaScope } from './schemaErrors.js';
import type { Snapshot } from './types.js';

/**
 * Snapshot of the given Drizzle schema exports restricted to the PostgreSQL schemas listed (a
 * module's own schema, plus schemas it extends). Every listed schema that holds something is
 * recorded in `schemas`, so the first install creates it (IF NOT EXISTS, see diffSnapshots).
 */
export async function moduleSnapshot(schemaExports: Record<string, unknown>, pgSchemas: string[]): Promise<Snapshot> {
  if (pgSchemas.length === 0 || pgSchemas.includes('public')) {
    throw schemaScope(`A module snapshot was asked for schemas [${pgSchemas.join(', ')}]`);
  }
  const { generateDrizzleJson } = await loadDrizzleKit();
  let snapshot: Snapshot;
  try {
    snapshot = runWithoutExit(() => generateDrizzleJson(schemaExports, undefined, pgSchemas)) as Snapshot;
  } catch (error) {
    if (error instanceof ExitAttempt) throw schemaInvalid(pgSchemas, error.output);
    throw error;
  }
  // drizzle-kit filters tables by schema but not enums, sequences or views: do it for all.
  const allowed = new Set(pgSchemas);
  const used = new Set<string>();
  const scoped = <T extends { schema?: string }>(group: Record<string, T> | undefined): Record<string, T> => {
    const kept: Record<string, T> = {};
    for (const [key, entity] of Object.entries(group ?? {})) {
      const schema = entity.schema || 'public';
      if (!allowed.has(schema)) continue;
      kept[key] = entity;
      used.add(schema);
    }
    return kept;
  };
  snapshot.tables = scoped(snapshot.tables);
  snapshot.enums = scoped(snapshot.enums);
  snapshot.sequences = scoped(snapshot.sequences);
  snapshot.views = scoped(snapshot.views);
  // Roles are cluster-wide, never a module's to create or drop.
  snapshot.roles = {};
  const schemas: Record<string, string> = {};
  for (const name of pgSchemas) if (used.has(name) || snapshot.schemas[name]) schemas[name] = name;
  return { ...snapshot, schemas };
}
