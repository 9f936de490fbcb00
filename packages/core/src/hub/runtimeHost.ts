// The modules running in this process: one ModuleRuntime over the installed and enabled modules,
// built on first use and again after any change (here or on another instance) or new code, and
// the per-module role executors their routes and services run on.
import type { ModuleLogger } from '@hub/kit';
import type { Database, RoleExecutor } from '../db/types.js';
import { moduleDisabled, notInstalled } from '../lifecycle/lifecycleErrors.js';
import { checkModuleStatement, moduleRole, permissionDenied } from '../roles/index.js';
import { ModuleRuntime } from '../runtime/index.js';
import { readModuleRows } from '../state/index.js';
import type { ModuleCatalog } from './catalog.js';

export interface RuntimeHostOptions {
  db: Database;
  catalog: ModuleCatalog;
  env: Record<string, string | undefined>;
  logger: ModuleLogger;
  /** Prefix of this database's module roles; undefined when module roles are off. */
  rolePrefix(): string | undefined;
}

export class RuntimeHost {
  private runtime?: Promise<ModuleRuntime>;
  /** The loader's generation the runtime was built at: new code of any module builds it again. */
  private runtimeGeneration = -1;
  /** Run-time executors of module roles, one per module (own pools on PostgreSQL). */
  private readonly roleExecutors = new Map<string, RoleExecutor>();

  constructor(private readonly o: RuntimeHostOptions) {}

  /** The module state changed: the next use builds the runtime again. */
  invalidate(): void {
    this.runtime = undefined;
  }

  /** The runtime that holds `name`; throws HUB_MODULE_DISABLED, HUB_MODULE_LOAD_FAILED or HUB_NOT_INSTALLED. */
  async runtimeOf(name: string): Promise<ModuleRuntime> {
    const runtime = await this.current();
    if (runtime.has(name)) return runtime;
    const row = (await readModuleRows(this.o.db)).get(name);
    if (row?.state === 'installed' && !row.enabled) throw moduleDisabled(name);
    if (row?.state === 'installed') await (await this.o.catalog.view()).loadInstalledCode(name, row); // throws HUB_MODULE_LOAD_FAILED with the reason
    throw notInstalled(name, 'used');
  }

  private current(): Promise<ModuleRuntime> {
    const loader = this.o.catalog.loader;
    if (this.runtime && this.runtimeGeneration !== loader.generation) this.runtime = undefined;
    if (!this.runtime) {
      this.runtimeGeneration = loader.generation;
      this.runtime = (async () => {
        const [view, rows] = await Promise.all([this.o.catalog.view(), readModuleRows(this.o.db)]);
        const loaded = await view.loadInstalled(rows);
        this.runtimeGeneration = loader.generation;
        const prefix = this.o.rolePrefix();
        return new ModuleRuntime({
          executor: this.o.db, modules: loaded, env: this.o.env, logger: this.o.logger,
          executorOf: prefix === undefined ? undefined : (module) => this.roleExecutor(prefix, module),
        });
      })();
      this.runtime.catch(() => { this.runtime = undefined; });
    }
    return this.runtime;
  }

  /** The executor a module's routes and services run on: its own role. */
  private roleExecutor(prefix: string, name: string): RoleExecutor {
    let executor = this.roleExecutors.get(name);
    if (!executor) {
      executor = this.o.db.forRole({
        role: moduleRole(prefix, name),
        check: (text) => checkModuleStatement(name, text),
        mapError: (error, text) => permissionDenied(name, error, text),
      });
      this.roleExecutors.set(name, executor);
    }
    return executor;
  }

  /** Closes the role executors of changed modules: their role may have been dropped and created again. */
  closeRoleExecutors(modules: string[]): void {
    for (const name of modules) {
      const executor = this.roleExecutors.get(name);
      if (!executor) continue;
      this.roleExecutors.delete(name);
      executor.close().catch((error) => this.o.logger.warn(`Closing the connections of module "${name}" failed: ${(error as Error).message}`));
    }
  }

  async close(): Promise<void> {
    for (const [name, executor] of [...this.roleExecutors]) {
      this.roleExecutors.delete(name);
      await executor.close().catch(() => {});
    }
  }
}
