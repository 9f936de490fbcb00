export { backupTables, newBackupId, type BackupOptions } from './backupTables.js';
export { restoreTables, type RestoreOptions, type RestoreResult } from './restoreTables.js';
export { listBackups, readBackup } from './listBackups.js';
export { readManifest, MANIFEST_FILE, type BackupManifest, type BackupTableEntry, type BackupColumn } from './manifest.js';
export { copyJsonLines, type TableRef as BackupTableRef } from './sql.js';
