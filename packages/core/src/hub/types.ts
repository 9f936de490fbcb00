// The public facade of the engine, used by @hub/server, @hub/cli and tests.
// Server and CLI code only against these types; the engine implements them in createHub().
import type { HubModule, ModuleContext, ModuleLogger } from '@hub/kit';
import type { Database } from '../db/types.js';

export type ModuleState = 'available' | 'installed' | 'uninstalled';

/** Static metadata, read from package.json without executing module code. */
export interface DiscoveredModule {
  /** package.json "hub.module". */
  name: string;
  packageName: string;
  version: string;
  description?: string;
  /** package.json "hub.summary" (or description's first line). */
  summary?: string;
  /** package.json "hub.category". */
  category?: string;
  /** package.json "hub.application". */
  application: boolean;
  /** package.json "hub.autoInstall". */
  autoInstall: boolean;
  author?: string;
  license?: string;
  homepage?: string;
  /** Hub modules it depends on (its dependencies/peerDependencies on packages with "hub.module"), by module name. */
  depends: string[];
  /** Its peerDependencies range on @hub/kit. */
  hostRange?: string;
  /** package.json "hub.extensions": PostgreSQL extensions it needs (created before its DDL, loaded by the embedded database). */
  extensions?: string[];
  /** Entry file to import (package "exports"/"main"), absolute. */
  entry: string;
  /** Package folder, absolute. */
  dir: string;
  /** A dependency of the host, a folder of ADDONS_PATHS, or uploaded (its code is kept in the database). */
  source: 'dependency' | 'addons' | 'upload';
  /** Uploaded modules: the sha256 of the code (its files), under which the database keeps it. */
  codeSha256?: string;
}

export interface ModuleInfo extends DiscoveredModule {
  state: ModuleState;
  enabled: boolean;
  /** Version recorded in the database when installed. */
  installedVersion?: string;
  /** Installed and the code's version is newer. */
  upgradable: boolean;
  installedAt?: string;
  /** Set when the module's code could not be imported. */
  loadError?: { code: string; message: string };
  /** Modules that depend on it (discovered ones). */
  dependents: string[];
  /**
   * What it owns in the database (ownership ledger; only from get()): its schema, tables, enums
   * and sequences (`name`), and the columns and indexes (`table` + `name`) of its own tables and
   * of the tables of other modules it extends.
   */
  owns?: OwnedObject[];
  /** sha256 (hex) of the entry file on disk now (only from get()); compare with what is mounted. */
  codeHash?: string;
  /** Online steps of the module not done yet (only from get()): pending, running or failed, with the last error. */
  online?: { id: number; sql: string; state: 'pending' | 'running' | 'failed'; attempts: number; lastError: string | null }[];
  /** What its database role may use (only from get(), installed modules, module roles on). */
  access?: string[];
}

export interface OwnedObject {
  kind: 'schema' | 'table' | 'column' | 'index' | 'enum' | 'sequence' | 'view';
  schema: string;
  /** The table of a column or an index. */
  table?: string;
  name: string;
}

export interface ModuleFilter {
  installedOnly?: boolean;
  applicationOnly?: boolean;
  category?: string;
  search?: string;
}

export type IssueSeverity = 'error' | 'warning';
export interface ValidationIssue {
  /** e.g. dependency, host, schema, route, external, manifest, package */
  category: string;
  severity: IssueSeverity;
  code: string;
  message: string;
}
export interface ValidationReport {
  valid: boolean;
  errors: ValidationIssue[];
  warnings: ValidationIssue[];
}

export type OperationAction =
  | 'install' | 'upgrade' | 'uninstall' | 'enable' | 'disable'
  | 'sync' | 'rollback' | 'backup' | 'restore';

export interface OperationOptions {
  /** uninstall: drop the module's tables (after a backup unless backup is false). */
  dropTables?: boolean;
  /** uninstall: uninstall installed dependents first, in reverse order. */
  cascade?: boolean;
  /** uninstall/sync: take a backup before dropping anything. Default true. */
  backup?: boolean;
  /** upgrade/sync: allow statements that lose data (a backup is taken first). */
  acceptDataLoss?: boolean;
  /** restore: which backup (default the latest of the module). */
  backupId?: string;
  /**
   * restore: leave out backed-up columns and tables the current schema has no place for (dropped
   * since, or unknown) instead of refusing with HUB_BACKUP_UNMAPPED.
   */
  acceptUnmapped?: boolean;
  /** upgrade: every installed module that is upgradable. */
  all?: boolean;
  /** sync: also load the module's data files again (rows with keys are updated, others left alone). */
  reapplyData?: boolean;
  /** sync: rename hints on top of the module's own `renames` ({ 'table.old': 'new' }), e.g. answered in `hub dev`. */
  renames?: Record<string, string>;
}

export interface OperationRequest {
  action: OperationAction;
  modules: string[];
  options?: OperationOptions;
}

export interface PlannedStatement {
  sql: string;
  /** Why this statement loses data, when it does (e.g. 'drops column "crm"."people"."age"'). */
  dataLoss?: string;
  /** The existing table (schema.table) the statement locks; absent for tables the plan creates. */
  table?: string;
  /** The lock it takes on that table: from SHARE up writes wait, ACCESS EXCLUSIVE blocks reads too. */
  lock?: 'SHARE UPDATE EXCLUSIVE' | 'SHARE' | 'SHARE ROW EXCLUSIVE' | 'ACCESS EXCLUSIVE';
  /** What it does to the table's rows under the lock. */
  work?: 'none' | 'scan' | 'rewrite' | 'index build';
  /** The table's estimated rows (pg_class.reltuples) when planned. */
  rows?: number;
  /** Migration lint (squawk / strong_migrations rules): what is unsafe and the safe alternative. */
  lint?: { rule: string; message: string; safe: string }[];
  /**
   * A `CREATE INDEX` the module declared `.concurrently()`. The plan moves it to the online phase
   * (`PlannedModule.online`, built with `CREATE INDEX CONCURRENTLY` after the commit); it stays in
   * the transaction only when it is unique and a foreign key of the plan references its table.
   */
  concurrently?: boolean;
}

export interface PlannedModule {
  name: string;
  /** What happens to this module. */
  action: OperationAction;
  /** Why it is in the plan. */
  reason: 'requested' | 'dependency' | 'autoInstall' | 'dependent';
  fromVersion?: string;
  toVersion?: string;
  statements: PlannedStatement[];
  /** Human-readable data-loss warnings; apply refuses them without acceptDataLoss. */
  dataLoss: string[];
  /** Hook and step names that will run, e.g. ["preInit", "postInit", "migrations[1.2.0].post"]. */
  hooks: string[];
  dataFiles: string[];
  /** Tables backed up before anything is dropped. */
  backupTables: string[];
  /**
   * The online phase: statements run after the transaction commits, on tables with at least
   * `onlineRows` estimated rows (CREATE INDEX CONCURRENTLY, VALIDATE CONSTRAINT), and the indexes
   * the module declares `.concurrently()` whatever the table's size. Recorded, resumed after a
   * crash, retried; absent when there are none.
   */
  online?: PlannedStatement[];
  /** What the module's database role may use after this step (install, upgrade, sync): one line each. */
  access?: string[];
  /**
   * Upgrade and sync: whether code of the version before keeps working on the new schema
   * (additive only, expand/contract) or not (breaking: instances still running it are fenced).
   */
  compatibility?: Compatibility;
  /** The PostgreSQL extensions it declares (install, upgrade, sync) or needed (uninstall), and what happens to each. */
  extensions?: PlannedExtension[];
}

export interface PlannedExtension {
  name: string;
  /**
   * create: CREATE EXTENSION in the transaction, before the module's hooks and DDL; present: in the
   * database already; drop: DROP EXTENSION after the module's tables are dropped; keep: stays (reason).
   */
  action: 'create' | 'present' | 'drop' | 'keep';
  /** The version it has, or will have once created. */
  version?: string;
  reason?: string;
  /** The statement, for create and drop. */
  sql?: string;
}

/** A statement that older code of the module may fail on, and why. */
export interface BreakingStatement {
  sql: string;
  reason: string;
}

export interface Compatibility {
  /** Additive only: code of the previous version keeps working on the new schema. */
  compatible: boolean;
  /** The statements that make it breaking (empty when compatible). */
  breaking: BreakingStatement[];
}

export interface Plan {
  action: OperationAction;
  request: OperationRequest;
  /** Modules in the order they are applied. */
  modules: PlannedModule[];
  warnings: string[];
  /** sha256 of the plan's content; apply with planHash refuses if the plan changed since. */
  hash: string;
  /** Whether every upgrade and sync step is compatible (absent when the plan has none). */
  compatible?: boolean;
  /** Printable form (what the CLI prints, the admin shows). */
  text: string;
}

export interface ProgressEvent {
  operationId: string;
  /** 0-based step index and count, when known. */
  step?: number;
  steps?: number;
  module?: string;
  message: string;
  phase: 'start' | 'step' | 'done' | 'error';
}

export interface BackupInfo {
  id: string;
  module: string;
  createdAt: string;
  reason: string;
  /** Folder holding manifest.json and one file per table (<schema>.<table>.copy: COPY text format; .jsonl in older backups). */
  path: string;
  tables: { table: string; rows: number; file: string }[];
}

export interface OperationResult {
  operationId: string;
  action: OperationAction;
  plan: Plan;
  backups: BackupInfo[];
  durationMs: number;
  /** Modules whose routes must be (re)mounted or unmounted. */
  changed: string[];
  /** Generation of the module state this change committed (0 when nothing changed). */
  generation?: number;
  /** The online phase run after the commit (when the plan has one): steps done, failed (left for a retry), busy (run by another instance). */
  online?: { done: number; failed: number; busy: number };
}

export interface SchemaStatus {
  module: string;
  installed: boolean;
  upToDate: boolean;
  statements: PlannedStatement[];
  dataLoss: string[];
}

export interface MigrationRecord {
  id: number;
  module: string;
  fromVersion: string | null;
  toVersion: string;
  up: string[];
  down: string[];
  checksum: string;
  appliedAt: string;
  appliedBy: string | null;
  rolledBackAt: string | null;
  rolledBackBy: string | null;
}

export interface AuditEntry {
  id: number;
  at: string;
  actor: string | null;
  action: string;
  module: string | null;
  ok: boolean;
  /** The operation that wrote it (its backups name it in their reason). */
  operationId: string | null;
  detail: unknown;
}

export interface GraphInfo {
  nodes: { name: string; state: ModuleState; enabled: boolean }[];
  /** from depends on to */
  edges: { from: string; to: string }[];
  order: string[];
}

export interface LoadedModule {
  info: DiscoveredModule;
  definition: HubModule;
  /** sha256 (hex) of the entry file that was imported: the identity of the code, beyond its version. */
  codeHash: string;
}

export interface ApplyOptions {
  /** Who did it (user email or "cli"), stored in migrations and the audit log. */
  actor?: string;
  /** Refuse if the plan computed now has another hash: the full hash, or a prefix of at least 12 characters (what the plan text prints). */
  planHash?: string;
  onProgress?: (event: ProgressEvent) => void;
  /** Use this operation id instead of a generated one (the server creates it before apply). */
  operationId?: string;
  /** A drain (see Hub.drain) that ends in the same transaction as this change. */
  drainId?: string;
}

/**
 * A committed change of the module state. `reconcile`: the generation moved without this instance
 * hearing the change itself (a lost notification); `modules` are those whose state rows differ.
 */
export type HubChangeEvent = { action: OperationAction | 'reconcile' | 'drain' | 'undrain'; modules: string[]; origin: 'local' | 'remote'; generation?: number };

export interface CreateHubOptions {
  /** Host package folder: its package.json dependencies are the modules. Default process.cwd(). */
  hostDir?: string;
  /** HUB_DATA_DIR: PGlite data (<dir>/data), backups (<dir>/backups), addons (<dir>/addons). Default <hostDir>/.hub */
  dataDir?: string;
  /** DATABASE_URL: PostgreSQL server; otherwise embedded PGlite in <dataDir>/data. */
  databaseUrl?: string;
  /** ADDONS_PATHS: extra module folders, searched after the host's dependencies. Default [<dataDir>/addons]. */
  addonsPaths?: string[];
  /** Environment for MODULES__<NAME>__<KEY>; default process.env. */
  env?: Record<string, string | undefined>;
  logger?: ModuleLogger;
  /** Use this database instead of opening one (tests). */
  database?: Database;
  /** Lock timeout for each statement of an apply, default '5s'. */
  lockTimeout?: string;
  /** How long an apply waits for another instance's operation to finish (the hub advisory lock), default '60s'. */
  lockWait?: string;
  /**
   * Estimated rows (pg_class.reltuples) from which an existing table's new indexes are built
   * CONCURRENTLY and its new foreign keys / checks validated after the commit (the online phase).
   * Default 100000; Infinity keeps everything in the transaction.
   */
  onlineRows?: number;
  /** Attempts of a transaction that hit lock_timeout on a table before the apply gives up (default 3), with back-off. */
  lockRetries?: number;
  /** On PostgreSQL, how often the generation of the module state is checked (repairs lost notifications), in ms. Default 250. */
  reconcileEveryMs?: number;
  /**
   * Each module runs its queries, hooks, version steps and data files as its own PostgreSQL role
   * (default true; HUB_MODULE_ROLES=off in `env` turns it off). The host's user needs CREATEROLE.
   */
  moduleRoles?: boolean;
}

export interface Hub {
  readonly db: Database;
  readonly options: Required<Pick<CreateHubOptions, 'hostDir' | 'dataDir'>> & CreateHubOptions;
  /** Version of @hub/kit the host runs (host ranges are checked against it). */
  readonly kitVersion: string;

  list(filter?: ModuleFilter): Promise<ModuleInfo[]>;
  /** Throws HUB_MODULE_NOT_FOUND. */
  get(name: string): Promise<ModuleInfo>;
  validate(name: string): Promise<ValidationReport>;
  graph(): Promise<GraphInfo>;

  plan(request: OperationRequest): Promise<Plan>;
  apply(request: OperationRequest, options?: ApplyOptions): Promise<OperationResult>;

  schemaStatus(name: string): Promise<SchemaStatus>;
  migrations(name?: string): Promise<MigrationRecord[]>;
  backups(name?: string): Promise<BackupInfo[]>;
  /** Deletes a backup (its row and its folder). Throws HUB_BACKUP_NOT_FOUND. */
  deleteBackup(name: string, id: string): Promise<void>;
  audit(query?: { module?: string; action?: string; actor?: string; limit?: number; offset?: number }): Promise<AuditEntry[]>;

  /**
   * Imports an installed or available module's entry (cached by the content of its entry file). Throws HUB_MODULE_LOAD_FAILED.
   * `discovered`: its package as a discovery (or list()) just read it, so many loads in a row do not discover every package again each.
   */
  load(name: string, discovered?: DiscoveredModule): Promise<LoadedModule>;
  /** Runtime context of an installed module (typed db over the pool, config, logger, module()). */
  context(name: string): Promise<ModuleContext>;
  /** Services of an installed module, with wrappers of installed dependents applied. */
  services<T = unknown>(name: string): Promise<T>;

  /** This process's id among the instances on the database. */
  readonly instanceId?: string;
  /** The generation of the module state in the database now (advanced by every committed change). */
  generation?(): Promise<number>;
  /** Re-reads the generation and reports a change if it moved (also done periodically on PostgreSQL). */
  reconcile?(): Promise<void>;
  /**
   * Takes modules out of service on every instance (their routes answer 503 with Retry-After) until
   * undrain(id) or the apply given `drainId: id` commits. Returns the new generation.
   */
  drain?(id: string, modules: string[]): Promise<number>;
  undrain?(id: string): Promise<number>;
  /** Modules drained now. */
  drained?(): Promise<Set<string>>;
  /**
   * The oldest code version of an installed module that still works with the database's schema:
   * reached back from `installedVersion` through compatible migrations only (see versionSkew).
   */
  compatibleFrom?(name: string, installedVersion: string): Promise<string>;
  /**
   * Runs `fn` with one discovery of the modules for all it asks (list, load, context): a remount
   * reads the folders and the uploads once, not once per step. Calls after `fn` settles, even
   * from work it started, discover again.
   */
  withOneView?<T>(fn: () => Promise<T>): Promise<T>;
  /** Removes drains of instances that stopped beating (a process killed mid-change). */
  dropOrphanDrains?(aliveForMs: number): Promise<number>;
  /** Called after every committed change, local or from another instance (LISTEN/NOTIFY, or a reconcile). */
  onChange(listener: (event: HubChangeEvent) => void): () => void;
  /**
   * Takes in an uploaded module archive and keeps its code in the database (by sha256), once it
   * loads in this host; every instance then materializes it into <dataDir>/modules. Refusals are
   * coded 4xx (HUB_ARCHIVE_*, HUB_UPLOAD_PACKAGE_MISSING, HUB_UPLOAD_LOAD_FAILED); nothing is kept.
   */
  upload?(file: string, options?: import('../code/index.js').UploadOptions): Promise<import('../code/index.js').UploadResult>;
  /** Runs the online steps not done yet (each apply with an online phase and each start do it too). */
  runOnline(): Promise<{ done: number; failed: number; busy: number }>;
  close(): Promise<void>;
}
