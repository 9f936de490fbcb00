import { mergeSnapshots, type Snapshot, type SnapshotTable } from '../schema/index.js';
import { extensionColumnConflict, extensionNotADependency, extensionTableMissing } from './extensionErrors.js';
import { extensionTablesOf } from './extensionTables.js';

export interface ExtensionDiffContext {
  /** Snapshot of every installed module (updated with the modules planned earlier in the same plan), by name. */
  installed: ReadonlyMap<string, Snapshot>;
  /** The module's dependencies, transitive. */
  dependencies: ReadonlySet<string>;
}

/**
 * Model inheritance, planned. `before` and `after` are the module's own snapshots (stored as is):
 * its tables, plus, for each table it extends, a table of the same schema and name holding only
 * its extra columns. The diff is taken on the owner's table: each extended table is replaced, on
 * both sides, by the owner's installed table with the other installed extensions' columns, and
 * the module's columns merged on top, so drizzle-kit emits only ADD/ALTER/DROP COLUMN and index
 * statements for this module's columns.
 *
 * Refused here: extending a module that is not a dependency (HUB_EXTENSION_NOT_A_DEPENDENCY), a
 * table the owner lacks (HUB_EXTENSION_TABLE_MISSING), a column the owner or another extension
 * already has, and an owner adding a column an installed extension owns
 * (HUB_EXTENSION_COLUMN_CONFLICT), or dropping a table that is extended (HUB_EXTENSION_TABLE_MISSING).
 */
export function prepareExtensionDiff(module: string, before: Snapshot, after: Snapshot, ctx: ExtensionDiffContext): { previous: Snapshot; current: Snapshot } {
  checkExtensions(module, after, ctx);
  checkOwner(module, after, ctx.installed);
  const keys = new Set([...extensionTablesOf(module, before), ...extensionTablesOf(module, after)].map(([key]) => key));
  if (keys.size === 0) return { previous: before, current: after };
  const baselines: Record<string, SnapshotTable> = {};
  const ownerSchemas: Record<string, string> = {};
  for (const key of keys) {
    const table = after.tables[key] ?? before.tables[key]!;
    const schema = table.schema || 'public';
    const base = baseline(module, key, schema, ctx.installed);
    if (!base) continue; // the owner lost it: diffSnapshots stubs the table (columns only)
    baselines[key] = base;
    ownerSchemas[schema] = schema;
  }
  const onto = (snapshot: Snapshot): Snapshot => {
    const own = extensionTablesOf(module, snapshot).filter(([key]) => baselines[key]);
    const base: Snapshot = { ...snapshot, tables: { ...snapshot.tables }, schemas: { ...snapshot.schemas, ...ownerSchemas } };
    for (const key of Object.keys(baselines)) base.tables[key] = baselines[key]!;
    const extension: Snapshot = { ...snapshot, tables: Object.fromEntries(own), enums: {}, sequences: {}, schemas: {}, views: {}, policies: {}, roles: {} };
    return mergeSnapshots(base, extension);
  };
  return { previous: onto(before), current: onto(after) };
}

/** The owner's installed table with the columns of the other installed extensions of it. */
function baseline(module: string, key: string, schema: string, installed: ReadonlyMap<string, Snapshot>): SnapshotTable | undefined {
  const owner = installed.get(schema)?.tables[key];
  if (!owner) return undefined;
  const others: Snapshot[] = [];
  for (const [name, snapshot] of installed) {
    if (name === module || name === schema) continue;
    const table = snapshot.tables[key];
    if (table && (table.schema || 'public') === schema) others.push({ ...snapshot, tables: { [key]: table }, enums: {}, sequences: {}, schemas: {}, views: {} });
  }
  const holder: Snapshot = { version: '7', dialect: 'postgresql', tables: { [key]: structuredClone(owner) }, enums: {}, schemas: {}, sequences: {} };
  return mergeSnapshots(holder, ...others).tables[key];
}

function checkExtensions(module: string, after: Snapshot, ctx: ExtensionDiffContext): void {
  for (const [key, table] of extensionTablesOf(module, after)) {
    const schema = table.schema || 'public';
    if (!ctx.dependencies.has(schema)) throw extensionNotADependency(module, schema, table.name);
    const owner = ctx.installed.get(schema)?.tables[key];
    if (!owner) throw extensionTableMissing(module, key, schema);
    for (const column of Object.keys(table.columns)) {
      if (owner.columns[column]) throw extensionColumnConflict(module, key, column, schema, true);
      for (const [other, snapshot] of ctx.installed) {
        if (other === module || other === schema) continue;
        const theirs = snapshot.tables[key];
        if (theirs && (theirs.schema || 'public') === schema && theirs.columns[column]) throw extensionColumnConflict(module, key, column, other, false);
      }
    }
  }
}

/** An owner's new snapshot must keep the tables others extend and not take their columns. */
function checkOwner(module: string, after: Snapshot, installed: ReadonlyMap<string, Snapshot>): void {
  for (const [other, snapshot] of installed) {
    if (other === module) continue;
    for (const [key, table] of extensionTablesOf(other, snapshot)) {
      if ((table.schema || 'public') !== module) continue;
      const mine = after.tables[key];
      if (!mine) throw extensionTableMissing(module, key, module, other);
      for (const column of Object.keys(table.columns)) {
        if (mine.columns[column]) {
          throw extensionColumnConflict(module, key, column, other, false);
        }
      }
    }
  }
}
