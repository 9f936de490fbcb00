import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { is } from 'drizzle-orm';
import { PgTable, getTableConfig } from 'drizzle-orm/pg-core';
import { HubError } from '@hub/kit';
import type { SqlExecutor } from '../db/types.js';

/** One group of rows of a data file: `{ "table": "people", "rows": [...], "key": "email" }`. */
export interface DataRecord {
  table: string;
  rows: Record<string, unknown>[];
  /** Column(s) of a unique constraint: rows that already exist are skipped (ON CONFLICT DO NOTHING). */
  key?: string | string[];
}

interface TableInfo {
  schema: string;
  name: string;
  /** property or SQL name -> SQL column name */
  columns: Map<string, string>;
}

const q = (id: string) => `"${id.replace(/"/g, '""')}"`;

/** Tables a data file may name: a module's Drizzle table export keys and their SQL names. */
export function dataTables(schemaExports: Record<string, unknown>): Map<string, TableInfo> {
  const out = new Map<string, TableInfo>();
  for (const [key, value] of Object.entries(schemaExports)) {
    if (!is(value, PgTable)) continue;
    const config = getTableConfig(value);
    const columns = new Map<string, string>();
    for (const [prop, col] of Object.entries(value as unknown as Record<string, { name?: string }>)) {
      if (col && typeof col === 'object' && typeof col.name === 'string' && config.columns.includes(col as never)) columns.set(prop, col.name);
    }
    for (const col of config.columns) columns.set(col.name, col.name);
    const info = { schema: config.schema ?? 'public', name: config.name, columns };
    out.set(key, info);
    out.set(config.name, info);
    out.set(`${info.schema}.${config.name}`, info);
  }
  return out;
}

export interface LoadDataOptions {
  module: string;
  /** Package folder: file names in errors are shown relative to it. */
  dir: string;
  /** Absolute path of the data file. */
  file: string;
  schema: Record<string, unknown>;
  /** Upgrades reload only records that have a key (the others were loaded at install). */
  onlyKeyed?: boolean;
}

/**
 * Loads one data file inside the caller's transaction. Any problem (bad JSON, unknown table or
 * column, constraint violation) throws HUB_DATA_FILE_INVALID naming the file and the record.
 * Returns the number of rows inserted.
 */
export async function loadDataFile(tx: SqlExecutor, options: LoadDataOptions): Promise<number> {
  const shown = relative(options.dir, options.file) || options.file;
  const fail = (where: string, why: string, cause?: unknown) =>
    new HubError('HUB_DATA_FILE_INVALID', `Module "${options.module}": data file ${shown}${where}: ${why}`, {
      module: options.module, status: 422, cause, details: { file: shown, where },
      hint: 'Fix the data file: { "records": [ { "table": "<table>", "rows": [ { "<column>": value } ], "key": "<unique column>" } ] }.',
    });
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(options.file, 'utf8'));
  } catch (error) {
    throw fail('', error instanceof Error ? error.message : String(error), error);
  }
  const records = (parsed as { records?: unknown })?.records;
  if (!Array.isArray(records)) throw fail('', 'expected an object with a "records" array');
  const tables = dataTables(options.schema);
  let inserted = 0;
  for (const [i, record] of (records as DataRecord[]).entries()) {
    const where = ` records[${i}]${record && typeof record.table === 'string' ? ` (table "${record.table}")` : ''}`;
    if (!record || typeof record !== 'object' || typeof record.table !== 'string' || !Array.isArray(record.rows)) {
      throw fail(where, 'a record needs "table" (string) and "rows" (array of objects)');
    }
    const table = tables.get(record.table);
    if (!table) throw fail(where, `unknown table "${record.table}"; known: ${[...new Set([...tables.values()].map((t) => t.name))].join(', ') || '(none)'}`);
    const keys = record.key === undefined ? [] : Array.isArray(record.key) ? record.key : [record.key];
    if (options.onlyKeyed && keys.length === 0) continue;
    const keyColumns = keys.map((k) => {
      const c = table.columns.get(k);
      if (!c) throw fail(where, `key column "${k}" is not a column of "${table.name}"`);
      return c;
    });
    // Rows with the same set of columns are inserted together; omitted columns take their defaults.
    const groups = new Map<string, { columns: string[]; rows: Record<string, unknown>[] }>();
    for (const [j, row] of record.rows.entries()) {
      if (!row || typeof row !== 'object' || Array.isArray(row)) throw fail(`${where} rows[${j}]`, 'a row must be an object');
      const sqlRow: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(row)) {
        const c = table.columns.get(k);
        if (!c) throw fail(`${where} rows[${j}]`, `unknown column "${k}" of table "${table.name}"`);
        sqlRow[c] = v;
      }
      const columns = Object.keys(sqlRow).sort();
      const sig = columns.join('\u0000');
      const group = groups.get(sig) ?? { columns, rows: [] };
      group.rows.push(sqlRow);
      groups.set(sig, group);
    }
    const target = `${q(table.schema)}.${q(table.name)}`;
    for (const group of groups.values()) {
      const cols = group.columns.map(q).join(', ');
      const conflict = keyColumns.length ? ` ON CONFLICT (${keyColumns.map(q).join(', ')}) DO NOTHING` : '';
      const sql = group.columns.length
        ? `INSERT INTO ${target} (${cols}) SELECT ${cols} FROM json_populate_recordset(null::${target}, $1::text::json)${conflict} RETURNING 1`
        : `INSERT INTO ${target} SELECT FROM json_array_elements($1::text::json)${conflict} RETURNING 1`;
      try {
        const rows = await tx.query(sql, [JSON.stringify(group.rows)]);
        inserted += rows.length;
      } catch (error) {
        throw fail(where, error instanceof Error ? error.message : String(error), error);
      }
    }
  }
  return inserted;
}
