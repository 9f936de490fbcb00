import { HubError, readModuleConfig, type HookContext, type ModuleContext, type ModuleLogger } from '@hub/kit';
import type { SqlExecutor } from '../db/types.js';
import type { LoadedModule } from '../hub/types.js';
import { prefixLogger } from './prefixLogger.js';

export interface ModuleRuntimeOptions {
  /** Pool (runtime) or transaction (lifecycle hooks): every context's db is built on it. */
  executor: SqlExecutor;
  /** The executor a module's context runs on (its database role); `executor` when not given. */
  executorOf?: (name: string) => SqlExecutor;
  /** Modules reachable through ctx.module(), in dependency order (dependencies first). */
  modules: LoadedModule[];
  env: Record<string, string | undefined>;
  logger: ModuleLogger;
}

/**
 * Contexts and services of a set of modules over one executor. Services are built lazily, once,
 * with the `wraps` of the other modules of the set applied in dependency order.
 */
export class ModuleRuntime {
  private readonly byName = new Map<string, LoadedModule>();
  private readonly order: string[];
  private readonly services = new Map<string, unknown>();
  private readonly configs = new Map<string, Record<string, unknown>>();
  private readonly building = new Set<string>();

  constructor(private readonly options: ModuleRuntimeOptions) {
    for (const m of options.modules) this.byName.set(m.definition.name, m);
    this.order = options.modules.map((m) => m.definition.name);
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  config(name: string): Record<string, unknown> {
    let config = this.configs.get(name);
    if (!config) {
      config = readModuleConfig(this.get(name).definition, this.options.env);
      this.configs.set(name, config);
    }
    return config;
  }

  context(name: string): ModuleContext {
    const loaded = this.get(name);
    const runtime = this;
    return {
      name,
      version: loaded.info.version,
      db: (this.options.executorOf?.(name) ?? this.options.executor).drizzle((loaded.definition.schema ?? {}) as Record<string, unknown>),
      config: this.config(name),
      logger: prefixLogger(this.options.logger, name),
      module(dep: string) {
        runtime.checkReach(name, dep);
        return runtime.servicesOf(dep) as never;
      },
    };
  }

  hookContext(name: string, versions: { fromVersion?: string; toVersion: string }): HookContext {
    return { ...this.context(name), fromVersion: versions.fromVersion, toVersion: versions.toVersion };
  }

  servicesOf<T = unknown>(name: string): T {
    if (this.services.has(name)) return this.services.get(name) as T;
    const loaded = this.get(name);
    if (this.building.has(name)) {
      throw new HubError('HUB_SERVICES_CYCLE', `Services of module "${name}" are being built when they are asked for again`, {
        module: name, status: 500, hint: 'Call ctx.module() inside service functions, not while building the services object.',
      });
    }
    this.building.add(name);
    try {
      const base = (loaded.definition.services?.(this.context(name)) ?? {}) as Record<string, unknown>;
      const services: Record<string, unknown> = { ...base };
      for (const other of this.order) {
        const wrappers = this.byName.get(other)!.definition.wraps?.[name];
        if (!wrappers || other === name) continue;
        for (const [fn, wrap] of Object.entries(wrappers)) {
          const original = services[fn];
          if (typeof original !== 'function') {
            throw new HubError('HUB_WRAP_TARGET_MISSING', `Module "${other}" wraps ${name}.${fn}, which is not a service function of "${name}"`, {
              module: other, status: 500, hint: `Wrap one of: ${Object.keys(base).filter((k) => typeof base[k] === 'function').join(', ') || '(none)'}.`,
            });
          }
          services[fn] = wrap(original as (...args: unknown[]) => unknown, this.context(other));
        }
      }
      this.services.set(name, services);
      return services as T;
    } finally {
      this.building.delete(name);
    }
  }

  /** A module reaches itself, base, and what it depends on (transitively); anything else is a missing declaration. */
  checkReach(from: string, to: string): void {
    if (to === from || to === 'base') return;
    const seen = new Set<string>();
    const stack = [...(this.byName.get(from)?.info.depends ?? [])];
    while (stack.length) {
      const n = stack.pop()!;
      if (n === to) return;
      if (seen.has(n)) continue;
      seen.add(n);
      stack.push(...(this.byName.get(n)?.info.depends ?? []));
    }
    throw new HubError('HUB_NOT_A_DEPENDENCY', `Module "${from}" asked for the services of "${to}", which it does not depend on`, {
      module: from, status: 500, hint: `Add @hub/module-${to.replace(/_/g, '-')} to the dependencies in ${from}'s package.json.`,
    });
  }

  private get(name: string): LoadedModule {
    const loaded = this.byName.get(name);
    if (!loaded) {
      throw new HubError('HUB_NOT_INSTALLED', `Module "${name}" is not installed and enabled, so its services are not available`, {
        module: name, status: 409, hint: `Install "${name}" and declare it as a dependency of the module that uses it.`,
      });
    }
    return loaded;
  }
}
