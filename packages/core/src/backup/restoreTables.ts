import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import type { SqlExecutor } from '../db/types.js';
import { splitLines } from '../db/lines.js';
import { backupInvalid } from '../errors.js';
import { readManifest, type BackupTableEntry } from './manifest.js';
import { qualified, quoteIdent, tableKey, toTableRef, type TableRef } from './sql.js';
import { tableColumns, tableSequences } from './tableInfo.js';

export interface RestoreOptions {
  /** Only these tables ("schema.table" or refs); default every table of the backup. */
  tables?: readonly (string | TableRef)[];
  /** TRUNCATE the restored tables first (one statement, so foreign keys between them are fine). */
  truncate?: boolean;
  /** With truncate: TRUNCATE ... CASCADE, which also empties tables (of other modules) that reference them. */
  cascade?: boolean;
  /** Rows per INSERT (default 5000; batches are also cut at ~8 MB). */
  batchRows?: number;
}

export interface RestoreResult {
  tables: { table: string; rows: number }[];
}

const BATCH_BYTES = 8 * 1024 * 1024;

/**
 * Restores a backup folder written by backupTables, exactly: rows go back through
 * json_populate_recordset from the raw JSON lines (never parsed in JavaScript, so big numerics,
 * int8, microsecond timestamps, jsonb and bytea are unchanged), tables in the manifest's
 * foreign-key order, in batches (one statement for a self-referencing table), then
 * serial/identity sequences are set to the column's max.
 * Only columns present both in the backup and in the table (and not generated) are written.
 * Works on a connection or inside a transaction.
 */
export async function restoreTables(db: SqlExecutor, backupDir: string, options: RestoreOptions = {}): Promise<RestoreResult> {
  const manifest = await readManifest(backupDir);
  let entries = manifest.tables;
  if (options.tables) {
    const wanted = new Set(options.tables.map((t) => tableKey(toTableRef(t))));
    const unknown = [...wanted].filter((w) => !entries.some((e) => e.table === w));
    if (unknown.length > 0) throw backupInvalid(backupDir, `it has no table ${unknown.join(', ')}`);
    entries = entries.filter((e) => wanted.has(e.table));
  }
  if (options.truncate && entries.length > 0) await db.exec(`TRUNCATE ${entries.map((e) => qualified(e)).join(', ')}${options.cascade ? ' CASCADE' : ''}`);
  const result: RestoreResult = { tables: [] };
  for (const entry of entries) result.tables.push({ table: entry.table, rows: await restoreTable(db, backupDir, entry, options.batchRows ?? 5000) });
  return result;
}

async function restoreTable(db: SqlExecutor, backupDir: string, entry: BackupTableEntry, batchRows: number): Promise<number> {
  const inBackup = new Set(entry.columns.map((c) => c.name));
  const columns = (await tableColumns(db, entry)).filter((c) => !c.generated && inBackup.has(c.name)).map((c) => quoteIdent(c.name));
  if (columns.length === 0) throw backupInvalid(backupDir, `table ${entry.table} has none of the backed-up columns`);
  const list = columns.join(', ');
  // A table that references itself goes back in one statement: foreign keys are checked at the
  // end of each INSERT, and a child row may come before its parent in the file.
  if (await referencesItself(db, entry)) batchRows = Number.POSITIVE_INFINITY;
  const insert = `INSERT INTO ${qualified(entry)} (${list}) OVERRIDING SYSTEM VALUE SELECT ${list} FROM json_populate_recordset(null::${qualified(entry)}, $1::json)`;

  let batch: string[] = [];
  let bytes = 0;
  let rows = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    await db.query(insert, [`[${batch.join(',')}]`]);
    rows += batch.length;
    batch = [];
    bytes = 0;
  };
  for await (const line of splitLines(createReadStream(join(backupDir, entry.file)))) {
    if (line.length === 0) continue;
    batch.push(line);
    bytes += line.length;
    if (batch.length >= batchRows || (bytes >= BATCH_BYTES && batchRows !== Number.POSITIVE_INFINITY)) await flush();
  }
  await flush();
  if (rows !== entry.rows) throw backupInvalid(backupDir, `${entry.file} holds ${rows} rows, the manifest says ${entry.rows}`);

  for (const { column, sequence } of await tableSequences(db, entry)) {
    await db.query(`SELECT setval($1::regclass, m) FROM (SELECT max(${quoteIdent(column)}) AS m FROM ${qualified(entry)}) x WHERE m IS NOT NULL`, [sequence]);
  }
  return rows;
}

async function referencesItself(db: SqlExecutor, table: TableRef): Promise<boolean> {
  const rows = await db.query(`SELECT 1 FROM pg_constraint WHERE contype = 'f' AND conrelid = confrelid AND conrelid = $1::text::regclass`, [qualified(table)]);
  return rows.length > 0;
}
