import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { HubError, type ModuleContext, type ModuleLogger } from '@hub/kit';
import { openDatabase } from '../db/index.js';
import type { Database } from '../db/types.js';
import { rolePrefix } from '../roles/index.js';
import { declaredByModules } from '../pgExtensions/index.js';
import { consoleLogger } from '../runtime/index.js';
import {
  migrateState, readAudit, readBackups, readCompatibleFrom, readGeneration, readModuleRows, removeListSnapshot, writeListSnapshot, type ListSnapshot,
} from '../state/index.js';
import { ModuleCatalog } from './catalog.js';
import { ChangeFeed, HUB_CHANNEL } from './changeFeed.js';
import { ChangeListeners } from './changeListeners.js';
import { Drains } from './drains.js';
import type { EngineContext, ResolvedHubOptions } from './engineContext.js';
import { deleteBackup, migrationRecords } from './history.js';
import { getModule, listModules, moduleGraph, schemaStatus, validateModuleFully } from './moduleQueries.js';
import { OnlineRunner } from './onlineRunner.js';
import { applyOperation } from './pipeline/applyOperation.js';
import { planStage } from './pipeline/planStage.js';
import { RuntimeHost } from './runtimeHost.js';
import { SchemaCache } from './schemaCache.js';
import { uploadWith } from './upload.js';
import type { UploadOptions, UploadResult } from '../code/index.js';
import type {
  ApplyOptions, CreateHubOptions, DiscoveredModule, GraphInfo, Hub, HubChangeEvent, LoadedModule, ModuleFilter, ModuleInfo,
  OperationRequest, OperationResult, Plan, SchemaStatus,
} from './types.js';

export { HUB_CHANNEL };

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
    let extensions: string[] | undefined;
    if (!options.databaseUrl) {
      pgliteDir = join(dataDir, 'data');
      await mkdir(pgliteDir, { recursive: true });
      // From now on the list snapshot may go stale: it is written again when this hub closes the database.
      removeListSnapshot(dataDir);
      // The embedded database loads extensions only when it opens: those its modules declare.
      extensions = await declaredByModules(hostDir, resolved.addonsPaths);
    }
    // Each instance names its connections, so an operator (or a test) can tell them apart.
    db = await openDatabase({ url: options.databaseUrl, dataDir: pgliteDir, applicationName: `hub/${instanceId}`, extensions });
  }
  try {
    await migrateState(db);
    const hub = new HubEngine(db, resolved, ownsDatabase, instanceId);
    await hub.start();
    return hub;
  } catch (error) {
    if (ownsDatabase) await db.close();
    throw error;
  }
}

/**
 * The Hub interface over its parts: the catalog (discovery and code), the schema caches, the
 * apply pipeline (pipeline/), the change feed with its listeners, drains, the online phase and
 * the runtime of the installed modules. Each method delegates; none holds engine logic.
 */
class HubEngine implements Hub {
  readonly kitVersion = kitVersionOfHost();
  private readonly logger: ModuleLogger;
  private readonly env: Record<string, string | undefined>;
  private readonly catalog: ModuleCatalog;
  private readonly feed: ChangeFeed;
  private readonly listeners: ChangeListeners;
  private readonly online: OnlineRunner;
  private readonly drains: Drains;
  private readonly runtime: RuntimeHost;
  private readonly ctx: EngineContext;
  private closed = false;
  /** Applies started and still running: the list snapshot written at close must not miss one. */
  private applies = { started: 0, running: 0 };
  /** Prefix of this database's module roles; undefined when module roles are off. */
  private rolePrefix?: string;

  constructor(readonly db: Database, readonly options: ResolvedHubOptions, private readonly ownsDatabase: boolean, readonly instanceId: string) {
    this.logger = options.logger ?? consoleLogger(options.env ?? process.env);
    this.env = options.env ?? process.env;
    this.catalog = new ModuleCatalog({ hostDir: options.hostDir, addonsPaths: options.addonsPaths!, dataDir: options.dataDir }, db, this.logger);
    this.listeners = new ChangeListeners(this.logger);
    this.runtime = new RuntimeHost({ db, catalog: this.catalog, env: this.env, logger: this.logger, rolePrefix: () => this.rolePrefix });
    this.feed = new ChangeFeed({
      db, channel: HUB_CHANNEL, instanceId, logger: this.logger,
      // On PostgreSQL other instances may change the state; the embedded database has one process.
      checkEveryMs: db.kind === 'postgres' ? (options.reconcileEveryMs ?? 250) : 0,
      onEvent: (event) => {
        this.runtime.invalidate();
        // Their roles may have been dropped (and made again): their connections start over.
        if (['install', 'uninstall', 'rollback'].includes(event.action)) this.runtime.closeRoleExecutors(event.modules ?? []);
        this.listeners.emit({ action: event.action as HubChangeEvent['action'], modules: event.modules, origin: event.origin, generation: event.generation });
      },
    });
    this.online = new OnlineRunner({ db, instanceId, lockWait: options.lockWait ?? '60s', logger: this.logger });
    this.drains = new Drains(db, this.feed, instanceId);
    this.ctx = {
      db, options, instanceId, kitVersion: this.kitVersion, logger: this.logger, env: this.env,
      catalog: this.catalog, schemas: new SchemaCache(), feed: this.feed, online: this.online, rolePrefix: () => this.rolePrefix,
    };
  }

  async start(): Promise<void> {
    if (this.options.moduleRoles ?? this.env.HUB_MODULE_ROLES !== 'off') this.rolePrefix = await rolePrefix(this.db);
    await this.feed.start();
    // Online steps left by a crash (or failed) are taken up again, in the background.
    void this.runOnline().catch((error) => this.logger.warn(`Online steps could not run: ${(error as Error).message}`));
  }

  runOnline(progress?: (message: string) => void) { return this.online.run(progress); }

  // --- the change feed and drains ----------------------------------------------------------------
  generation(): Promise<number> { return readGeneration(this.db); }
  reconcile(): Promise<void> { return this.feed.check(); }
  /** The oldest code version of an installed module the database's schema still works with (see versionSkew). */
  compatibleFrom(name: string, installedVersion: string): Promise<string> { return readCompatibleFrom(this.db, name, installedVersion); }
  withOneView<T>(fn: () => Promise<T>): Promise<T> { return this.catalog.withOneView(fn); }
  onChange(listener: (event: HubChangeEvent) => void): () => void { return this.listeners.add(listener); }
  drain(id: string, modules: string[]): Promise<number> { return this.drains.drain(id, modules); }
  undrain(id: string): Promise<number> { return this.drains.undrain(id); }
  drained(): Promise<Set<string>> { return this.drains.drained(); }
  dropOrphanDrains(aliveForMs: number): Promise<number> { return this.drains.dropOrphans(aliveForMs); }

  // --- modules -----------------------------------------------------------------------------------
  list(filter?: ModuleFilter): Promise<ModuleInfo[]> { return listModules(this.ctx, filter); }
  get(name: string): Promise<ModuleInfo> { return getModule(this.ctx, name); }
  validate(name: string) { return validateModuleFully(this.ctx, name); }
  graph(): Promise<GraphInfo> { return moduleGraph(this.ctx); }
  async load(name: string, discovered?: DiscoveredModule): Promise<LoadedModule> {
    // The host's own module as a discovery just found it: no second discovery (uploaded code depends on its installed row).
    if (discovered?.name === name && discovered.entry && discovered.source !== 'upload') return this.catalog.loader.load(discovered);
    const [view, rows] = await Promise.all([this.catalog.view(), readModuleRows(this.db)]);
    return view.loadInstalledCode(name, rows.get(name));
  }
  upload(file: string, options?: UploadOptions): Promise<UploadResult> { return uploadWith(this.ctx, file, options); }
  async context(name: string): Promise<ModuleContext> { return (await this.runtime.runtimeOf(name)).context(name); }
  async services<T = unknown>(name: string): Promise<T> { return (await this.runtime.runtimeOf(name)).servicesOf<T>(name); }

  // --- plan and apply ----------------------------------------------------------------------------
  async plan(request: OperationRequest): Promise<Plan> {
    const [view, rows] = await Promise.all([this.catalog.view(), readModuleRows(this.db)]);
    return (await planStage(this.ctx, request, this.db, view, rows)).plan;
  }

  async apply(request: OperationRequest, options?: ApplyOptions): Promise<OperationResult> {
    this.applies.started++;
    this.applies.running++;
    try { return await applyOperation(this.ctx, request, options); } finally { this.applies.running--; }
  }

  // --- schema and history ------------------------------------------------------------------------
  schemaStatus(name: string): Promise<SchemaStatus> { return schemaStatus(this.ctx, name); }
  migrations(name?: string) { return migrationRecords(this.db, name); }
  backups(name?: string) { return readBackups(this.db, name); }
  deleteBackup(name: string, id: string): Promise<void> { return deleteBackup(this.db, this.options.dataDir, name, id); }
  audit(query?: { module?: string; action?: string; actor?: string; limit?: number; offset?: number }) { return readAudit(this.db, query); }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.listeners.clear();
    await this.online.close();
    await this.feed.close();
    await this.runtime.close();
    if (!this.ownsDatabase) return;
    const started = this.applies.started;
    const snapshot = this.db.kind === 'pglite' && this.applies.running === 0 ? await this.listSnapshot() : undefined;
    await this.db.close();
    // Not if an operation began meanwhile: the state read may miss it.
    if (snapshot && this.applies.started === started) {
      try { writeListSnapshot(this.options.dataDir, snapshot); } catch (error) { this.logger.warn(`The module list snapshot was not written: ${(error as Error).message}`); }
    }
  }

  /** The module state to leave next to the embedded database at close (state/listSnapshot.ts). */
  private async listSnapshot(): Promise<ListSnapshot | undefined> {
    try {
      return await this.db.transaction(async (tx) => {
        // Uploaded modules are discovered from the database: with any, list opens it.
        if ((await tx.query('SELECT 1 FROM hub.uploads LIMIT 1')).length) return undefined;
        return { generation: await readGeneration(tx), rows: await readModuleRows(tx) };
      });
    } catch {
      return undefined;
    }
  }
}
