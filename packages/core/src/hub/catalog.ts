// The modules the host can see (discovery of the host's package.json and the addons folders) and
// their code (the loader). An operation takes one view and answers everything from it: the
// folders are read once per operation, not once per question.
import type { ModuleLogger } from '@hub/kit';
import { discoverModules, type DiscoveryProblem } from '../discovery/index.js';
import { moduleNotFound } from '../errors.js';
import { DependencyGraph } from '../graph/index.js';
import { ModuleLoader } from '../loader/index.js';
import type { ModuleRow } from '../state/index.js';
import type { DiscoveredModule, LoadedModule } from './types.js';

/** One discovery: the modules found, what was wrong with the others, and loading from them. */
export interface CatalogView {
  modules: Map<string, DiscoveredModule>;
  problems: DiscoveryProblem[];
  /** Throws HUB_MODULE_NOT_FOUND. */
  find(name: string): DiscoveredModule;
  /** Throws HUB_MODULE_NOT_FOUND or HUB_MODULE_LOAD_FAILED. */
  load(name: string): Promise<LoadedModule>;
  /** Installed and enabled modules that load (plus `extra`, which win), dependencies first. */
  loadInstalled(rows: Map<string, ModuleRow>, extra?: LoadedModule[]): Promise<LoadedModule[]>;
}

export class ModuleCatalog {
  readonly loader = new ModuleLoader();

  constructor(private readonly where: { hostDir: string; addonsPaths: string[] }, private readonly logger: ModuleLogger) {}

  async view(): Promise<CatalogView> {
    const { modules: found, problems } = await discoverModules(this.where);
    const modules = new Map(found.map((m) => [m.name, m]));
    const find = (name: string) => {
      const info = modules.get(name);
      if (!info) throw moduleNotFound(name);
      return info;
    };
    return {
      modules, problems, find,
      load: async (name) => this.loader.load(find(name)),
      loadInstalled: (rows, extra = []) => this.loadInstalled(modules, rows, extra),
    };
  }

  private async loadInstalled(modules: Map<string, DiscoveredModule>, rows: Map<string, ModuleRow>, extra: LoadedModule[]): Promise<LoadedModule[]> {
    const byName = new Map(extra.map((l) => [l.info.name, l]));
    for (const row of rows.values()) {
      if (row.state !== 'installed' || !row.enabled || byName.has(row.name)) continue;
      const info = modules.get(row.name);
      if (!info) continue;
      try {
        byName.set(row.name, await this.loader.load(info));
      } catch (error) {
        // One broken module does not take the others down; it shows as loadError in list().
        this.logger.error(`Module "${row.name}" is installed but cannot be loaded: ${(error as Error).message}`);
      }
    }
    const graph = DependencyGraph.fromModules([...byName.values()].map((l) => ({ name: l.info.name, depends: l.info.depends })));
    let order: string[];
    try { order = graph.order(); } catch { order = graph.names(); }
    return order.map((n) => byName.get(n)!);
  }
}
