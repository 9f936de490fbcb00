import { HubError } from '@hub/kit';
import { loadDrizzleKit } from './loadDrizzleKit.js';
import type { Snapshot } from './types.js';

/**
 * Snapshot of the given Drizzle schema exports restricted to the PostgreSQL schemas listed (a
 * module's own schema, plus schemas it extends). Every listed schema that holds something is
 * recorded in `schemas`, so the first install creates it (IF NOT EXISTS, see diffSnapshots).
 */
export async function moduleSnapshot(schemaExports: Record<string, unknown>, pgSchemas: string[]): Promise<Snapshot> {
  if (pgSchemas.length === 0 || pgSchemas.includes('public')) {
    throw new HubError('HUB_SCHEMA_SCOPE', `A module snapshot must be scoped to the module's own PostgreSQL schemas, got [${pgSchemas.join(', ')}]`, {
      hint: 'Declare every table, enum and sequence inside pgSchema("<module name>"), never in "public".',
    });
  }
  const { generateDrizzleJson } = await loadDrizzleKit();
  const snapshot = generateDrizzleJson(schemaExports, undefined, pgSchemas) as Snapshot;
  const used = new Set<string>();
  for (const group of [snapshot.tables, snapshot.enums, snapshot.sequences, snapshot.views ?? {}] as Record<string, { schema?: string }>[]) {
    for (const entity of Object.values(group)) if (entity.schema) used.add(entity.schema);
  }
  const schemas: Record<string, string> = {};
  for (const name of pgSchemas) if (used.has(name) || snapshot.schemas[name]) schemas[name] = name;
  return { ...snapshot, schemas };
}
