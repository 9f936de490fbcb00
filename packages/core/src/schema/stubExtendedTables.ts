import type { Snapshot, SnapshotTable } from './types.js';

/**
 * A module's tables live in its own schema (`moduleName`); a table it declares in another
 * module's schema only adds columns to that module's table (an extension). Such a table exists
 * whether or not this module is installed, so when it is missing from one side of a diff it is
 * put there empty (no columns, indexes or constraints): drizzle-kit then adds or drops the
 * extension's columns instead of creating or dropping the whole table.
 */
export function stubExtendedTables(previous: Snapshot, current: Snapshot, moduleName: string): [Snapshot, Snapshot] {
  const missingIn = (a: Snapshot, b: Snapshot) =>
    Object.entries(b.tables).filter(([key, t]) => (t.schema || 'public') !== moduleName && !a.tables[key]);
  const addPrevious = missingIn(previous, current);
  const addCurrent = missingIn(current, previous);
  if (addPrevious.length === 0 && addCurrent.length === 0) return [previous, current];
  const stubbed = (snapshot: Snapshot, tables: [string, SnapshotTable][]): Snapshot => {
    if (tables.length === 0) return snapshot;
    const copy: Snapshot = { ...snapshot, tables: { ...snapshot.tables } };
    for (const [key, t] of tables) copy.tables[key] = stub(t);
    return copy;
  };
  return [stubbed(previous, addPrevious), stubbed(current, addCurrent)];
}

function stub(table: SnapshotTable): SnapshotTable {
  return {
    ...table,
    columns: {},
    indexes: {},
    foreignKeys: {},
    compositePrimaryKeys: {},
    uniqueConstraints: {},
    policies: {},
    checkConstraints: {},
    isRLSEnabled: false,
  };
}
