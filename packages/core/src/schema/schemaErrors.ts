// Errors of the schema diff engine (codes to list in the core catalog, src/errors.ts).
import { HubError } from '@hub/kit';

export const SchemaErrorCodes = {
  SCHEMA_SCOPE: 'HUB_SCHEMA_SCOPE',
  SCHEMA_DIFF: 'HUB_SCHEMA_DIFF',
} as const;

/** A snapshot would touch "public" (or no schema at all). */
export const schemaScope = (what: string, module?: string) =>
  new HubError(SchemaErrorCodes.SCHEMA_SCOPE, `${what}: module schemas must stay inside the module's own PostgreSQL schemas, never "public".`, {
    hint: 'Declare every table, enum and sequence inside pgSchema("<module name>") and list that schema.',
    module,
  });

/** drizzle-kit could not diff the two snapshots. */
export const schemaDiffFailed = (module: string, cause: unknown) =>
  new HubError(SchemaErrorCodes.SCHEMA_DIFF, `Cannot compute the schema changes of module "${module}": ${(cause as Error)?.message ?? String(cause)}`, {
    hint: "Check the module's Drizzle schema; if a table or column was renamed, declare it in the manifest's `renames`.",
    module,
    status: 500,
    cause,
  });
