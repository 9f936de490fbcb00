import { is } from 'drizzle-orm';
import { PgTable, getTableConfig } from 'drizzle-orm/pg-core';
import type { Snapshot, SnapshotTable } from '../schema/index.js';

/**
 * PostgreSQL schemas other than the module's own in which its Drizzle exports declare tables:
 * the schemas of the modules it extends (model inheritance). Read from the table objects, no I/O.
 */
export function extendedSchemasOf(module: string, schemaExports: Record<string, unknown> | undefined): string[] {
  const schemas = new Set<string>();
  for (const value of Object.values(schemaExports ?? {})) {
    if (!is(value, PgTable)) continue;
    const schema = getTableConfig(value).schema;
    if (schema && schema !== module) schemas.add(schema);
  }
  return [...schemas].sort();
}

/** The tables of a module's snapshot that extend other modules' tables, by snapshot key ("schema.table"). */
export function extensionTablesOf(module: string, snapshot: Snapshot | undefined): [string, SnapshotTable][] {
  if (!snapshot) return [];
  return Object.entries(snapshot.tables ?? {}).filter(([, t]) => (t.schema || 'public') !== module);
}

/** The snapshot without its extension tables (what is left when the extension columns are dropped). */
export function withoutExtensions(module: string, snapshot: Snapshot): Snapshot {
  const tables = Object.fromEntries(Object.entries(snapshot.tables).filter(([, t]) => (t.schema || 'public') === module));
  const schemas = Object.fromEntries(Object.entries(snapshot.schemas ?? {}).filter(([s]) => s === module));
  return { ...snapshot, tables, schemas };
}

/** Only the extension tables of a snapshot (to drop their columns). */
export function onlyExtensions(module: string, snapshot: Snapshot): Snapshot {
  return { ...snapshot, tables: Object.fromEntries(extensionTablesOf(module, snapshot)), enums: {}, sequences: {}, views: {}, schemas: {} };
}

/** Columns forming the owner's primary key (to key a backup of extension columns). */
export function primaryKeyOf(table: SnapshotTable): string[] {
  const inline = Object.values(table.columns).filter((c) => c.primaryKey).map((c) => c.name);
  if (inline.length) return inline;
  const composite = Object.values(table.compositePrimaryKeys ?? {})[0];
  return composite ? [...composite.columns] : [];
}
