// @hub/core/list-snapshot: `list` answered from the state snapshot the hub leaves next to an
// embedded database it closed (state/listSnapshot.ts), without opening the database. Its imports
// are kept small (discovery and the snapshot file): a one-shot `hub module list` loads this only.
import { join, resolve } from 'node:path';
import { discoverModules } from './discovery/discoverModules.js';
import { moduleInfos } from './hub/moduleInfo.js';
import type { ModuleFilter, ModuleInfo } from './hub/types.js';
import { readListSnapshot } from './state/listSnapshot.js';

export interface ListFromSnapshotOptions {
  /** As createHub: default the current folder. */
  hostDir?: string;
  /** As createHub: default <hostDir>/.hub. */
  dataDir?: string;
  /** As createHub: default [<dataDir>/addons]. */
  addonsPaths?: string[];
}

/**
 * What hub.list(filter) would answer, or undefined when there is no snapshot that still describes
 * the database (then open the hub). The caller keeps other processes from opening the database
 * meanwhile (the CLI holds <dataDir>/data.lock).
 */
export async function listFromSnapshot(options: ListFromSnapshotOptions = {}, filter: ModuleFilter = {}): Promise<ModuleInfo[] | undefined> {
  const hostDir = resolve(options.hostDir ?? process.cwd());
  const dataDir = resolve(hostDir, options.dataDir ?? '.hub');
  const snapshot = readListSnapshot(dataDir);
  if (!snapshot) return undefined;
  const { modules } = await discoverModules({ hostDir, addonsPaths: options.addonsPaths ?? [join(dataDir, 'addons')] });
  return moduleInfos(new Map(modules.map((m) => [m.name, m])), snapshot.rows, () => undefined, filter);
}
