// The back-office calls (every backup, settings, operations), one small function each, on
// @hub/api's typed client.
import type { AdminClient } from './client';
import { started } from './hub';
import type { BackupRow, Operation } from './types';

export type { BackupRow, ModuleSettings } from './types';
/** An operation as GET /operations lists it. */
export type OperationRow = Operation;

export function createBackofficeApi(client: AdminClient) {
  const { hub } = client;
  const at = (b: BackupRow) => ({ module: b.module, id: b.id });
  return {
    backups: (module?: string) => hub.call('allBackups', { query: { module } }).then((r) => r.items),
    restorePlan: (b: BackupRow) => hub.call('restorePlan', { params: at(b) }),
    restore: (b: BackupRow, planHash: string) =>
      hub.call('restoreBackup', { params: { name: b.module, id: b.id }, body: { plan_hash: planHash, async: true } }).then(started),
    deleteBackup: (b: BackupRow) => hub.call('deleteBackup', { params: at(b) }),
    download: (b: BackupRow) => hub.raw('downloadBackup', { params: { name: b.module, id: b.id } }),
    settings: () => hub.call('settings').then((r) => r.items),
    operations: () => hub.call('listOperations').then((r) => r.items),
    operation: (id: string) => hub.call('getOperation', { params: { id } }),
  };
}

export type BackofficeApi = ReturnType<typeof createBackofficeApi>;

/** Saves a response body as a file, named as the server says. */
export async function saveResponse(res: Response, fallback: string) {
  const blob = await res.blob();
  const fileName = /filename="?([^";]+)"?/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? fallback;
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

export const bytes = (n: number | null) =>
  n === null ? '—' : n < 1024 ? `${n} B` : n < 1024 ** 2 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 1024 ** 2).toFixed(1)} MiB`;
