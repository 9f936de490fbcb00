import type { BackupSchemaState, BackupTableEntry } from './manifest.js';
import { tableKey, type TableRef } from './sql.js';

/**
 * Where a backed-up table and its columns are now. `dropped` marks a table or column dropped
 * since (under its last name): it maps again only if something of that name exists now and no
 * other backed-up column was renamed to it (a table dropped and created again, e.g. rollback of an
 * install then a new install).
 */
export interface TableMapping {
  table: TableRef;
  dropped: boolean;
  /** backed-up column name -> its current (or last) name. */
  columns: Map<string, { name: string; dropped: boolean }>;
}

/** What the path from a backup's schema to today needs of the module's migration records. */
export interface MigrationHistoryRow {
  id: number;
  up: string[];
  down: string[];
  rolledBackAt: string | null;
}

/**
 * The statements that led from the schema a backup was taken at to the schema now, in order.
 * Applied migrations form a stack (a rollback undoes the newest one still applied), so the path is:
 * the down statements of the migrations that were applied then and are rolled back now (newest
 * first), then the up statements of the migrations applied since and still applied (oldest first).
 * Migrations both applied and rolled back after the backup cancel out.
 */
export function statementsSince(state: Pick<BackupSchemaState, 'lastMigration' | 'rolledBack'>, migrations: readonly MigrationHistoryRow[]): string[] {
  const last = state.lastMigration ?? 0;
  const wasRolledBack = new Set(state.rolledBack);
  const sorted = [...migrations].sort((a, b) => a.id - b.id);
  const undone = sorted.filter((m) => m.id <= last && !wasRolledBack.has(m.id) && m.rolledBackAt !== null).reverse();
  const done = sorted.filter((m) => m.id > last && m.rolledBackAt === null);
  return [...undone.flatMap((m) => m.down), ...done.flatMap((m) => m.up)];
}

const NAME = '"((?:[^"]|"")+)"';
const TABLE = `${NAME}\\.${NAME}`;
const unq = (s: string) => s.replace(/""/g, '"');
const RENAME_COLUMN = new RegExp(`^ALTER TABLE (?:IF EXISTS )?${TABLE} RENAME COLUMN ${NAME} TO ${NAME}`, 'i');
const RENAME_TABLE = new RegExp(`^ALTER TABLE (?:IF EXISTS )?${TABLE} RENAME TO ${NAME}`, 'i');
const SET_SCHEMA = new RegExp(`^ALTER TABLE (?:IF EXISTS )?${TABLE} SET SCHEMA ${NAME}`, 'i');
const DROP_COLUMN = new RegExp(`^ALTER TABLE (?:IF EXISTS )?${TABLE} DROP COLUMN (?:IF EXISTS )?${NAME}`, 'i');
const DROP_TABLE = new RegExp(`^DROP TABLE (?:IF EXISTS )?${TABLE}`, 'i');

/**
 * Follows the backed-up tables and columns through renames, moves and drops in `statements`
 * (the module's recorded migrations since the backup).
 */
export function followRenames(entries: readonly Pick<BackupTableEntry, 'schema' | 'name' | 'columns'>[], statements: readonly string[]): Map<string, TableMapping> {
  const out = new Map<string, TableMapping>();
  // Current key -> mapping, for the tables still alive.
  const live = new Map<string, TableMapping>();
  for (const e of entries) {
    const mapping: TableMapping = { table: { schema: e.schema, name: e.name }, dropped: false, columns: new Map(e.columns.map((c) => [c.name, { name: c.name, dropped: false }])) };
    out.set(tableKey(e), mapping);
    live.set(tableKey(e), mapping);
  }
  const rekey = (from: string, to: TableRef) => {
    const m = live.get(from);
    if (!m) return;
    live.delete(from);
    m.table = to;
    live.set(tableKey(to), m);
  };
  for (const raw of statements) {
    const sql = raw.trim();
    let m: RegExpMatchArray | null;
    if ((m = sql.match(RENAME_COLUMN))) {
      const t = live.get(`${unq(m[1]!)}.${unq(m[2]!)}`);
      if (!t) continue;
      const [from, to] = [unq(m[3]!), unq(m[4]!)];
      for (const c of t.columns.values()) if (c.name === from && !c.dropped) c.name = to;
    } else if ((m = sql.match(RENAME_TABLE))) {
      rekey(`${unq(m[1]!)}.${unq(m[2]!)}`, { schema: unq(m[1]!), name: unq(m[3]!) });
    } else if ((m = sql.match(SET_SCHEMA))) {
      rekey(`${unq(m[1]!)}.${unq(m[2]!)}`, { schema: unq(m[3]!), name: unq(m[2]!) });
    } else if ((m = sql.match(DROP_COLUMN))) {
      const t = live.get(`${unq(m[1]!)}.${unq(m[2]!)}`);
      if (!t) continue;
      const gone = unq(m[3]!);
      for (const c of t.columns.values()) if (c.name === gone) c.dropped = true;
    } else if ((m = sql.match(DROP_TABLE))) {
      const key = `${unq(m[1]!)}.${unq(m[2]!)}`;
      const t = live.get(key);
      if (!t) continue;
      live.delete(key);
      t.dropped = true;
    }
  }
  return out;
}
