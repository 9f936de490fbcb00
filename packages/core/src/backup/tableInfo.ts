import type { SqlExecutor } from '../db/types.js';
import { DependencyGraph } from '../graph/DependencyGraph.js';
import { qualified, tableKey, type TableRef } from './sql.js';

export interface ColumnInfo {
  name: string;
  type: string;
  /** GENERATED ALWAYS AS (...) STORED: computed, never inserted. */
  generated: boolean;
  /** GENERATED ALWAYS AS IDENTITY: written only with OVERRIDING SYSTEM VALUE, never updated. */
  identityAlways: boolean;
}

type Query = Pick<SqlExecutor, 'query'>;
const bool = (v: unknown) => v === true || v === 't';

/** Columns of a table in attnum order, with their formatted types. */
export async function tableColumns(db: Query, table: TableRef): Promise<ColumnInfo[]> {
  const rows = await db.query<{ name: string; type: string; generated: boolean; always: boolean }>(
    `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, (a.attgenerated <> '') AS generated, (a.attidentity = 'a') AS always
       FROM pg_attribute a WHERE a.attrelid = $1::text::regclass AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum`,
    [qualified(table)],
  );
  return rows.map((r) => ({ name: r.name, type: r.type, generated: bool(r.generated), identityAlways: bool(r.always) }));
}

/** The primary key's columns, in key order (empty without one). */
export async function primaryKeyColumns(db: Query, table: TableRef): Promise<string[]> {
  const rows = await db.query<{ name: string }>(
    `SELECT a.attname AS name FROM pg_index i CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY k(attnum, ord)
       JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
      WHERE i.indrelid = $1::text::regclass AND i.indisprimary ORDER BY k.ord`,
    [qualified(table)],
  );
  return rows.map((r) => r.name);
}

/** Sequences owned by a table's columns (serial and identity): column -> sequence. */
export async function tableSequences(db: SqlExecutor, table: TableRef): Promise<{ column: string; sequence: string }[]> {
  const rows = await db.query<{ column: string; sequence: string | null }>(
    `SELECT a.attname AS column, pg_get_serial_sequence($1::text, a.attname) AS sequence
       FROM pg_attribute a WHERE a.attrelid = $1::text::regclass AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum`,
    [qualified(table)],
  );
  return rows.filter((r): r is { column: string; sequence: string } => r.sequence !== null);
}

/**
 * The tables in foreign-key order (a table after the tables it references), ties kept in the
 * given order. With a foreign-key cycle between them the given order is kept.
 */
export async function foreignKeyOrder(db: SqlExecutor, tables: readonly TableRef[]): Promise<TableRef[]> {
  if (tables.length < 2) return [...tables];
  const rows = await db.query<{ from_schema: string; from_table: string; to_schema: string; to_table: string }>(
    `SELECT fn.nspname AS from_schema, f.relname AS from_table, tn.nspname AS to_schema, t.relname AS to_table
       FROM pg_constraint c
       JOIN pg_class f ON f.oid = c.conrelid JOIN pg_namespace fn ON fn.oid = f.relnamespace
       JOIN pg_class t ON t.oid = c.confrelid JOIN pg_namespace tn ON tn.oid = t.relnamespace
      WHERE c.contype = 'f' AND c.conrelid <> c.confrelid AND fn.nspname = ANY($1::text[])`,
    [[...new Set(tables.map((t) => t.schema))]],
  );
  // Prefix names with their position so the alphabetical tiebreak keeps the given order.
  const keys = tables.map(tableKey);
  const pad = String(tables.length).length;
  const node = (i: number) => `${String(i).padStart(pad, '0')}:${keys[i]}`;
  const index = new Map(keys.map((k, i) => [k, i]));
  const depends = keys.map(() => new Set<string>());
  for (const r of rows) {
    const from = index.get(`${r.from_schema}.${r.from_table}`);
    const to = index.get(`${r.to_schema}.${r.to_table}`);
    if (from !== undefined && to !== undefined) depends[from]!.add(node(to));
  }
  try {
    const order = DependencyGraph.fromModules(keys.map((_, i) => ({ name: node(i), depends: [...depends[i]!] }))).order();
    return order.map((n) => tables[Number(n.slice(0, n.indexOf(':')))]!);
  } catch {
    return [...tables];
  }
}
