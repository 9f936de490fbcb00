import { mkdir, rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { SqlExecutor } from '../db/types.js';
import type { BackupInfo } from '../hub/types.js';
import { toBackupInfo, writeManifest, type BackupManifest, type BackupTableEntry } from './manifest.js';
import { copyJsonLines, tableKey, toTableRef, type TableRef } from './sql.js';
import { foreignKeyOrder, tableColumns } from './tableInfo.js';
import { writeLines } from './writeLines.js';

export interface BackupOptions {
  /** Backups root (e.g. <HUB_DATA_DIR>/backups): the backup is written to <dir>/<id>/. */
  dir: string;
  module: string;
  /** Why it was taken, e.g. "uninstall", "upgrade 1.2.0 drops columns", "manual". */
  reason: string;
  /** Folder name and id; default <module>-<UTC timestamp>-<random>. */
  id?: string;
}

/** A backup id that sorts by time within a module: crm-20260101T120000123Z-1a2b3c. */
export function newBackupId(module: string, at = new Date()): string {
  return `${module}-${at.toISOString().replace(/[-:.]/g, '')}-${randomBytes(3).toString('hex')}`;
}

/**
 * Backs up tables as JSON lines: one <schema>.<table>.jsonl per table (row_to_json of every row,
 * streamed from COPY to the file with flat memory) and manifest.json (tables in foreign-key
 * order, row counts, columns and types). Works on a connection or inside a transaction (then the
 * backup sees the transaction's data). On failure the partial folder is removed. Tables are
 * refs or "schema.table" strings.
 */
export async function backupTables(db: SqlExecutor, tables: readonly (TableRef | string)[], options: BackupOptions): Promise<BackupInfo> {
  const createdAt = new Date();
  const id = options.id ?? newBackupId(options.module, createdAt);
  const path = join(options.dir, id);
  await mkdir(path, { recursive: true });
  try {
    const entries: BackupTableEntry[] = [];
    for (const table of await foreignKeyOrder(db, tables.map(toTableRef))) {
      const columns = (await tableColumns(db, table)).map(({ name, type }) => ({ name, type }));
      const file = `${table.schema}.${table.name}.jsonl`;
      const rows = await writeLines(join(path, file), db.copyLines(copyJsonLines(table)));
      entries.push({ schema: table.schema, name: table.name, table: tableKey(table), file, rows, columns });
    }
    const manifest: BackupManifest = {
      format: 'hub-backup', version: 1, id, module: options.module, reason: options.reason, createdAt: createdAt.toISOString(), tables: entries,
    };
    await writeManifest(path, manifest);
    return toBackupInfo(manifest, path);
  } catch (e) {
    await rm(path, { recursive: true, force: true });
    throw e;
  }
}
