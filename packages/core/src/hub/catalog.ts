// The modules the host can see (discovery of the host's package.json, the addons folders and the
// uploaded modules of the database) and their code (the loader). An operation takes one view and
// answers everything from it: the folders are read once per operation, not once per question.
import { AsyncLocalStorage } from 'node:async_hooks';
import { join } from 'node:path';
import type { ModuleLogger } from '@hub/kit';
import { ModuleCodeCache, discoverWithUploads, hostPackageDirs, installedCodeOf, linkModules } from '../code/index.js';
import type { SqlExecutor } from '../db/types.js';
import type { DiscoveryProblem } from '../discovery/index.js';
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
  /** The code discovered (what an install or upgrade applies). Throws HUB_MODULE_NOT_FOUND or HUB_MODULE_LOAD_FAILED. */
  load(name: string): Promise<LoadedModule>;
  /** The code an installed module runs (for an uploaded one, the code recorded with its install), else the code discovered. */
  loadInstalledCode(name: string, row: ModuleRow | undefined): Promise<LoadedModule>;
  /** Installed and enabled modules that load (plus `extra`, which win), dependencies first. */
  loadInstalled(rows: Map<string, ModuleRow>, extra?: LoadedModule[]): Promise<LoadedModule[]>;
}

export class ModuleCatalog {
  readonly loader = new ModuleLoader();
  /** Uploaded modules' code, materialized from the database into <dataDir>/modules (see code/). */
  readonly code: ModuleCodeCache;
  private hostPackages?: Map<string, string>;

  constructor(
    private readonly where: { hostDir: string; addonsPaths: string[]; dataDir: string },
    private readonly db: Pick<SqlExecutor, 'query'>,
    private readonly logger: ModuleLogger,
  ) {
    this.code = new ModuleCodeCache(join(where.dataDir, 'modules'), logger);
  }

  /** What the host provides to uploaded modules, found once. */
  private provided(): Map<string, string> {
    return (this.hostPackages ??= hostPackageDirs(this.where.hostDir));
  }

  /** Links what the host provides next to uploaded code (before an upload's code is checked). */
  link(modules: Iterable<DiscoveredModule>): Promise<boolean> {
    return linkModules(this.code, this.provided(), modules);
  }

  /** Views shared by everything a withOneView() callback asks, until it settles. */
  private readonly oneView = new AsyncLocalStorage<{ open: boolean; views: Map<Pick<SqlExecutor, 'query'>, Promise<CatalogView>> }>();

  /** Runs `fn` with one discovery per executor for every view() it asks for. */
  async withOneView<T>(fn: () => Promise<T>): Promise<T> {
    const scope = { open: true, views: new Map<Pick<SqlExecutor, 'query'>, Promise<CatalogView>>() };
    try {
      return await this.oneView.run(scope, fn);
    } finally {
      // Work the callback started and that outlives it (timers inherit the scope) discovers afresh.
      scope.open = false;
    }
  }

  /** The view being made in this turn of the event loop, shared by whoever asks in the same turn. */
  private sameTurn?: { db: Pick<SqlExecutor, 'query'>; view: Promise<CatalogView> };

  /**
   * `db`: the caller's executor (inside a transaction: the embedded database has one session).
   * Calls in one turn of the event loop (a remount loads every installed module at once) share one
   * discovery; a call in a later turn, e.g. after files were written, discovers again.
   */
  view(db: Pick<SqlExecutor, 'query'> = this.db): Promise<CatalogView> {
    const scope = this.oneView.getStore();
    if (scope?.open) {
      let shared = scope.views.get(db);
      if (!shared) {
        shared = this.discover(db);
        scope.views.set(db, shared);
        shared.catch(() => scope.views.delete(db));
      }
      return shared;
    }
    if (this.sameTurn?.db === db) return this.sameTurn.view;
    const view = this.discover(db);
    const turn = { db, view };
    this.sameTurn = turn;
    setImmediate(() => { if (this.sameTurn === turn) this.sameTurn = undefined; });
    return view;
  }

  private async discover(db: Pick<SqlExecutor, 'query'>): Promise<CatalogView> {
    const { modules, problems } = await discoverWithUploads({ hostDir: this.where.hostDir, addonsPaths: this.where.addonsPaths, db, cache: this.code, hostPackages: this.provided() });
    const find = (name: string) => {
      const info = modules.get(name);
      if (!info) throw moduleNotFound(name);
      return info;
    };
    return {
      modules, problems, find,
      load: async (name) => this.loader.load(find(name)),
      loadInstalledCode: async (name, row) => this.loader.load(installedCodeOf(find(name), row)),
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
        byName.set(row.name, await this.loader.load(installedCodeOf(info, row)));
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
