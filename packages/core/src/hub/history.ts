// What happened: migrations and backups, as the state schema records them.
import { rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Database } from '../db/types.js';
import { backupNotFound } from '../errors.js';
import { deleteBackupRow, readMigrations } from '../state/index.js';
import type { MigrationRecord } from './types.js';

export async function migrationRecords(db: Database, name?: string): Promise<MigrationRecord[]> {
  // Only the public fields: the stored snapshots and data-loss flags stay inside the engine.
  return (await readMigrations(db, name)).map(({ id, module, fromVersion, toVersion, up, down, checksum, appliedAt, appliedBy, rolledBackAt, rolledBackBy }) =>
    ({ id, module, fromVersion, toVersion, up, down, checksum, appliedAt, appliedBy, rolledBackAt, rolledBackBy }));
}

/** Deletes a backup's row and its folder. Throws HUB_BACKUP_NOT_FOUND. */
export async function deleteBackup(db: Database, dataDir: string, name: string, id: string): Promise<void> {
  const path = await deleteBackupRow(db, name, id);
  if (path === null) throw backupNotFound({ module: name, id });
  // Only a folder under this hub's backups root is removed, whatever the row says.
  const root = resolve(dataDir, 'backups');
  const dir = resolve(path);
  if (dir.startsWith(`${root}/`)) await rm(dir, { recursive: true, force: true });
}
