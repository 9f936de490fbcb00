import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { SqlExecutor } from '../db/types.js';
import type { BackupInfo } from '../hub/types.js';
import { newBackupId } from '../backup/backupTables.js';
import { toBackupInfo, writeManifest, type BackupManifest, type BackupTableEntry } from '../backup/manifest.js';
import { quoteIdent } from '../backup/sql.js';
import { tableColumns } from '../backup/tableInfo.js';
import { writeLines } from '../backup/writeLines.js';

/** Extension columns of one table to back up before they are dropped, keyed by the owner's primary key. */
export interface ColumnBackup {
  schema: string;
  table: string;
  /** The owner's primary key columns (empty: every column of the owner is written as the key). */
  key: string[];
  columns: string[];
}

/**
 * Backs up extension columns (before an uninstall drops them): one <schema>.<table>.jsonl per
 * table with, per row, the key columns and the extension's columns (row_to_json, exact), and a
 * manifest whose table entries list exactly those columns plus `key`. Restoring is an
 * `UPDATE <table> SET ... FROM json_populate_recordset(...)` on the key after a reinstall.
 */
export async function backupColumns(db: SqlExecutor, backups: readonly ColumnBackup[], options: { dir: string; module: string; reason: string }): Promise<BackupInfo> {
  const createdAt = new Date();
  const id = newBackupId(options.module, createdAt);
  const path = join(options.dir, id);
  await mkdir(path, { recursive: true });
  try {
    const entries: (BackupTableEntry & { key: string[]; kind: 'columns' })[] = [];
    for (const b of backups) {
      const ref = { schema: b.schema, name: b.table };
      const live = await tableColumns(db, ref);
      const present = new Set(live.map((c) => c.name));
      const columns = b.columns.filter((c) => present.has(c));
      if (columns.length === 0) continue;
      const key = b.key.filter((c) => present.has(c));
      const keyColumns = key.length ? key : live.map((c) => c.name).filter((c) => !columns.includes(c));
      const selected = [...keyColumns, ...columns];
      const file = `${b.schema}.${b.table}.jsonl`;
      const sql = `COPY (SELECT row_to_json(t) FROM (SELECT ${selected.map(quoteIdent).join(', ')} FROM ${quoteIdent(b.schema)}.${quoteIdent(b.table)} ORDER BY ${keyColumns.map(quoteIdent).join(', ')}) t) TO STDOUT WITH (FORMAT csv, QUOTE E'\\x01', DELIMITER E'\\x02')`;
      const rows = await writeLines(join(path, file), db.copyLines(sql));
      entries.push({
        schema: b.schema, name: b.table, table: `${b.schema}.${b.table}`, file, rows, kind: 'columns', key: keyColumns,
        columns: live.filter((c) => selected.includes(c.name)).map(({ name, type }) => ({ name, type })),
      });
    }
    const manifest: BackupManifest = { format: 'hub-backup', version: 1, id, module: options.module, reason: options.reason, createdAt: createdAt.toISOString(), tables: entries };
    await writeManifest(path, manifest);
    return toBackupInfo(manifest, path);
  } catch (e) {
    await rm(path, { recursive: true, force: true });
    throw e;
  }
}
