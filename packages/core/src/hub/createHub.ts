import { randomUUID } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import semver from 'semver';
import { HubError, isHubError, type ModuleContext, type ModuleLogger } from '@hub/kit';
import { openDatabase } from '../db/index.js';
import type { Database, SqlExecutor } from '../db/types.js';
import { discoverModules, type DiscoveryProblem } from '../discovery/index.js';
import { backupNotFound, moduleNotFound } from '../errors.js';
import { DependencyGraph } from '../graph/index.js';
import { buildPlan } from '../lifecycle/buildPlan.js';
import { executePlan } from '../lifecycle/executePlan.js';
import { dataLossRefused, lockTimeout, moduleDisabled, notInstalled, planChanged, planHashTooShort, sqlState } from '../lifecycle/lifecycleErrors.js';
import type { PreparedPlan } from '../lifecycle/types.js';
import { ModuleLoader } from '../loader/index.js';
import { ModuleRuntime, consoleLogger } from '../runtime/index.js';
import { diffSnapshots, moduleSnapshot, renameHintUnknown, unknownRenameHints, type DiffSnapshotsArgs, type SchemaDiff, type Snapshot } from '../schema/index.js';
import { PLAN_HASH_MIN_LENGTH, planHashMatches, sha256 } from '../lifecycle/planHash.js';
import {
  HUB_LOCK_KEY, advanceGeneration, deleteBackupRow, readGeneration, insertDrain, deleteDrain, readDrainedModules, deleteOrphanDrains, insertAudit, migrateState, readAudit, readBackups, readMigrations, readModuleRows, readOwnership, type ModuleRow,
} from '../state/index.js';
import { validateModule } from './validateModule.js';
import { readOpenSteps, runOnlineSteps } from '../online/index.js';
import { ChangeFeed } from './changeFeed.js';
import { extendedSchemasOf, extensionProblems } from '../extensions/index.js';
import { checkModuleStatement, describeAccess, moduleRole, permissionDenied, rolePrefix } from '../roles/index.js';
import { planText } from '../lifecycle/planText.js';
import type { RoleExecutor } from '../db/types.js';
import type {
  ApplyOptions, CreateHubOptions, DiscoveredModule, GraphInfo, Hub, HubChangeEvent, LoadedModule, ModuleFilter, ModuleInfo,
  OperationRequest, OperationResult, Plan, SchemaStatus,
} from './types.js';

/** Channel of the NOTIFY sent after every committed lifecycle change. */
export const HUB_CHANNEL = 'hub_modules';

const DURATION = /^\d+(\.\d+)?\s*(ms|s|min|h)?$/;

function kitVersionOfHost(): string {
  const require = createRequire(import.meta.url);
  return (require('@hub/kit/package.json') as { version: string }).version;
}

/**
 * Opens the host: the database (PGlite in <dataDir>/data or PostgreSQL at databaseUrl), the
 * engine's state schema, and a LISTEN for changes made by other instances.
 */
export async function createHub(options: CreateHubOptions = {}): Promise<Hub> {
  const hostDir = resolve(options.hostDir ?? process.cwd());
  const dataDir = resolve(hostDir, options.dataDir ?? '.hub');
  const resolved = { ...options, hostDir, dataDir, addonsPaths: options.addonsPaths ?? [join(dataDir, 'addons')] };
  for (const [name, value] of [['lockTimeout', options.lockTimeout], ['lockWait', options.lockWait]] as const) {
    if (value !== undefined && !DURATION.test(value)) throw new HubError('HUB_OPTION_INVALID', `${name} "${value}" is not a duration`, { hint: "Use e.g. '5s' or '500ms'." });
  }
  const instanceId = randomUUID();
  let db = options.database;
  const ownsDatabase = !db;
  if (!db) {
    let pgliteDir: string | undefined;
    if (!options.databaseUrl) { pgliteDir = join(dataDir, 'data'); await mkdir(pgliteDir, { recursive: true }); }
    // Each instance names its connections, so an operator (or a test) can tell them apart.
    db = await openDatabase({ url: options.databaseUrl, dataDir: pgliteDir, applicationName: `hub/${instanceId}` });
  }
  try {
    await migrateState(db);
  } catch (error) {
    if (ownsDatabase) await db.close();
    throw error;
  }
  const hub = new HubEngine(db, resolved, ownsDatabase, instanceId);
  try {
    await hub.start();
  } catch (error) {
    if (ownsDatabase) await db.close();
    throw error;
  }
  return hub;
}

class HubEngine implements Hub {
  readonly kitVersion = kitVersionOfHost();
  private readonly loader = new ModuleLoader();
  private readonly snapshots = new Map<string, Promise<Snapshot>>();
  private readonly diffs = new Map<string, Promise<SchemaDiff>>();
  private readonly listeners = new Set<(event: HubChangeEvent) => void>();
  private readonly logger: ModuleLogger;
  private runtime?: Promise<ModuleRuntime>;
  /** The loader's generation the runtime was built at: new code of any module builds it again. */
  private runtimeGeneration = -1;
  private readonly feed: ChangeFeed;
  private closed = false;
  /** Prefix of this database's module roles; undefined when module roles are off. */
  private rolePrefix?: string;
  /** Run-time executors of module roles, one per module (own pools on PostgreSQL). */
  private readonly roleExecutors = new Map<string, RoleExecutor>();

  constructor(
    readonly db: Database,
    readonly options: Required<Pick<CreateHubOptions, 'hostDir' | 'dataDir'>> & CreateHubOptions,
    private readonly ownsDatabase: boolean,
    readonly instanceId: string,
  ) {
    this.logger = options.logger ?? consoleLogger(options.env ?? process.env);
    this.feed = new ChangeFeed({
      db, channel: HUB_CHANNEL, instanceId, logger: this.logger,
      // On PostgreSQL other instances may change the state; the embedded database has one process.
      checkEveryMs: db.kind === 'postgres' ? (options.reconcileEveryMs ?? 250) : 0,
      onEvent: (event) => {
        this.runtime = undefined;
        // Their roles may have been dropped (and made again): their connections start over.
        if (['install', 'uninstall', 'rollback'].includes(event.action)) this.closeRoleExecutors(event.modules ?? []);
        this.emit({ action: event.action as HubChangeEvent['action'], modules: event.modules, origin: event.origin, generation: event.generation });
      },
    });
  }

  async start(): Promise<void> {
    if (this.options.moduleRoles ?? this.env.HUB_MODULE_ROLES !== 'off') this.rolePrefix = await rolePrefix(this.db);
    await this.feed.start();
    // Online steps left by a crash (or failed) are taken up again, in the background.
    void this.runOnline().catch((error) => this.logger.warn(`Online steps could not run: ${(error as Error).message}`));
  }

  private onlineChain: Promise<unknown> = Promise.resolve();

  /** One run at a time in this process (PGlite has one session); other instances are kept off by advisory locks. */
  runOnline(progress?: (message: string) => void): Promise<{ done: number; failed: number; busy: number }> {
    const run = this.onlineChain.catch(() => {}).then(() => (this.closed ? { done: 0, failed: 0, busy: 0 } : runOnlineSteps(this.db, {
      instance: this.instanceId, lockTimeout: this.options.lockWait ?? '60s',
      onStep: (step, phase) => {
        progress?.(`online ${phase}: ${step.sql}`);
        if (phase === 'failed') this.logger.warn(`Online step #${step.id} of "${step.module}" failed (attempt ${step.attempts + 1}): ${step.sql}`);
      },
    })));
    this.onlineChain = run;
    return run;
  }

  /** The generation of the module state in the database now. */
  generation(): Promise<number> {
    return readGeneration(this.db);
  }

  /** Reads the generation now and reconciles if it moved (the periodic check does this by itself). */
  reconcile(): Promise<void> {
    return this.feed.check();
  }

  /** Commits a change of the drains with its generation and NOTIFY, then tells this instance's listeners. */
  private async drainChange(action: 'drain' | 'undrain', modules: string[], write: (tx: SqlExecutor) => Promise<number>): Promise<number> {
    const generation = await this.db.transaction(async (tx) => {
      const g = await write(tx);
      if (g) await tx.query('SELECT pg_notify($1, $2)', [HUB_CHANNEL, JSON.stringify({ action, modules, generation: g, origin: this.instanceId })]);
      return g;
    });
    if (generation) this.feed.local(generation, action, modules);
    return generation;
  }

  drain(id: string, modules: string[]): Promise<number> {
    return this.drainChange('drain', modules, (tx) => insertDrain(tx, { id, owner: this.instanceId, modules }));
  }

  undrain(id: string): Promise<number> {
    return this.drainChange('undrain', [], (tx) => deleteDrain(tx, id));
  }

  drained(): Promise<Set<string>> {
    return readDrainedModules(this.db);
  }

  dropOrphanDrains(aliveForMs: number): Promise<number> {
    return this.drainChange('undrain', [], (tx) => deleteOrphanDrains(tx, aliveForMs));
  }

  private get env() {
    return this.options.env ?? process.env;
  }

  // --- discovery and state -----------------------------------------------------------------------
  async discover(): Promise<{ modules: Map<string, DiscoveredModule>; problems: DiscoveryProblem[] }> {
    const { modules, problems } = await discoverModules({ hostDir: this.options.hostDir, addonsPaths: this.options.addonsPaths });
    return { modules: new Map(modules.map((m) => [m.name, m])), problems };
  }

  private async discovered(name: string): Promise<DiscoveredModule> {
    const info = (await this.discover()).modules.get(name);
    if (!info) throw moduleNotFound(name);
    return info;
  }

  async list(filter: ModuleFilter = {}): Promise<ModuleInfo[]> {
    const [{ modules }, rows] = await Promise.all([this.discover(), readModuleRows(this.db)]);
    const dependents = new Map<string, string[]>();
    for (const m of modules.values()) for (const d of m.depends) dependents.set(d, [...(dependents.get(d) ?? []), m.name]);
    const search = filter.search?.toLowerCase();
    const infos = [...modules.values()].map((m) => this.info(m, rows.get(m.name), dependents.get(m.name) ?? []));
    // Installed (or uninstalled with kept data) but no longer discovered: shown, so they can be uninstalled.
    for (const row of rows.values()) if (!modules.has(row.name)) infos.push(orphanInfo(row, dependents.get(row.name) ?? []));
    return infos
      .filter((m) => (!filter.installedOnly || m.state === 'installed')
        && (!filter.applicationOnly || m.application)
        && (!filter.category || m.category === filter.category)
        && (!search || [m.name, m.summary, m.description, m.packageName].some((s) => s?.toLowerCase().includes(search))))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  private info(m: DiscoveredModule, row: ModuleRow | undefined, dependents: string[]): ModuleInfo {
    const state = row?.state ?? 'available';
    const loadError = this.loader.failure(m.name);
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

  async get(name: string): Promise<ModuleInfo> {
    const found = (await this.list()).find((m) => m.name === name);
    if (!found) throw moduleNotFound(name);
    const owns = (await readOwnership(this.db, name)).map(({ schema, table, column, kind }) =>
      (kind === 'index' ? { kind, schema, table, name: column! } : column === null ? { kind, schema, name: table || schema } : { kind, schema, table, name: column }));
    const codeHash = found.entry ? await this.loader.codeHash(found.entry).catch(() => undefined) : undefined;
    const online = (await readOpenSteps(this.db, name)).map(({ id, sql, state, attempts, lastError }) => ({ id, sql, state: state as 'pending' | 'running' | 'failed', attempts, lastError }));
    let access: string[] | undefined;
    if (found.state === 'installed' && this.rolePrefix !== undefined) {
      try {
        const loaded = new Map((await this.loadInstalled((await this.discover()).modules, await readModuleRows(this.db))).map((l) => [l.info.name, l]));
        const extension = owns.filter((o) => o.kind === 'column' && o.schema !== name).map((o) => `${o.schema}.${(o as { table: string }).table}.${o.name}`);
        access = describeAccess(name, loaded, extension);
      } catch { /* a module that does not load shows no access */ }
    }
    return { ...found, owns, ...(codeHash ? { codeHash } : {}), ...(online.length ? { online } : {}), ...(access ? { access } : {}) };
  }

  async validate(name: string) {
    const { modules, problems } = await this.discover();
    const rows = await readModuleRows(this.db);
    const report = await validateModule({ name, modules, problems, rows, kitVersion: this.kitVersion, load: (n) => this.loadDiscovered(modules, n), env: this.options.env ?? process.env });
    if (modules.has(name) && !report.errors.some((e) => e.code === 'HUB_MODULE_LOAD_FAILED')) {
      try {
        const loaded = await this.loadDiscovered(modules, name);
        for (const p of await extensionProblems({ loaded, modules, rows, load: (n) => this.loadDiscovered(modules, n) })) {
          report.errors.push({ category: 'schema', severity: 'error', ...p } as never);
        }
        // A rename hint naming nothing in the schema (code or installed) would be ignored: refuse it.
        const renames = loaded.definition.renames ?? {};
        const installedSnapshot = rows.get(name)?.state === 'installed' ? [rows.get(name)!.snapshot as Snapshot] : [];
        const unknown = unknownRenameHints([await this.snapshotOf(loaded), ...installedSnapshot], renames, name);
        if (unknown.length) {
          const e = renameHintUnknown(name, unknown);
          report.errors.push({ category: 'schema', severity: 'error', code: e.code, message: e.message, hint: e.hint } as never);
        }
      } catch { /* reported by validateModule */ }
      report.valid = report.errors.length === 0;
    }
    return report;
  }

  async graph(): Promise<GraphInfo> {
    const [{ modules }, rows] = await Promise.all([this.discover(), readModuleRows(this.db)]);
    const graph = DependencyGraph.fromModules([...modules.values()]);
    const nodes = graph.names().map((name) => {
      const row = rows.get(name);
      return { name, state: row?.state ?? ('available' as const), enabled: row?.state === 'installed' && row.enabled };
    });
    const edges = graph.names().flatMap((from) => graph.dependenciesOf(from).filter((to) => modules.has(to)).map((to) => ({ from, to })));
    let order: string[];
    try { order = graph.order(); } catch { order = graph.names(); }
    return { nodes, edges, order };
  }

  // --- loading and runtime -------------------------------------------------------------------------
  private loadDiscovered(modules: Map<string, DiscoveredModule>, name: string): Promise<LoadedModule> {
    const info = modules.get(name);
    if (!info) throw moduleNotFound(name);
    return this.loader.load(info);
  }

  async load(name: string): Promise<LoadedModule> {
    return this.loader.load(await this.discovered(name));
  }

  private snapshotOf = (loaded: LoadedModule): Promise<Snapshot> => {
    const key = `${loaded.info.name}@${loaded.info.version}:${loaded.info.entry}:${loaded.codeHash}`;
    let snap = this.snapshots.get(key);
    if (!snap) {
      const schema = (loaded.definition.schema ?? {}) as Record<string, unknown>;
      // Its own schema plus the schemas of the tables it extends (their extra columns only).
      snap = moduleSnapshot(schema, [loaded.info.name, ...extendedSchemasOf(loaded.info.name, schema)]);
      this.snapshots.set(key, snap);
      snap.catch(() => this.snapshots.delete(key));
    }
    return snap;
  };

  /** diffSnapshots memoized by content: plans repeated in a warm process (and the re-plan of apply) diff once. */
  private diff = (args: DiffSnapshotsArgs): Promise<SchemaDiff> => {
    // Snapshot ids are random (drizzle-kit): they are left out of the key.
    const content = (snap: Snapshot) => ({ ...snap, id: undefined, prevId: undefined });
    const key = sha256(JSON.stringify([args.moduleName, args.renames ?? null, content(args.previous), content(args.current)]));
    let diff = this.diffs.get(key);
    if (!diff) {
      if (this.diffs.size >= 1000) this.diffs.clear();
      diff = diffSnapshots(args);
      this.diffs.set(key, diff);
      diff.catch(() => this.diffs.delete(key));
    }
    return diff;
  };

  /** Installed and enabled modules that load, dependencies first. */
  private async loadInstalled(modules: Map<string, DiscoveredModule>, rows: Map<string, ModuleRow>, extra: LoadedModule[] = [], skip = new Set<string>()): Promise<LoadedModule[]> {
    const byName = new Map(extra.map((l) => [l.info.name, l]));
    for (const row of rows.values()) {
      if (row.state !== 'installed' || !row.enabled || byName.has(row.name) || skip.has(row.name)) continue;
      const info = modules.get(row.name);
      if (!info) continue;
      try {
        byName.set(row.name, await this.loader.load(info));
      } catch (error) {
        this.logger.error(`Module "${row.name}" is installed but cannot be loaded: ${(error as Error).message}`);
      }
    }
    const graph = DependencyGraph.fromModules([...byName.values()].map((l) => ({ name: l.info.name, depends: l.info.depends })));
    let order: string[];
    try { order = graph.order(); } catch { order = graph.names(); }
    return order.map((n) => byName.get(n)!);
  }

  private processRuntime(): Promise<ModuleRuntime> {
    if (this.runtime && this.runtimeGeneration !== this.loader.generation) this.runtime = undefined;
    if (!this.runtime) {
      this.runtimeGeneration = this.loader.generation;
      this.runtime = (async () => {
        const [{ modules }, rows] = await Promise.all([this.discover(), readModuleRows(this.db)]);
        const loaded = await this.loadInstalled(modules, rows);
        this.runtimeGeneration = this.loader.generation;
        return new ModuleRuntime({
          executor: this.db, modules: loaded, env: this.env, logger: this.logger,
          executorOf: this.rolePrefix === undefined ? undefined : (name) => this.roleExecutor(name),
        });
      })();
      this.runtime.catch(() => { this.runtime = undefined; });
    }
    return this.runtime;
  }

  /** The executor a module's routes and services run on: its own role. */
  private roleExecutor(name: string): RoleExecutor {
    let executor = this.roleExecutors.get(name);
    if (!executor) {
      executor = this.db.forRole({
        role: moduleRole(this.rolePrefix!, name),
        check: (text) => checkModuleStatement(name, text),
        mapError: (error, text) => permissionDenied(name, error, text),
      });
      this.roleExecutors.set(name, executor);
    }
    return executor;
  }

  /** Closes the role executors of changed modules: their role may have been dropped and created again. */
  private closeRoleExecutors(modules: string[]): void {
    for (const name of modules) {
      const executor = this.roleExecutors.get(name);
      if (!executor) continue;
      this.roleExecutors.delete(name);
      executor.close().catch((error) => this.logger.warn(`Closing the connections of module "${name}" failed: ${(error as Error).message}`));
    }
  }

  private async installedRuntime(name: string): Promise<ModuleRuntime> {
    const runtime = await this.processRuntime();
    if (runtime.has(name)) return runtime;
    const row = (await readModuleRows(this.db)).get(name);
    if (row?.state === 'installed' && !row.enabled) throw moduleDisabled(name);
    if (row?.state === 'installed') await this.load(name); // throws HUB_MODULE_LOAD_FAILED with the reason
    throw notInstalled(name, 'used');
  }

  async context(name: string): Promise<ModuleContext> {
    return (await this.installedRuntime(name)).context(name);
  }

  async services<T = unknown>(name: string): Promise<T> {
    return (await this.installedRuntime(name)).servicesOf<T>(name);
  }

  // --- plan and apply ------------------------------------------------------------------------------
  private async prepare(request: OperationRequest, db: Pick<Database, 'query'>): Promise<PreparedPlan> {
    const [{ modules }, rows] = await Promise.all([this.discover(), readModuleRows(db)]);
    const prepared = await buildPlan({
      request, discovered: modules, rows, kitVersion: this.kitVersion, db,
      load: (name) => this.loadDiscovered(modules, name), snapshotOf: this.snapshotOf, diff: this.diff,
      env: this.options.env ?? process.env, onlineRows: this.options.onlineRows,
    });
    if (this.rolePrefix !== undefined) await this.describePlanAccess(prepared, modules, rows);
    return prepared;
  }

  /** Adds to each install/upgrade/sync step what the module's role will be granted. */
  private async describePlanAccess(prepared: PreparedPlan, modules: Map<string, DiscoveredModule>, rows: Map<string, ModuleRow>): Promise<void> {
    const steps = prepared.steps.filter((s) => s.loaded && ['install', 'upgrade', 'sync'].includes(s.planned.action));
    if (!steps.length) return;
    const loaded = new Map((await this.loadInstalled(modules, rows, steps.map((s) => s.loaded!))).map((l) => [l.info.name, l]));
    for (const step of steps) {
      const name = step.planned.name;
      const extension = Object.values((step.after as Snapshot | undefined)?.tables ?? {})
        .filter((t) => (t.schema || 'public') !== name).flatMap((t) => Object.keys(t.columns).map((c) => `${t.schema}.${t.name}.${c}`));
      step.planned.access = describeAccess(name, loaded, extension);
    }
    const { text: _text, ...rest } = prepared.plan;
    prepared.plan.text = planText(rest);
  }

  async plan(request: OperationRequest): Promise<Plan> {
    return (await this.prepare(request, this.db)).plan;
  }

  async apply(request: OperationRequest, options: ApplyOptions = {}): Promise<OperationResult> {
    if (options.planHash && options.planHash.trim().length < PLAN_HASH_MIN_LENGTH) throw planHashTooShort(options.planHash);
    const operationId = options.operationId ?? randomUUID();
    const started = performance.now();
    const actor = options.actor ?? null;
    const progress = (e: Omit<Parameters<NonNullable<ApplyOptions['onProgress']>>[0], 'operationId'>) => {
      try { options.onProgress?.({ operationId, ...e }); } catch { /* a listener never breaks an apply */ }
    };
    progress({ phase: 'start', message: `${request.action} ${request.modules.join(', ')}` });
    const written: string[] = [];
    let plan: Plan | undefined;
    let backups;
    let generation = 0;
    let changed: string[] = [];
    try {
      for (let attempt = 0; ; attempt++) {
      try {
      backups = await this.db.transaction(async (tx) => {
        await tx.exec(`SET LOCAL lock_timeout = '${this.options.lockWait ?? '60s'}'`);
        try {
          await tx.query('SELECT pg_advisory_xact_lock($1)', [HUB_LOCK_KEY]);
        } catch (error) {
          if (sqlState(error) === '55P03') throw lockTimeout('on the hub: another lifecycle operation is still running', error);
          throw error;
        }
        await tx.exec(`SET LOCAL lock_timeout = '${this.options.lockTimeout ?? '5s'}'`);
        // Planned again under the lock: what another instance did meanwhile is seen here.
        const prepared = await this.prepare(request, tx);
        plan = prepared.plan;
        if (options.planHash && !planHashMatches(options.planHash, plan.hash)) throw planChanged(options.planHash, plan.hash);
        const loss = prepared.steps.filter((s) => s.planned.action !== 'uninstall').flatMap((s) => s.planned.dataLoss);
        if (loss.length && !request.options?.acceptDataLoss) throw dataLossRefused(loss);
        const [{ modules }, rows] = [await this.discover(), await readModuleRows(tx)];
        const incoming = prepared.steps.filter((s) => s.loaded && ['install', 'upgrade', 'sync', 'uninstall'].includes(s.planned.action)).map((s) => s.loaded!);
        const runtimeModules = await this.loadInstalled(modules, rows, incoming);
        const made = await executePlan({
          tx, prepared, operationId, actor, backupsDir: join(this.options.dataDir, 'backups'), env: this.env, logger: this.logger,
          runtimeModules, written, progress: (e) => progress(e), rolePrefix: this.rolePrefix,
        });
        // The new generation and its NOTIFY commit with the change itself (a NOTIFY in a
        // transaction is delivered at commit): no committed change goes unannounced.
        changed = plan.modules.filter((m) => m.action !== 'backup').map((m) => m.name);
        // The drain taken for this change ends with it: instances mount the new state and stop
        // answering 503 in the same step.
        if (options.drainId) await tx.query('DELETE FROM hub.drains WHERE id = $1', [options.drainId]);
        if (changed.length) {
          generation = await advanceGeneration(tx);
          await tx.query('SELECT pg_notify($1, $2)', [HUB_CHANNEL, JSON.stringify({ action: request.action, modules: changed, generation, origin: this.instanceId })]);
        }
        return made;
      });
      break;
      } catch (error) {
        // A table lock not obtained within lock_timeout: try again a little later instead of
        // queueing behind a long transaction (and blocking everyone queued behind us).
        if (!isTableLockTimeout(error) || attempt >= (this.options.lockRetries ?? 3)) throw error;
        for (const path of written.splice(0)) await rm(path, { recursive: true, force: true }).catch(() => {});
        progress({ phase: 'step', message: `a table lock was not obtained in time; retrying (${attempt + 1})` });
        await new Promise((r) => setTimeout(r, 250 * 2 ** attempt));
      }
      }
    } catch (error) {
      for (const path of written) await rm(path, { recursive: true, force: true }).catch(() => {});
      const mapped = mapApplyError(error);
      try {
        await insertAudit(this.db, {
          actor, action: request.action, module: request.modules[0] ?? null, ok: false, operationId,
          detail: { request, modules: request.modules, code: mapped.code, error: mapped.message, planHash: plan?.hash ?? null },
        });
      } catch (auditError) {
        this.logger.error(`Could not write the audit row of failed operation ${operationId}: ${(auditError as Error).message}`);
      }
      progress({ phase: 'error', message: mapped.message });
      throw mapped;
    }
    const result: OperationResult = { operationId, action: request.action, plan: plan!, backups, durationMs: performance.now() - started, changed, generation };
    if (plan!.modules.some((m) => m.online?.length)) {
      // The transactional part is committed; the online phase runs now and is resumed if cut short.
      result.online = await this.runOnline((message) => progress({ phase: 'step', message }));
      result.durationMs = performance.now() - started;
    }
    progress({ phase: 'done', message: `${request.action} done (${plan!.modules.length} module(s))` });
    if (changed.length) this.feed.local(generation, request.action, changed);
    return result;
  }

  private emit(event: HubChangeEvent): void {
    for (const listener of [...this.listeners]) {
      try { listener(event); } catch (error) { this.logger.error(`onChange listener failed: ${(error as Error).message}`); }
    }
  }

  onChange(listener: (event: HubChangeEvent) => void): () => void {
    this.listeners.add(listener);
    return () => { this.listeners.delete(listener); };
  }

  // --- schema, history -----------------------------------------------------------------------------
  async schemaStatus(name: string): Promise<SchemaStatus> {
    const row = (await readModuleRows(this.db)).get(name);
    if (!row || row.state !== 'installed') {
      await this.discovered(name);
      return { module: name, installed: false, upToDate: false, statements: [], dataLoss: [] };
    }
    const loaded = await this.load(name);
    const diff = await this.diff({ previous: row.snapshot as Snapshot, current: await this.snapshotOf(loaded), renames: loaded.definition.renames, moduleName: name });
    const statements = diff.statements.map((s) => (s.dataLoss ? { sql: s.sql, dataLoss: s.dataLoss } : { sql: s.sql }));
    return { module: name, installed: true, upToDate: statements.length === 0, statements, dataLoss: diff.dataLoss };
  }

  migrations(name?: string) {
    return readMigrations(this.db, name).then((rows) => rows.map(({ id, module, fromVersion, toVersion, up, down, checksum, appliedAt, appliedBy, rolledBackAt, rolledBackBy }) =>
      ({ id, module, fromVersion, toVersion, up, down, checksum, appliedAt, appliedBy, rolledBackAt, rolledBackBy })));
  }

  backups(name?: string) {
    return readBackups(this.db, name);
  }

  async deleteBackup(name: string, id: string): Promise<void> {
    const path = await deleteBackupRow(this.db, name, id);
    if (path === null) throw backupNotFound({ module: name, id });
    // Only a folder under this hub's backups root is removed, whatever the row says.
    const root = resolve(this.options.dataDir, 'backups');
    const dir = resolve(path);
    if (dir.startsWith(`${root}/`)) await rm(dir, { recursive: true, force: true });
  }

  audit(query?: { module?: string; action?: string; actor?: string; limit?: number; offset?: number }) {
    return readAudit(this.db, query);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.listeners.clear();
    await this.onlineChain.catch(() => {});
    await this.feed.close();
    for (const [name, executor] of [...this.roleExecutors]) {
      this.roleExecutors.delete(name);
      await executor.close().catch(() => {});
    }
    if (this.ownsDatabase) await this.db.close();
  }
}

function isTableLockTimeout(error: unknown): boolean {
  return sqlState(error) === '55P03' && !(isHubError(error) && error.code === 'HUB_LOCK_TIMEOUT');
}

function orphanInfo(row: ModuleRow, dependents: string[]): ModuleInfo {
  return {
    name: row.name, packageName: '', version: row.version, application: false, autoInstall: false, depends: [], entry: '', dir: '',
    source: 'dependency', state: row.state, enabled: row.state === 'installed' && row.enabled, installedVersion: row.version,
    installedAt: row.installedAt, upgradable: false, dependents: [...dependents].sort(),
    loadError: { code: 'HUB_MODULE_NOT_FOUND', message: `Module "${row.name}" is ${row.state} in the database but its package is no longer found.` },
  };
}

function mapApplyError(error: unknown): HubError {
  if (sqlState(error) === '55P03' && !(isHubError(error) && error.code === 'HUB_LOCK_TIMEOUT')) {
    const mod = isHubError(error) ? error.module : undefined;
    return lockTimeout(`on a table${mod ? ` of module "${mod}"` : ''} (${(error as Error).message})`, error);
  }
  if (isHubError(error)) return error;
  return new HubError('HUB_APPLY_FAILED', `The operation failed and was rolled back: ${error instanceof Error ? error.message : String(error)}`, {
    status: 500, cause: error, hint: 'Nothing was changed. Check the server log for the cause.',
  });
}
