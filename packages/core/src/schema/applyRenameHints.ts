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
 * and not in `previous`; afterwards (every later upgrade) it is ignored.
 *
 * Keys: 'oldTable' or 'schema.oldTable' -> 'newTable'; 'table.oldCol' or 'schema.table.oldCol' -> 'newCol'.
 * Unqualified tables are looked up in the module's schema first, then in any schema if unique.
 */
export function applyRenameHints(previous: Snapshot, current: Snapshot, renames: Record<string, string>, moduleName: string): RenameHintsResult {
  const snapshot = structuredClone(previous);
  const statements: string[] = [];
  const entries = Object.entries(renames);

  // Tables first, so that column hints may name the table by its old or new name.
  const tableRenames = new Map<string, string>(); // old key -> new key
  for (const [from, to] of entries) {
    const target = resolveTable(snapshot, from, moduleName);
    if (!target) continue;
    const toName = to.includes('.') ? to.slice(to.lastIndexOf('.') + 1) : to;
    const oldName = target.name;
    const oldKey = `${target.schema}.${oldName}`;
    const newKey = `${target.schema}.${toName}`;
    if (current.tables[oldKey] || !current.tables[newKey] || snapshot.tables[newKey]) continue;
    renameTable(snapshot, oldKey, newKey, toName);
    tableRenames.set(oldKey, newKey);
    statements.push(`ALTER TABLE ${qt(target.schema, oldName)} RENAME TO ${q(toName)};`);
    // Fresh installs name the primary key and serial sequences after the table: follow suit.
    const table = snapshot.tables[newKey] as SnapshotTable; // renamed just above
    const pkey = `${oldName}_pkey`;
    if (`${toName}_pkey`.length <= MAX_IDENTIFIER && pkey.length <= MAX_IDENTIFIER && Object.values(table.columns).some((c) => c.primaryKey)) {
      statements.push(`ALTER INDEX IF EXISTS ${qt(target.schema, pkey)} RENAME TO ${q(`${toName}_pkey`)};`);
    }
    for (const column of Object.values(table.columns)) {
      if (!ownsSequence(column)) continue;
      const oldSeq = `${oldName}_${column.name}_seq`;
      const newSeq = `${toName}_${column.name}_seq`;
      if (oldSeq.length <= MAX_IDENTIFIER && newSeq.length <= MAX_IDENTIFIER) {
        statements.push(`ALTER SEQUENCE IF EXISTS ${qt(target.schema, oldSeq)} RENAME TO ${q(newSeq)};`);
      }
    }
  }

  for (const [from, to] of entries) {
    const dot = from.lastIndexOf('.');
    if (dot <= 0) continue;
    const tableRef = from.slice(0, dot);
    const oldColumn = from.slice(dot + 1);
    let target = resolveTable(snapshot, tableRef, moduleName);
    if (!target) {
      // The hint may name the table by its old name, renamed above.
      const old = resolveTable(previous, tableRef, moduleName);
      const renamed = old && tableRenames.get(`${old.schema}.${old.name}`);
      target = renamed ? snapshot.tables[renamed] : undefined;
    }
    if (!target) continue;
    const key = `${target.schema}.${target.name}`;
    const currentTable = current.tables[key];
    if (!currentTable || !target.columns[oldColumn] || target.columns[to] || currentTable.columns[oldColumn] || !currentTable.columns[to]) continue;
    renameColumn(snapshot, key, oldColumn, to);
    statements.push(`ALTER TABLE ${qt(target.schema, target.name)} RENAME COLUMN ${q(oldColumn)} TO ${q(to)};`);
    if (ownsSequence(target.columns[to])) {
      const oldSeq = `${target.name}_${oldColumn}_seq`;
      const newSeq = `${target.name}_${to}_seq`;
      if (oldSeq.length <= MAX_IDENTIFIER && newSeq.length <= MAX_IDENTIFIER) {
        statements.push(`ALTER SEQUENCE IF EXISTS ${qt(target.schema, oldSeq)} RENAME TO ${q(newSeq)};`);
      }
    }
  }
  return { snapshot, statements };
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
