import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BackupInfo } from '../hub/types.js';
import { backupInvalid, backupNotFound } from '../errors.js';

export const MANIFEST_FILE = 'manifest.json';

export interface BackupColumn {
  name: string;
  /** format_type() of the column, e.g. "numeric(30,10)". */
  type: string;
}

export interface BackupTableEntry {
  schema: string;
  name: string;
  /** schema.name */
  table: string;
  /** File name inside the backup folder: <schema>.<name>.copy (or .jsonl in version 1). */
  file: string;
  /**
   * How the file is written: "copy" is PostgreSQL's COPY text format of `columns` in that order
   * (version 2); "jsonl" one row_to_json object per line (version 1, and extension-column backups).
   */
  format?: 'copy' | 'jsonl';
  rows: number;
  columns: BackupColumn[];
}

/**
 * Where the module's schema stood when the backup was taken, so a restore into a newer (or older)
 * schema can map columns through the renames applied since.
 */
export interface BackupSchemaState {
  moduleVersion: string;
  /** The module's stored snapshot at that time. */
  snapshot: unknown;
  /** Highest id in hub.migrations of the module at that time (null: none). */
  lastMigration: number | null;
  /** Ids of the module's migrations already rolled back at that time. */
  rolledBack: number[];
}

/** manifest.json: what a backup folder holds. Tables are in foreign-key order (referenced tables first). */
export interface BackupManifest {
  format: 'hub-backup';
  version: 1 | 2;
  id: string;
  module: string;
  reason: string;
  createdAt: string;
  tables: BackupTableEntry[];
  /** Absent in backups taken outside a lifecycle operation (or before it was recorded). */
  schemaState?: BackupSchemaState;
}

/** The format of a table's file: version 1 manifests hold JSON lines only. */
export const fileFormat = (entry: BackupTableEntry): 'copy' | 'jsonl' => entry.format ?? 'jsonl';

export async function writeManifest(dir: string, manifest: BackupManifest): Promise<void> {
  const tmp = join(dir, `${MANIFEST_FILE}.tmp`);
  await writeFile(tmp, JSON.stringify(manifest, null, 2) + '\n');
  await rename(tmp, join(dir, MANIFEST_FILE));
}

/** Reads a backup folder's manifest.json. Throws HUB_BACKUP_NOT_FOUND or HUB_BACKUP_INVALID. */
export async function readManifest(dir: string): Promise<BackupManifest> {
  let text: string;
  try {
    text = await readFile(join(dir, MANIFEST_FILE), 'utf8');
  } catch {
    throw backupNotFound({ path: dir });
  }
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(text) as BackupManifest;
  } catch (e) {
    throw backupInvalid(dir, `manifest.json is not valid JSON (${(e as Error).message})`);
  }
  if (manifest?.format !== 'hub-backup' || !Array.isArray(manifest.tables)) throw backupInvalid(dir, 'manifest.json is not a Hub backup manifest');
  return manifest;
}

export function toBackupInfo(manifest: BackupManifest, path: string): BackupInfo {
  return {
    id: manifest.id,
    module: manifest.module,
    createdAt: manifest.createdAt,
    reason: manifest.reason,
    path,
    tables: manifest.tables.map((t) => ({ table: t.table, rows: t.rows, file: t.file })),
  };
}
