// Errors of the schema diff engine (codes to list in the core catalog, src/errors.ts).
import { HubError } from '@hub/kit';

export const SchemaErrorCodes = {
  SCHEMA_SCOPE: 'HUB_SCHEMA_SCOPE',
  SCHEMA_DIFF: 'HUB_SCHEMA_DIFF',
  SCHEMA_INVALID: 'HUB_SCHEMA_INVALID',
  SCHEMA_CONFLICT: 'HUB_SCHEMA_CONFLICT',
  SCHEMA_NULLS: 'HUB_SCHEMA_NULLS',
  SCHEMA_RENAME_UNKNOWN: 'HUB_SCHEMA_RENAME_UNKNOWN',
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

/** drizzle-kit rejected the module's Drizzle schema (it would have exited the process). */
export const schemaInvalid = (pgSchemas: string[], output: string) =>
  new HubError(SchemaErrorCodes.SCHEMA_INVALID, `The Drizzle schema of [${pgSchemas.join(', ')}] is invalid: ${output || 'drizzle-kit refused it'}`, {
    hint: 'Give every index, unique and check constraint a name unique in its schema, and name indexes on expressions.',
  });

/** Two snapshots declare the same column, index or constraint differently. */
export const schemaConflict = (message: string, hint: string) =>
  new HubError(SchemaErrorCodes.SCHEMA_CONFLICT, message, { hint, status: 409 });

/** Rows hold NULL in a column the plan makes NOT NULL (e.g. before an identity is added). */
export const nullsBlockNotNull = (module: string, columns: string[]) =>
  new HubError(SchemaErrorCodes.SCHEMA_NULLS, `Module "${module}": existing rows hold NULL in ${columns.map((c) => `column ${c}`).join(', ')}, which the new schema makes NOT NULL (or an identity); the change would fail.`, {
    hint: 'Fill those rows first (a `migrations["<version>"].pre` step runs before the schema change, or update them), or keep the column nullable.',
    module,
    status: 409,
    details: { columns },
  });

/** A rename hint names nothing the module's schema has, old name or new. */
export const renameHintUnknown = (module: string, hints: string[]) =>
  new HubError(SchemaErrorCodes.SCHEMA_RENAME_UNKNOWN, `Module "${module}": rename hint${hints.length === 1 ? '' : 's'} ${hints.join(', ')} name${hints.length === 1 ? 's' : ''} nothing in its schema.`, {
    hint: "Each key of `renames` is an old name and its value the new one, which the schema must declare: 'oldTable': 'newTable', 'table.oldColumn': 'newColumn', 'oldEnum': 'newEnum', 'enum.oldValue': 'newValue', 'oldSequence': 'newSequence' (optionally prefixed with the PostgreSQL schema).",
    module,
    status: 422,
    details: { hints },
  });
