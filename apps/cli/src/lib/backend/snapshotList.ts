// `hub module list` on an embedded database that no process has open is answered from the state
// snapshot the hub leaves next to it when it closes it (@hub/core/list-snapshot), without starting
// PGlite. Whenever that cannot be trusted (a server holds the database, no snapshot, a stale one,
// a host engine without the entry) this answers undefined and the command opens the hub as before.
import { existsSync } from 'node:fs';
import { lockDataDir } from '../dataLock.js';
import type { Settings } from '../settings.js';
import { importSubpathFromHost } from '../importFromHost.js';
import { runningServer } from './runningServer.js';
import type { ModuleFilter, ModuleInfo } from './types.js';

type SnapshotEntry = typeof import('@hub/core/list-snapshot');

export async function listWithoutOpening(settings: Settings, filter: ModuleFilter): Promise<ModuleInfo[] | undefined> {
  if (settings.url || settings.databaseUrl || !existsSync(settings.dataDir) || runningServer(settings.dataDir)) return undefined;
  const entry = await importSubpathFromHost<SnapshotEntry>('@hub/core', './list-snapshot', settings.hostDir, () => import('@hub/core/list-snapshot'));
  if (typeof entry?.listFromSnapshot !== 'function') return undefined;
  let release: () => void;
  try {
    release = lockDataDir(settings.dataDir); // no process opens the database while the snapshot is read
  } catch {
    return undefined; // the usual path reports who holds it
  }
  try {
    return await entry.listFromSnapshot({ hostDir: settings.hostDir, dataDir: settings.dataDir, addonsPaths: settings.addonsPaths }, filter);
  } finally {
    release();
  }
}
