import type { SqlExecutor } from '../db/types.js';
import type { BackupInfo, DiscoveredModule, LoadedModule, OperationRequest, Plan, PlannedModule, PlannedStatement } from '../hub/types.js';
import type { DiffSnapshotsArgs, SchemaDiff, Snapshot } from '../schema/index.js';
import type { MigrationRow, ModuleRow } from '../state/index.js';
import type { ColumnBackup } from '../extensions/index.js';
import type { TableMapping } from '../backup/index.js';

/** What planning reads: discovered modules, state rows, and how to load code. */
export interface PlanInput {
  request: OperationRequest;
  discovered: Map<string, DiscoveredModule>;
  rows: Map<string, ModuleRow>;
  kitVersion: string;
  /** Executor the plan reads migrations and backups through (the apply's transaction inside apply). */
  db: Pick<SqlExecutor, 'query'>;
  load(name: string): Promise<LoadedModule>;
  /** Environment for MODULES__<NAME>__<KEY>: install and upgrade refuse a module whose config is invalid. */
  env?: Record<string, string | undefined>;
  /** The code's schema snapshot of a loaded module (cached per version). */
  snapshotOf(loaded: LoadedModule): Promise<Snapshot>;
  /** Estimated rows from which statements on an existing table go to the online phase (default DEFAULT_ONLINE_ROWS). */
  onlineRows?: number;
  /** diffSnapshots, possibly memoized by the caller. */
  diff?: (args: DiffSnapshotsArgs) => Promise<SchemaDiff>;
}

export interface MigrationStepRef {
  version: string;
  phase: 'pre' | 'post';
  name: string;
}

/** Everything apply needs about one module, beyond the printable PlannedModule. */
export interface ModuleStep {
  planned: PlannedModule;
  info?: DiscoveredModule;
  loaded?: LoadedModule;
  row?: ModuleRow;
  /** Snapshot stored before and after the operation (schema operations). */
  before?: Snapshot;
  after?: Snapshot;
  /** Statements that undo `planned.statements` (stored in the migration record). */
  down?: PlannedStatement[];
  /** Data files, absolute paths. */
  dataFilePaths: string[];
  /** Reload only records with a key (upgrades, reinstalls). */
  dataOnlyKeyed: boolean;
  migrationSteps: MigrationStepRef[];
  rollbackOf?: MigrationRow;
  /** Extension columns backed up before an uninstall drops them (see extensions/backupColumns). */
  columnBackups?: ColumnBackup[];
  backup?: BackupInfo;
  /** Restore: where the backed-up tables and columns are now (renames since the backup). */
  restoreMapping?: Map<string, TableMapping>;
}

export interface PreparedPlan {
  plan: Plan;
  steps: ModuleStep[];
}
