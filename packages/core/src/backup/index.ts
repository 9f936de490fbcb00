export { backupTables, newBackupId, type BackupOptions } from './backupTables.js';
export { restoreTables, resolveRestore, type RestoreOptions, type RestoreResult, type RestoreTarget } from './restoreTables.js';
export { followRenames, statementsSince, type TableMapping, type MigrationHistoryRow } from './restoreMapping.js';
export { jsonLinesOf, copyLineToJson } from './jsonLines.js';
export { BackupErrorCodes, backupUnmapped, restoreReferenced } from './backupErrors.js';
export { listBackups, readBackup } from './listBackups.js';
export { readManifest, MANIFEST_FILE, type BackupManifest, type BackupTableEntry, type BackupColumn, type BackupSchemaState } from './manifest.js';
export { copyJsonLines, type TableRef as BackupTableRef } from './sql.js';
