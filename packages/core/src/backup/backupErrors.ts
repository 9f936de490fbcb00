// Errors of restores that meet a schema that moved on since the backup.
import { HubError } from '@hub/kit';

export const BackupErrorCodes = {
  BACKUP_UNMAPPED: 'HUB_BACKUP_UNMAPPED',
  BACKUP_RESTORE_REFERENCED: 'HUB_BACKUP_RESTORE_REFERENCED',
} as const;

/** Backed-up columns (or whole tables) that have no place in the current schema. */
export const backupUnmapped = (backupId: string, columns: string[], module?: string) =>
  new HubError(BackupErrorCodes.BACKUP_UNMAPPED,
    `Backup "${backupId}" holds values the current schema has no column for: ${columns.join(', ')}. Restoring it would lose them.`,
    {
      status: 409, module, details: { columns },
      hint: 'Upgrade or roll back the module to a schema that has these columns, or restore with acceptUnmapped (--accept-unmapped) to leave them out.',
    });

/** A restore would delete rows (not in the backup) that rows of another table still reference. */
export const restoreReferenced = (table: string, cause: unknown, module?: string) =>
  new HubError(BackupErrorCodes.BACKUP_RESTORE_REFERENCED,
    `Restore of ${table} would remove rows that other rows still reference: ${(cause as Error)?.message ?? String(cause)}.`,
    {
      status: 409, module, cause,
      hint: 'Delete or re-point the referencing rows first (or restore the referencing module\'s backup too), then retry; nothing was changed.',
    });
