// Keeps the dispatcher in step with the database: every installed and enabled module whose code
// loads is mounted; others are not. Runs at start and after every change (local or remote).
import type { Router } from 'express';
import type { Logger } from 'pino';
import { readHostSwitch, type HubModule, type ModuleContext } from '@hub/kit';
import { DependencyGraph, versionSkew, type DiscoveredModule, type Hub, type HubChangeEvent, type LoadedModule, type ModuleInfo, type VersionSkew } from '@hub/core';
import type { Dispatcher, MountedModule } from './Dispatcher.js';
import type { ModuleMetrics } from '../metrics/ModuleMetrics.js';
import { defaultPrefix, prefixProblem } from './prefixes.js';
import { readableRouter, routerFacts } from './routeAccess.js';
import { undeclaredPermission } from './permissionRules.js';

export interface MountProblem {
  code: string;
  message: string;
}

export interface Readiness {
  /** The version the database has. */
  version: string;
  mounted: boolean;
  /** The version of this instance's code, when it differs (served after a compatible upgrade, fenced otherwise). */
  codeVersion?: string;
  problem?: MountProblem;
}

interface Built {
  version: string;
  /** sha256 of the entry file it was built from. */
  codeHash: string;
  info: DiscoveredModule;
  definition: HubModule;
  context: ModuleContext;
  router?: Router;
}

export interface MountedDetails {
  mounted: MountedModule;
  definition: HubModule;
  info: DiscoveredModule;
  codeHash: string;
}

export interface MounterOptions {
  /**
   * Development (`hub dev`): a module whose code changed on disk with the same version is built
   * again at the next refresh. Otherwise the mounted code stays until an operation on the module
   * (or a restart), and details() says the code on disk differs.
   */
  reloadChangedCode?: boolean;
}

export class ModuleMounter {
  private readonly built = new Map<string, Built>();
  private readonly problems = new Map<string, MountProblem>();
  private queue: Promise<void> = Promise.resolve();
  /** How many refreshes were asked for so far. */
  requested = 0;
  private listeners = new Set<() => void>();
  /** Installed modules that wrap others' services, as of the last refresh. */
  private wrapSignature = '';
  /** Problems reported from outside (a failed build in `hub dev`), until the module mounts new code. */
  private readonly reported = new Map<string, MountProblem>();
  /** Generation of the module state (hub.state) the mounted set was read at. */
  servedGeneration = 0;

  constructor(
    private readonly hub: Hub,
    private readonly dispatcher: Dispatcher,
    private readonly metrics: ModuleMetrics,
    private readonly logger: Logger,
    private readonly env: Record<string, string | undefined>,
    private readonly options: MounterOptions = {},
  ) {}

  /**
   * Why a module is not mounted although it is installed and enabled (its import or its routes
   * failed), or why its newest code is not (the previous good code keeps serving then).
   */
  problem(name: string): MountProblem | undefined {
    return this.reported.get(name) ?? this.problems.get(name);
  }

  /** Records (or clears, with undefined) a problem found outside the mounter, e.g. a failed build. */
  report(name: string, problem: MountProblem | undefined): void {
    if (problem) this.reported.set(name, problem); else this.reported.delete(name);
  }

  details(name: string): MountedDetails | undefined {
    const mounted = this.dispatcher.get(name);
    const built = this.built.get(name);
    return mounted && built ? { mounted, definition: built.definition, info: built.info, codeHash: built.codeHash } : undefined;
  }

  /** Loaded definition of a mounted module. */
  definition(name: string): HubModule | undefined {
    return this.built.get(name)?.definition;
  }

  /** Mounted modules that depend on any of `names`, directly or through others (their routes reach those modules' services). */
  dependents(names: Iterable<string>): string[] {
    const graph = DependencyGraph.fromModules([...this.built.values()].map((b) => ({ name: b.info.name, depends: b.info.depends })));
    const start = new Set(names);
    const out = new Set([...start].flatMap((name) => graph.dependentsOf(name, { transitive: true })));
    return [...out].filter((name) => !start.has(name)).sort();
  }

  /** Called after each refresh (the OpenAPI cache listens). */
  onRefresh(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Re-reads the installed modules and swaps the dispatcher's table. `changed` modules get a new
   * router even if their version did not change. Refreshes run one after the other.
   */
  refresh(changed: string[] = []): Promise<void> {
    return this.enqueue(() => this.rebuild(new Set(changed)));
  }

  /**
   * Follows one change of the module state, as cheaply as it allows: a drain change only swaps the
   * set of draining modules; a committed uninstall or disable takes its modules out of service at
   * once (what the database says now), before the full refresh that follows; anything else is a
   * refresh of the modules it names.
   */
  follow(event: HubChangeEvent): Promise<void> {
    if ((event.action === 'drain' || event.action === 'undrain') && event.generation !== undefined) {
      const generation = event.generation;
      return this.enqueue(async () => {
        // Only when nothing else changed since the mounted set was read: otherwise all is re-read.
        if (generation !== this.servedGeneration + 1) return this.rebuild(new Set(event.modules));
        this.dispatcher.setDraining((await this.hub.drained?.()) ?? new Set<string>());
        this.servedGeneration = generation;
        for (const l of this.listeners) l();
      });
    }
    if ((event.action === 'uninstall' || event.action === 'disable') && event.modules.length) this.dispatcher.unmount(new Set(event.modules));
    return this.refresh(event.modules);
  }

  private enqueue(work: () => Promise<void>): Promise<void> {
    this.requested++;
    const run = this.queue.then(work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Imports, in the background, the code of discovered modules that are not installed, so that
   * when another instance installs one, mounting it here does not wait for its first import.
   */
  async warm(): Promise<void> {
    for (const m of await this.hub.list()) {
      if (m.state === 'installed') continue;
      await new Promise((r) => setImmediate(r));
      try { await this.hub.load(m.name, m); } catch { /* reported when it is installed */ }
    }
  }

  /** Resolves when the refreshes asked for so far are done. */
  settled(): Promise<void> {
    return this.queue;
  }

  /**
   * Every installed and enabled module with whether it is mounted here and, if not, why; with the
   * version of the code this instance has when it differs from the database's (`version`).
   */
  readiness(): Record<string, Readiness> {
    const out: Record<string, Readiness> = {};
    const withCode = (name: string, r: Readiness): Readiness => {
      const code = this.codeVersions.get(name);
      return code !== undefined && code !== r.version ? { ...r, codeVersion: code } : r;
    };
    for (const m of this.dispatcher.modules()) out[m.name] = withCode(m.name, { version: m.version, mounted: true });
    for (const [name, problem] of this.problems) if (!out[name]) out[name] = withCode(name, { version: this.wantedVersions.get(name) ?? '', mounted: false, problem });
    return out;
  }

  private wantedVersions = new Map<string, string>();
  private fencedBefore = new Set<string>();
  /** Version of the code on this instance of each installed module, as of the last refresh. */
  private codeVersions = new Map<string, string>();

  /** Why this instance's code of an installed module may not serve the database's version, if so. */
  private async skewOf(info: ModuleInfo): Promise<VersionSkew | undefined> {
    const database = info.installedVersion;
    // An uploaded module runs the code the database recorded with its install, whatever was uploaded since.
    if (info.source === 'upload') return undefined;
    if (database === undefined || info.version === database || !this.hub.compatibleFrom) return undefined;
    return versionSkew(info.name, info.version, database, await this.hub.compatibleFrom(info.name, database));
  }

  /** One discovery for the whole remount: the list, the code and the contexts see the same modules. */
  private rebuild(changed: Set<string>): Promise<void> {
    return this.hub.withOneView ? this.hub.withOneView(() => this.remount(changed)) : this.remount(changed);
  }

  private async remount(changed: Set<string>): Promise<void> {
    // Read before the rows: a change committed in between only makes the next check refresh again.
    const generation = (await this.hub.generation?.()) ?? 0;
    const [drainedNow, listed] = await Promise.all([this.hub.drained?.(), this.hub.list({ installedOnly: true })]);
    const drained = drainedNow ?? new Set<string>();
    const infos = listed.filter((m) => m.state === 'installed' && m.enabled);
    const order = await this.order(infos);
    const wanted = new Set(order.map((m) => m.name));
    const { code, failures } = await this.loadAll(order);
    this.wantedVersions = new Map(order.map((m) => [m.name, m.installedVersion ?? m.version]));
    this.codeVersions = new Map(order.map((m) => [m.name, m.version]));
    const fenced: MountedModule[] = [];
    // Routers reach services through the contexts they were built with: when the set of modules
    // wrapping services changes (one installed, upgraded, disabled, uninstalled), every router is
    // built again so that the new chain of wrappers applies at once.
    const signature = this.wrapperSignature(order, code);
    // In development, new code of one module builds every router again: the others reach its
    // services through contexts of the runtime built on the old code.
    const newCodeSomewhere = this.options.reloadChangedCode === true && order.some((m) => {
      const built = this.built.get(m.name);
      return built !== undefined && code.has(m.name) && code.get(m.name)!.codeHash !== built.codeHash;
    });
    const rebuildAll = signature !== this.wrapSignature || newCodeSomewhere;
    this.wrapSignature = signature;
    for (const name of [...this.built.keys()]) if (!wanted.has(name)) this.built.delete(name);
    for (const name of [...this.problems.keys()]) if (!wanted.has(name) || changed.has(name)) this.problems.delete(name);

    const loaded: Built[] = [];
    // Built again in this pass: a module that depends on one of them
    // reaches its services through the context its router was built with, whose executor may be
    // closed now (an install, rollback or uninstall ends the module's role connections), so it is
    // built again too. `order` puts dependencies first.
    const renewed = new Set<string>();
    for (const info of order) {
      const version = info.installedVersion ?? info.version;
      const previous = this.built.get(info.name);
      const newCode = code.get(info.name);
      const stale = previous !== undefined && newCode !== undefined && newCode.codeHash !== previous.codeHash;
      const failure = failures.get(info.name);
      const skew = await this.skewOf(info);
      if (skew) {
        // Fenced: its prefix answers 503 HUB_MODULE_VERSION_SKEW until the code matches.
        this.built.delete(info.name);
        this.problems.set(info.name, { code: skew.code, message: skew.message });
        const prefix = newCode?.definition.apiPrefix ?? defaultPrefix(info.name);
        fenced.push({
          name: info.name, version, prefix, tags: [info.name], overrides: [], stats: this.metrics.forModule(info.name), readOnly: false, dryRun: false,
          fence: { message: skew.message, codeVersion: skew.codeVersion, databaseVersion: skew.databaseVersion },
        });
        if (!this.fencedBefore.has(info.name)) this.logger.warn({ module: info.name }, skew.message);
        continue;
      }
      const dev = this.options.reloadChangedCode === true;
      if (dev && failure && previous && previous.version === version) {
        // Its code on disk fails to load now: the code mounted before keeps serving, the error is shown.
        this.problems.set(info.name, failure);
        loaded.push(previous);
        continue;
      }
      const dependencyRenewed = info.depends.some((d) => renewed.has(d));
      const keep = previous && previous.version === version && !rebuildAll && !changed.has(info.name) && !dependencyRenewed && (!stale || !this.options.reloadChangedCode);
      if (keep) { loaded.push(previous); continue; }
      renewed.add(info.name);
      try {
        const built = await this.build(info, version);
        this.built.set(info.name, built);
        this.problems.delete(info.name);
        if (built.codeHash === newCode?.codeHash) this.reported.delete(info.name);
        loaded.push(built);
      } catch (err) {
        const e = err as { code?: string; message?: string };
        const problem = { code: e.code ?? 'HUB_MODULE_MOUNT_FAILED', message: e.message ?? String(err) };
        this.problems.set(info.name, problem);
        // In development the same version's previous good code keeps serving while the new one fails.
        if (dev && previous && previous.version === version) {
          this.logger.error({ module: info.name, err }, `module "${info.name}": its new code failed, the previous code keeps serving: ${problem.message}`);
          loaded.push(previous);
        } else {
          this.built.delete(info.name);
          this.logger.error({ module: info.name, err }, `module "${info.name}" is not mounted: ${problem.message}`);
        }
      }
    }

    const mounted: MountedModule[] = [];
    const prefixes = new Map<string, string>();
    // Who declares which permission, among the modules mounted now: a route may name only those.
    const declared = new Map(loaded.map((b) => [b.definition.name, new Set(b.definition.permissions ?? [])]));
    for (const b of loaded) {
      const name = b.definition.name;
      const routeProblem = b.router ? routerProblem(name, b.router, declared) : undefined;
      if (routeProblem) {
        this.problems.set(name, routeProblem);
        this.logger.error({ module: name }, `module "${name}" is not mounted: ${routeProblem.message}`);
        continue;
      }
      const prefix = b.definition.apiPrefix ?? defaultPrefix(name);
      const problem = prefixProblem(name, prefix, prefixes);
      if (problem) {
        this.problems.set(name, { code: 'HUB_ROUTE_CONFLICT', message: problem });
        this.logger.error({ module: name }, `module "${name}" is not mounted: ${problem}`);
        continue;
      }
      prefixes.set(prefix, name);
      mounted.push({
        name, version: b.version, prefix, tags: b.definition.tags?.length ? [...b.definition.tags] : [name],
        router: b.router, overrides: [], stats: this.metrics.forModule(name),
        readOnly: readHostSwitch(name, 'READ_ONLY', this.env), dryRun: readHostSwitch(name, 'DRY_RUN', this.env),
      });
    }
    // Overrides: routers of module X for module Y, tried before Y's own. Like service wrappers
    // (whose outermost is the most dependent module), a module's override is tried before the
    // overrides of the modules it depends on: the most derived module answers first (Odoo's order).
    const byName = new Map(mounted.map((m) => [m.name, m]));
    for (const b of loaded) {
      const from = b.definition.name;
      if (!byName.has(from)) continue;
      for (const [target, factory] of Object.entries(b.definition.overrides ?? {})) {
        const m = byName.get(target);
        if (!m || typeof factory !== 'function') continue;
        try {
          const router = factory(b.context);
          const problem = routerProblem(from, router, declared);
          if (problem) {
            this.problems.set(from, problem);
            this.logger.error({ module: from }, `override of "${target}" by "${from}" is not mounted: ${problem.message}`);
            continue;
          }
          m.overrides.unshift({ module: from, router });
        } catch (err) {
          this.logger.error({ module: from, err }, `override of "${target}" by "${from}" failed to build; skipped`);
        }
      }
    }
    for (const m of mounted) {
      const facts = [...m.overrides.map((o) => o.router), ...(m.router ? [m.router] : [])].map(routerFacts);
      m.namesPermissions = facts.some((f) => f.permissions.length > 0);
      m.hasPublicRoutes = facts.some((f) => f.anyPublic);
    }
    this.fencedBefore = new Set(fenced.map((f) => f.name));
    // Fenced prefixes first: a mounted module with the same prefix wins the table.
    this.dispatcher.setModules([...fenced.filter((f) => !prefixes.has(f.prefix)), ...mounted], drained);
    this.servedGeneration = Math.max(this.servedGeneration, generation);
    for (const l of this.listeners) l();
  }

  private async build(info: ModuleInfo, version: string): Promise<Built> {
    const { definition, codeHash } = await this.hub.load(info.name, info);
    const context = await this.hub.context(info.name);
    const router = definition.routes ? definition.routes(context) : undefined;
    return { version, codeHash, info, definition, context, router };
  }

  /** The code of each module as it is on disk now, and why the code of others does not load. */
  private async loadAll(order: ModuleInfo[]): Promise<{ code: Map<string, LoadedModule>; failures: Map<string, MountProblem> }> {
    const code = new Map<string, LoadedModule>();
    const failures = new Map<string, MountProblem>();
    // All at once: each load reads the module folders and hashes an entry file.
    await Promise.all(order.map(async (info) => {
      try { code.set(info.name, await this.hub.load(info.name, info)); } catch (err) {
        const e = err as { code?: string; message?: string };
        failures.set(info.name, { code: e.code ?? 'HUB_MODULE_LOAD_FAILED', message: e.message ?? String(err) });
      }
    }));
    return { code, failures };
  }

  private wrapperSignature(order: ModuleInfo[], code: Map<string, LoadedModule>): string {
    const wrappers: string[] = [];
    for (const info of order) {
      const loaded = code.get(info.name);
      if (loaded && Object.keys(loaded.definition.wraps ?? {}).length) {
        // Its code counts where new code is mounted at once: a rebuilt wrapper applies everywhere.
        const hash = this.options.reloadChangedCode ? `#${loaded.codeHash}` : '';
        wrappers.push(`${info.name}@${info.installedVersion ?? info.version}${hash}`);
      }
    }
    return wrappers.join(',');
  }

  /** Installed modules in dependency order (dependencies first), then by name. */
  private async order(infos: ModuleInfo[]): Promise<ModuleInfo[]> {
    const byName = new Map(infos.map((m) => [m.name, m]));
    const out: ModuleInfo[] = [];
    const state = new Map<string, 'visiting' | 'done'>();
    const visit = (m: ModuleInfo) => {
      if (state.get(m.name)) return; // done, or a cycle (the engine refuses those at install)
      state.set(m.name, 'visiting');
      for (const d of [...m.depends].sort()) { const dep = byName.get(d); if (dep) visit(dep); }
      state.set(m.name, 'done');
      out.push(m);
    };
    for (const m of [...infos].sort((a, b) => a.name.localeCompare(b.name))) visit(m);
    return out;
  }
}

/** Why a module's router cannot be served: a route names a permission nobody declared, or the router is not one the host can read. */
function routerProblem(module: string, router: Router, declared: Map<string, Set<string>>): MountProblem | undefined {
  if (!readableRouter(router)) {
    return { code: 'HUB_ROUTER_UNREADABLE', message: `The routes of "${module}" are not an Express 5 router the host can check (use Router() from @hub/kit)` };
  }
  for (const { permission, route } of routerFacts(router).permissions) {
    const problem = undeclaredPermission(module, permission, route, declared);
    if (problem) return problem;
  }
  return undefined;
}
