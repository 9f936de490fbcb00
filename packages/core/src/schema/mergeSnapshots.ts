import { schemaConflict as conflict } from './schemaErrors.js';
import type { Snapshot, SnapshotTable } from './types.js';

/**
 * A snapshot of `base` extended by other snapshots (Odoo-style inheritance): a table that an
 * extension declares under the same schema and name gets the extension's extra columns, indexes,
 * constraints and foreign keys; its other tables, enums, sequences and schemas are added. The
 * engine diffs the owner's snapshot against this (ADD COLUMN when an extending module is
 * installed) and back (DROP COLUMN when it is uninstalled).
 *
 * A column, index or constraint declared twice with different definitions is a conflict
 * (HUB_SCHEMA_CONFLICT): two modules cannot own the same column.
 */
export function mergeSnapshots(base: Snapshot, ...extensions: Snapshot[]): Snapshot {
  const merged = structuredClone(base);
  for (const extension of extensions) {
    for (const [key, table] of Object.entries(extension.tables)) {
      const target = merged.tables[key];
      if (!target) {
        merged.tables[key] = structuredClone(table);
        continue;
      }
      mergeTable(target, table, key);
    }
    mergeGroup(merged.enums, extension.enums, 'enum');
    mergeGroup(merged.sequences, extension.sequences, 'sequence');
    mergeGroup(merged.schemas, extension.schemas, 'schema');
    merged.views ??= {};
    mergeGroup(merged.views, extension.views ?? {}, 'view');
  }
  return merged;
}

function mergeTable(target: SnapshotTable, extra: SnapshotTable, key: string): void {
  for (const [name, column] of Object.entries(extra.columns)) {
    if (column.primaryKey && !target.columns[name]) {
      throw conflict(`Column "${key}"."${name}" is declared as a primary key by an extension`, 'An extension adds plain columns; the owner defines the primary key.');
    }
  }
  mergeGroup(target.columns, extra.columns, `column of "${key}"`);
  mergeGroup(target.indexes, extra.indexes, `index of "${key}"`);
  mergeGroup(target.foreignKeys, extra.foreignKeys, `foreign key of "${key}"`);
  mergeGroup(target.uniqueConstraints, extra.uniqueConstraints, `unique constraint of "${key}"`);
  mergeGroup(target.compositePrimaryKeys, extra.compositePrimaryKeys, `primary key of "${key}"`);
  for (const group of ['checkConstraints', 'policies'] as const) {
    const from = extra[group] as Record<string, unknown> | undefined;
    if (!from) continue;
    target[group] ??= {};
    mergeGroup(target[group] as Record<string, unknown>, from, `${group} of "${key}"`);
  }
}

function mergeGroup<T>(target: Record<string, T>, extra: Record<string, T>, what: string): void {
  for (const [name, value] of Object.entries(extra)) {
    if (!(name in target)) {
      target[name] = structuredClone(value);
    } else if (JSON.stringify(target[name]) !== JSON.stringify(value)) {
      throw conflict(`The ${what} "${name}" is declared twice with different definitions`, 'Give the extension\'s column, index or constraint another name: each belongs to one module.');
    }
  }
}
