import { mkdir, rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { SqlExecutor } from '../db/types.js';
import type { BackupInfo } from '../hub/types.js';
import { toBackupInfo, writeManifest, type BackupManifest, type BackupSchemaState, type BackupTableEntry } from './manifest.js';
import { copyTableOut, tableKey, toTableRef, type TableRef } from './sql.js';
import { foreignKeyOrder, tableColumns } from './tableInfo.js';

export interface BackupOptions {
  /** Backups root (e.g. <HUB_DATA_DIR>/backups): the backup is written to <dir>/<id>/. */
  dir: string;
  module: string;
  /** Why it was taken, e.g. "uninstall", "upgrade 1.2.0 drops columns", "manual". */
  reason: string;
  /** Folder name and id; default <module>-<UTC timestamp>-<random>. */
  id?: string;
  /** Where the module's schema stands (lifecycle backups): lets a later restore follow renames. */
  schemaState?: BackupSchemaState;
}

/** A backup id that sorts by time within a module: crm-20260101T120000123Z-1a2b3c. */
export function newBackupId(module: string, at = new Date()): string {
  return `${module}-${at.toISOString().replace(/[-:.]/g, '')}-${randomBytes(3).toString('hex')}`;
}

/**
 * Backs up tables in PostgreSQL's COPY text format: one <schema>.<table>.copy per table (the
 * non-generated columns, streamed from COPY to the file as the server sends it, with flat memory)
 * and manifest.json (tables in foreign-key order, row counts, columns and types in file order, and
 * the module's schema state when given). Works on a connection or inside a transaction (then the
 * backup sees the transaction's data). On failure the partial folder is removed. Tables are refs
 * or "schema.table" strings. jsonLinesOf() gives a table as JSON lines (downloads).
 */
export async function backupTables(db: SqlExecutor, tables: readonly (TableRef | string)[], options: BackupOptions): Promise<BackupInfo> {
  const createdAt = new Date();
  const id = options.id ?? newBackupId(options.module, createdAt);
  const path = join(options.dir, id);
  await mkdir(path, { recursive: true });
  try {
    const entries: BackupTableEntry[] = [];
    for (const table of await foreignKeyOrder(db, tables.map(toTableRef))) {
      const columns = (await tableColumns(db, table)).filter((c) => !c.generated).map(({ name, type }) => ({ name, type }));
      const file = `${table.schema}.${table.name}.copy`;
      const rows = await db.copyToFile(copyTableOut(table, columns.map((c) => c.name)), join(path, file));
      entries.push({ schema: table.schema, name: table.name, table: tableKey(table), file, format: 'copy', rows, columns });
    }
    const manifest: BackupManifest = {
      format: 'hub-backup', version: 2, id, module: options.module, reason: options.reason, createdAt: createdAt.toISOString(), tables: entries,
      ...(options.schemaState ? { schemaState: options.schemaState } : {}),
    };
    await writeManifest(path, manifest);
    return toBackupInfo(manifest, path);
  } catch (e) {
    await rm(path, { recursive: true, force: true });
    throw e;
  }
}
