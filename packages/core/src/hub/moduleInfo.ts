// What list() and get() show of a module: the discovered package joined with its state row.
// Also used by @hub/core/list-snapshot (listFromSnapshot.ts), which must stay light: types and semver only.
import semver from 'semver';
import type { ModuleRow } from '../state/index.js';
import type { DiscoveredModule, ModuleFilter, ModuleInfo } from './types.js';

type LoadFailure = ModuleInfo['loadError'];
/** The part of a state row that list shows (what the list snapshot keeps). */
export type ListedRow = Pick<ModuleRow, 'name' | 'version' | 'state' | 'enabled' | 'installedAt'>;

/** Every discovered module, plus the rows whose package is gone, filtered and sorted by name. */
export function moduleInfos(
  modules: Map<string, DiscoveredModule>, rows: Map<string, ListedRow>, failure: (name: string) => LoadFailure, filter: ModuleFilter = {},
): ModuleInfo[] {
  const dependents = new Map<string, string[]>();
  for (const m of modules.values()) for (const d of m.depends) dependents.set(d, [...(dependents.get(d) ?? []), m.name]);
  const search = filter.search?.toLowerCase();
  const infos = [...modules.values()].map((m) => moduleInfo(m, rows.get(m.name), dependents.get(m.name) ?? [], failure(m.name)));
  // Installed (or uninstalled with kept data) but no longer discovered: shown, so they can be uninstalled.
  for (const row of rows.values()) if (!modules.has(row.name)) infos.push(orphanInfo(row, dependents.get(row.name) ?? []));
  return infos
    .filter((m) => (!filter.installedOnly || m.state === 'installed')
      && (!filter.applicationOnly || m.application)
      && (!filter.category || m.category === filter.category)
      && (!search || [m.name, m.summary, m.description, m.packageName].some((s) => s?.toLowerCase().includes(search))))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function moduleInfo(m: DiscoveredModule, row: ListedRow | undefined, dependents: string[], loadError: LoadFailure): ModuleInfo {
  const state = row?.state ?? 'available';
  return {
    ...m,
    state,
    enabled: state === 'installed' && row!.enabled,
    ...(row ? { installedVersion: row.version, installedAt: row.installedAt } : {}),
    upgradable: state === 'installed' && !!semver.valid(m.version) && !!semver.valid(row!.version) && semver.gt(m.version, row!.version),
    ...(loadError ? { loadError } : {}),
    dependents: [...dependents].sort(),
  };
}

function orphanInfo(row: ListedRow, dependents: string[]): ModuleInfo {
  return {
    name: row.name, packageName: '', version: row.version, application: false, autoInstall: false, depends: [], entry: '', dir: '',
    source: 'dependency', state: row.state, enabled: row.state === 'installed' && row.enabled, installedVersion: row.version,
    installedAt: row.installedAt, upgradable: false, dependents: [...dependents].sort(),
    loadError: { code: 'HUB_MODULE_NOT_FOUND', message: `Module "${row.name}" is ${row.state} in the database but its package is no longer found.` },
  };
}
