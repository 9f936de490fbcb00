import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import type { SqlExecutor } from '../db/types.js';
import { splitLines } from '../db/lines.js';
import { backupInvalid } from '../errors.js';
import { readManifest, type BackupTableEntry } from '../backup/manifest.js';
import { qualified, quoteIdent } from '../backup/sql.js';
import { tableColumns } from '../backup/tableInfo.js';

type ColumnEntry = BackupTableEntry & { kind?: string; key?: string[] };

/** True when the backup folder was written by backupColumns (extension columns, not whole tables). */
export async function isColumnBackup(backupDir: string): Promise<boolean> {
  const manifest = await readManifest(backupDir);
  return manifest.tables.length > 0 && manifest.tables.every((t) => (t as ColumnEntry).kind === 'columns');
}

/**
 * Puts backed-up extension columns back: UPDATE of the owner's table from the JSON lines, matched
 * on the key columns (rows no longer there are skipped). Never truncates or inserts: the owner's
 * rows are not the extension's. The columns must exist again (reinstall the module first).
 */
export async function restoreColumns(db: SqlExecutor, backupDir: string, batchRows = 5000): Promise<{ tables: { table: string; rows: number }[] }> {
  const manifest = await readManifest(backupDir);
  const tables: { table: string; rows: number }[] = [];
  for (const entry of manifest.tables as ColumnEntry[]) {
    const key = entry.key ?? [];
    if (key.length === 0) throw backupInvalid(backupDir, `${entry.table} has no key columns`);
    const live = new Set((await tableColumns(db, entry)).map((c) => c.name));
    const columns = entry.columns.map((c) => c.name).filter((c) => !key.includes(c));
    const missing = columns.filter((c) => !live.has(c));
    if (missing.length) {
      throw backupInvalid(backupDir, `columns ${missing.join(', ')} of ${entry.table} do not exist: install the module that owns them first`);
    }
    const set = columns.map((c) => `${quoteIdent(c)} = r.${quoteIdent(c)}`).join(', ');
    const on = key.map((k) => `t.${quoteIdent(k)} = r.${quoteIdent(k)}`).join(' AND ');
    const update = `UPDATE ${qualified(entry)} t SET ${set} FROM json_populate_recordset(null::${qualified(entry)}, $1::json) r WHERE ${on}`;
    let batch: string[] = [];
    let rows = 0;
    const flush = async () => {
      if (batch.length === 0) return;
      await db.query(update, [`[${batch.join(',')}]`]);
      rows += batch.length;
      batch = [];
    };
    for await (const line of splitLines(createReadStream(join(backupDir, entry.file)))) {
      if (line.length === 0) continue;
      batch.push(line);
      if (batch.length >= batchRows) await flush();
    }
    await flush();
    tables.push({ table: entry.table, rows });
  }
  return { tables };
}
