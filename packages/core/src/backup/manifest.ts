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
  /** File name inside the backup folder: <schema>.<name>.jsonl */
  file: string;
  rows: number;
  columns: BackupColumn[];
}

/** manifest.json: what a backup folder holds. Tables are in foreign-key order (referenced tables first). */
export interface BackupManifest {
  format: 'hub-backup';
  version: 1;
  id: string;
  module: string;
  reason: string;
  createdAt: string;
  tables: BackupTableEntry[];
}

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
