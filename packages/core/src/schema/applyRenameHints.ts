import { renameEnumsAndSequences } from './renameEnumsAndSequences.js';
import type { Snapshot, SnapshotTable } from './types.js';

export interface RenameHintsResult {
  /** The previous snapshot with the hinted renames applied. */
  snapshot: Snapshot;
  /** ALTER ... RENAME statements, in order. */
  statements: string[];
}

const q = (name: string) => `"${name.replace(/"/g, '""')}"`;
const qt = (schema: string, table: string) => `${q(schema)}.${q(table)}`;
/** PostgreSQL's identifier limit: longer default names are truncated in ways not worth guessing. */
const MAX_IDENTIFIER = 63;

/**
 * Applies rename hints to `previous` so that drizzle-kit sees no drop+add (which would prompt), and
 * returns the `RENAME` statements that do the same on the database. A hint applies only while it
 * is meaningful: the old name exists in `previous` and not in `current`, the new one in `current`
 * and not in `previous`; afterwards (every later upgrade) it is ignored. A hint also applies
 * backwards (new name in `previous`, old in `current`), so a rollback diff renames back too.
 *
 * Keys: 'oldTable' or 'schema.oldTable' -> 'newTable'; 'table.oldCol' or 'schema.table.oldCol' -> 'newCol';
 * enums, enum values and sequences likewise (see renameEnumsAndSequences).
 * Unqualified names are looked up in the module's schema first, then in any schema if unique.
 */
export function applyRenameHints(previous: Snapshot, current: Snapshot, renames: Record<string, string>, moduleName: string): RenameHintsResult {
  const snapshot = structuredClone(previous);
  const statements: string[] = [];
  const entries = Object.entries(renames);
  const lastPart = (name: string) => name.slice(name.lastIndexOf('.') + 1);

  // Tables first, so that column hints may name the table by its old or new name.
  const aliases = new Map<string, string>(); // a table name in a hint -> its name in `snapshot` now
  for (const [from, to] of entries) {
    const prefix = from.includes('.') ? from.slice(0, from.lastIndexOf('.') + 1) : '';
    const [oldName, newName] = [lastPart(from), lastPart(to)];
    const done = renameTableIfMeaningful(snapshot, current, from, newName, moduleName, statements)
      || renameTableIfMeaningful(snapshot, current, `${prefix}${newName}`, oldName, moduleName, statements);
    if (done) {
      const now = snapshot.tables[done] as SnapshotTable;
      aliases.set(oldName, now.name);
      aliases.set(newName, now.name);
    }
  }

  renameEnumsAndSequences(snapshot, current, entries, moduleName, statements);

  for (const [from, to] of entries) {
    const dot = from.lastIndexOf('.');
    if (dot <= 0) continue;
    const tableRef = from.slice(0, dot);
    const oldColumn = from.slice(dot + 1);
    const alias = aliases.get(lastPart(tableRef));
    const target = resolveTable(snapshot, tableRef, moduleName)
      ?? (alias ? resolveTable(snapshot, tableRef.includes('.') ? `${tableRef.slice(0, tableRef.lastIndexOf('.'))}.${alias}` : alias, moduleName) : undefined);
    if (!target) continue;
    renameColumnIfMeaningful(snapshot, current, target, oldColumn, to, statements)
      || renameColumnIfMeaningful(snapshot, current, target, to, oldColumn, statements);
  }
  return { snapshot, statements };
}

/** Renames table `ref` to `toName` when meaningful; returns its new key, or undefined. */
function renameTableIfMeaningful(snapshot: Snapshot, current: Snapshot, ref: string, toName: string, moduleName: string, statements: string[]): string | undefined {
  const target = resolveTable(snapshot, ref, moduleName);
  if (!target) return undefined;
  const oldName = target.name;
  const oldKey = `${target.schema}.${oldName}`;
  const newKey = `${target.schema}.${toName}`;
  if (oldKey === newKey || current.tables[oldKey] || !current.tables[newKey] || snapshot.tables[newKey]) return undefined;
  renameTable(snapshot, oldKey, newKey, toName);
  statements.push(`ALTER TABLE ${qt(target.schema, oldName)} RENAME TO ${q(toName)};`);
  // Fresh installs name the primary key and serial sequences after the table: follow suit.
  const table = snapshot.tables[newKey] as SnapshotTable;
  const pkey = `${oldName}_pkey`;
  if (`${toName}_pkey`.length <= MAX_IDENTIFIER && pkey.length <= MAX_IDENTIFIER && Object.values(table.columns).some((c) => c.primaryKey)) {
    statements.push(`ALTER INDEX IF EXISTS ${qt(target.schema, pkey)} RENAME TO ${q(`${toName}_pkey`)};`);
  }
  for (const column of Object.values(table.columns)) {
    if (ownsSequence(column)) renameSequence(target.schema, `${oldName}_${column.name}_seq`, `${toName}_${column.name}_seq`, statements);
  }
  return newKey;
}

function renameColumnIfMeaningful(snapshot: Snapshot, current: Snapshot, target: SnapshotTable, from: string, to: string, statements: string[]): boolean {
  const key = `${target.schema}.${target.name}`;
  const currentTable = current.tables[key];
  if (from === to || !currentTable || !target.columns[from] || target.columns[to] || currentTable.columns[from] || !currentTable.columns[to]) return false;
  renameColumn(snapshot, key, from, to);
  statements.push(`ALTER TABLE ${qt(target.schema, target.name)} RENAME COLUMN ${q(from)} TO ${q(to)};`);
  if (ownsSequence(target.columns[to])) renameSequence(target.schema, `${target.name}_${from}_seq`, `${target.name}_${to}_seq`, statements);
  return true;
}

function renameSequence(schema: string, from: string, to: string, statements: string[]): void {
  if (from.length > MAX_IDENTIFIER || to.length > MAX_IDENTIFIER) return;
  statements.push(`ALTER SEQUENCE IF EXISTS ${qt(schema, from)} RENAME TO ${q(to)};`);
}

function ownsSequence(column: SnapshotTable['columns'][string]): boolean {
  return /^(small|big)?serial$/.test(column.type) || Boolean((column as { identity?: unknown }).identity);
}

function resolveTable(snapshot: Snapshot, ref: string, moduleName: string): SnapshotTable | undefined {
  if (snapshot.tables[ref]) return snapshot.tables[ref]; // 'schema.table'
  if (ref.includes('.')) return undefined;
  const own = snapshot.tables[`${moduleName}.${ref}`];
  if (own) return own;
  const matches = Object.values(snapshot.tables).filter((t) => t.name === ref);
  return matches.length === 1 ? matches[0] : undefined;
}

function renameTable(snapshot: Snapshot, oldKey: string, newKey: string, newName: string): void {
  const table = snapshot.tables[oldKey];
  const oldName = table.name;
  const tables: Snapshot['tables'] = {};
  for (const [key, value] of Object.entries(snapshot.tables)) tables[key === oldKey ? newKey : key] = value;
  snapshot.tables = tables;
  table.name = newName;
  for (const other of Object.values(snapshot.tables)) {
    for (const fk of Object.values(other.foreignKeys)) {
      if (other === table && fk.tableFrom === oldName) fk.tableFrom = newName;
      if (fk.tableTo === oldName && (fk.schemaTo || 'public') === (table.schema || 'public')) fk.tableTo = newName;
    }
  }
}

function renameColumn(snapshot: Snapshot, tableKey: string, from: string, to: string): void {
  const table = snapshot.tables[tableKey];
  const columns: SnapshotTable['columns'] = {};
  for (const [key, value] of Object.entries(table.columns)) {
    if (key === from) columns[to] = { ...value, name: to };
    else columns[key] = value;
  }
  table.columns = columns;
  const swap = (names: string[]) => names.map((n) => (n === from ? to : n));
  for (const index of Object.values(table.indexes)) {
    for (const column of index.columns) if (!column.isExpression && column.expression === from) column.expression = to;
  }
  for (const fk of Object.values(table.foreignKeys)) fk.columnsFrom = swap(fk.columnsFrom);
  for (const pk of Object.values(table.compositePrimaryKeys)) pk.columns = swap(pk.columns);
  for (const unique of Object.values(table.uniqueConstraints)) unique.columns = swap(unique.columns);
  for (const other of Object.values(snapshot.tables)) {
    for (const fk of Object.values(other.foreignKeys)) {
      if (fk.tableTo === table.name && (fk.schemaTo || 'public') === (table.schema || 'public')) fk.columnsTo = swap(fk.columnsTo);
    }
  }
}
