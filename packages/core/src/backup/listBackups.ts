import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { BackupInfo } from '../hub/types.js';
import { readManifest, toBackupInfo } from './manifest.js';

/** Reads one backup folder's manifest as a BackupInfo. Throws HUB_BACKUP_NOT_FOUND / HUB_BACKUP_INVALID. */
export async function readBackup(path: string): Promise<BackupInfo> {
  return toBackupInfo(await readManifest(path), path);
}

/** Complete backups under a backups root (folders with a manifest), newest first; optionally one module's. */
export async function listBackups(dir: string, module?: string): Promise<BackupInfo[]> {
  let names: string[];
  try {
    names = (await readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
  } catch {
    return [];
  }
  const infos = await Promise.all(names.map((n) => readBackup(join(dir, n)).catch(() => undefined)));
  return infos
    .filter((b): b is BackupInfo => b !== undefined && (module === undefined || b.module === module))
    .sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : a.id < b.id ? 1 : -1));
}
