import { createHash } from 'node:crypto';
import { HubError, isHubError } from '@hub/kit';
import type { SqlExecutor } from '../db/types.js';
import type { BackupInfo, LoadedModule, ProgressEvent } from '../hub/types.js';
import { loadDataFile } from '../data/index.js';
import { ModuleRuntime } from '../runtime/index.js';
import type { ModuleLogger } from '@hub/kit';
import type { Snapshot } from '../schema/index.js';
import {
  deleteModuleRow, insertBackup, markRolledBack, replaceOwnership,
  setModuleEnabled, StateWrites, upsertModuleRow,
} from '../state/index.js';
import { backupTables, restoreTables, type BackupSchemaState } from '../backup/index.js';
import { ddlFailed, hookFailed } from './lifecycleErrors.js';
import { ownershipOf } from './ownershipOf.js';
import { insertOnlineSteps } from '../online/index.js';
import { backupColumns, isColumnBackup, restoreColumns } from '../extensions/index.js';
import type { ModuleStep, PreparedPlan } from './types.js';
import { ApplyRoles } from '../roles/index.js';
import { createModuleExtensions, forgetModuleExtensions, releaseModuleExtensions } from '../pgExtensions/index.js';
import { setModuleCode } from '../code/codeRows.js';

export interface ExecuteContext {
  tx: SqlExecutor;
  prepared: PreparedPlan;
  operationId: string;
  actor: string | null;
  backupsDir: string;
  env: Record<string, string | undefined>;
  logger: ModuleLogger;
  /** Modules hooks may reach with ctx.module(): installed ones plus those this plan installs, dependencies first. */
  runtimeModules: LoadedModule[];
  progress(event: Omit<ProgressEvent, 'operationId'>): void;
  /** Backup folders written so far (removed by the caller if the transaction fails). */
  written: string[];
  /** Prefix of the module roles (see roles/): module code runs as its module's role. Absent: as the host. */
  rolePrefix?: string;
}

/** The context of the steps: the caller's, and the state rows written at the end (see StateWrites). */
type StepContext = ExecuteContext & { writes: StateWrites };

/** Runs the steps of a plan inside the caller's transaction. Returns the backups taken. */
export async function executePlan(outer: ExecuteContext): Promise<BackupInfo[]> {
  const ctx: StepContext = { ...outer, writes: new StateWrites() };
  const { tx, prepared } = ctx;
  const roles = ctx.rolePrefix === undefined ? undefined : new ApplyRoles(tx, ctx.rolePrefix, ctx.runtimeModules);
  const runtime = new ModuleRuntime({
    executor: tx, modules: ctx.runtimeModules, env: ctx.env, logger: ctx.logger, executorOf: roles && ((name) => roles.executorOf(name)),
  });
  const backups: BackupInfo[] = [];
  const total = prepared.steps.length;
  for (const [index, step] of prepared.steps.entries()) {
    const m = step.planned;
    ctx.progress({ phase: 'step', step: index, steps: total, module: m.name, message: `${m.action} ${m.name}` });
    // A backup records where the schema stands (hub.migrations): what is pending is written first.
    if (m.backupTables.length || step.columnBackups?.length) await ctx.writes.flush(tx);
    if (m.backupTables.length) {
      ctx.progress({ phase: 'step', step: index, steps: total, module: m.name, message: `backup of ${m.backupTables.join(', ')}` });
      const schemaState = step.row ? await schemaStateOf(tx, m.name, step.row.version, step.before ?? step.row.snapshot) : undefined;
      const info = await backupTables(tx, m.backupTables, {
        dir: ctx.backupsDir, module: m.name, reason: `${m.action} (operation ${ctx.operationId})`, ...(schemaState ? { schemaState } : {}),
      });
      ctx.written.push(info.path);
      await insertBackup(tx, info);
      backups.push(info);
    }
    if (step.columnBackups?.length) {
      ctx.progress({ phase: 'step', step: index, steps: total, module: m.name, message: `backup of ${step.columnBackups.map((b) => `${b.schema}.${b.table}(${b.columns.join(', ')})`).join(', ')}` });
      const info = await backupColumns(tx, step.columnBackups, { dir: ctx.backupsDir, module: m.name, reason: `${m.action} drops extension columns (operation ${ctx.operationId})` });
      ctx.written.push(info.path);
      await insertBackup(tx, info);
      backups.push(info);
    }
    roles?.stepStarted(m.name);
    switch (m.action) {
      case 'install': case 'upgrade': case 'sync':
        await schemaStep(ctx, runtime, step, roles);
        break;
      case 'uninstall':
        await uninstallStep(ctx, runtime, step, roles);
        break;
      case 'enable': case 'disable':
        await setModuleEnabled(tx, m.name, m.action === 'enable');
        break;
      case 'rollback':
        await rollbackStep(ctx, step);
        if (step.rollbackOf!.fromVersion === null) await roles?.drop(m.name);
        break;
      case 'backup':
        break;
      case 'restore':
        ctx.progress({ phase: 'step', step: index, steps: total, module: m.name, message: `restore of backup ${step.backup!.id}` });
        // A backup of extension columns goes back by UPDATE, never by TRUNCATE of the owner's table.
        if (await isColumnBackup(step.backup!.path)) await restoreColumns(tx, step.backup!.path);
        else {
          // Rows replaced in place (no TRUNCATE): tables added since that reference these keep working.
          await restoreTables(tx, step.backup!.path, {
            replace: true, mapping: step.restoreMapping, acceptUnmapped: prepared.plan.request.options?.acceptUnmapped === true, module: m.name,
          });
        }
        break;
    }
    ctx.writes.audit({
      actor: ctx.actor, action: m.action, module: m.name, ok: true, operationId: ctx.operationId,
      detail: {
        reason: m.reason, fromVersion: m.fromVersion ?? null, toVersion: m.toVersion ?? null, statements: m.statements.length,
        dataLoss: m.dataLoss, hooks: m.hooks, dataFiles: m.dataFiles, backups: backups.filter((b) => b.module === m.name).map((b) => b.id),
        planHash: prepared.plan.hash,
      },
    });
  }
  await ctx.writes.flush(tx);
  await roles?.syncInstalled();
  return backups;
}

async function runHook(module: string, name: string, fn: () => unknown): Promise<void> {
  try {
    await fn();
  } catch (error) {
    const coded = hubErrorIn(error);
    if (coded && ['HUB_DATA_FILE_INVALID', 'HUB_LOCK_TIMEOUT', 'HUB_MODULE_PERMISSION_DENIED', 'HUB_MODULE_STATEMENT_REFUSED'].includes(coded.code)) throw coded;
    throw hookFailed(module, name, error);
  }
}

async function runStatements(tx: SqlExecutor, module: string, statements: { sql: string }[]): Promise<void> {
  for (const s of statements) {
    try {
      await tx.exec(s.sql);
    } catch (error) {
      throw ddlFailed(module, s.sql, error);
    }
  }
}

/** A HubError itself or the first one among its causes (Drizzle wraps driver errors in its own). */
function hubErrorIn(error: unknown): HubError | undefined {
  for (let e = error, i = 0; e && i < 5; e = (e as { cause?: unknown }).cause, i++) if (isHubError(e)) return e;
  return undefined;
}

async function schemaStep(ctx: StepContext, runtime: ModuleRuntime, step: ModuleStep, roles?: ApplyRoles): Promise<void> {
  const { tx } = ctx;
  const m = step.planned;
  const def = step.loaded!.definition;
  // The role exists (and holds the grants of what is there now) before any module code runs:
  // needed here only when some runs before the DDL (pre steps, preInit); otherwise after it.
  const codeBeforeDdl = step.migrationSteps.some((x) => x.phase === 'pre') || (m.action === 'install' && !!def.hooks?.preInit);
  if (codeBeforeDdl) await roles?.sync(m.name, ownershipOf(m.name, (step.before ?? { tables: {}, enums: {}, sequences: {} }) as Snapshot));
  const versions = { fromVersion: m.fromVersion, toVersion: m.toVersion! };
  const hookCtx = () => runtime.hookContext(m.name, versions);
  const say = (message: string) => ctx.progress({ phase: 'step', module: m.name, message });
  // Its extensions exist before any of its code or DDL runs (a preInit may use them too).
  if (m.extensions?.some((e) => e.action === 'create')) say(`extensions ${m.extensions.filter((e) => e.action === 'create').map((e) => e.name).join(', ')}`);
  await createModuleExtensions(tx, m);

  for (const s of step.migrationSteps.filter((x) => x.phase === 'pre')) {
    say(s.name);
    await runHook(m.name, s.name, () => def.migrations![s.version]!.pre!(hookCtx()));
  }
  if (m.action === 'install' && def.hooks?.preInit) { say('preInit'); await runHook(m.name, 'preInit', () => def.hooks!.preInit!(hookCtx())); }
  if (m.statements.length) say(`${m.statements.length} SQL statement(s)`);
  await runStatements(tx, m.name, m.statements);
  if (m.online?.length) await insertOnlineSteps(tx, ctx.operationId, m.name, m.online);
  await roles?.sync(m.name, ownershipOf(m.name, step.after as Snapshot));
  await roles?.secureViews(m.name);
  for (const [i, file] of step.dataFilePaths.entries()) {
    say(`data file ${m.dataFiles[i]}`);
    await loadDataFile(roles?.executorOf(m.name) ?? tx, { module: m.name, dir: step.info!.dir, file, schema: (def.schema ?? {}) as Record<string, unknown>, onlyKeyed: step.dataOnlyKeyed });
  }
  for (const s of step.migrationSteps.filter((x) => x.phase === 'post')) {
    say(s.name);
    await runHook(m.name, s.name, () => def.migrations![s.version]!.post!(hookCtx()));
  }
  if (m.action === 'install' && def.hooks?.postInit) { say('postInit'); await runHook(m.name, 'postInit', () => def.hooks!.postInit!(hookCtx())); }

  const enabled = m.action === 'install' ? true : step.row?.enabled ?? true;
  // The code it runs from now on: an uploaded module's sha256 (every instance materializes it), null for the host's own.
  const code = step.loaded!.info.codeSha256 ?? null;
  ctx.writes.module({
    name: m.name, version: m.toVersion!, state: 'installed', enabled, snapshot: step.after, manifestHash: manifestHash(step.loaded!), codeSha256: code,
  }, m.action === 'install');
  if (m.statements.length || m.fromVersion !== m.toVersion) {
    const up = [...m.statements, ...(m.online ?? [])].map((s) => s.sql);
    const down = step.down ?? [];
    // Instances still on the version before keep serving after a compatible step (versionSkew).
    ctx.writes.migration({
      module: m.name, action: m.action, fromVersion: m.fromVersion ?? null, toVersion: m.toVersion!,
      up, down: down.map((s) => s.sql), downDataLoss: down.map((s) => s.dataLoss ?? null),
      snapshotBefore: m.action === 'install' && !step.row ? null : step.before, snapshotAfter: step.after,
      checksum: createHash('sha256').update(up.join('\n')).digest('hex'), operationId: ctx.operationId, actor: ctx.actor,
      codeBefore: m.action === 'install' && step.row?.state !== 'installed' ? null : step.row?.codeSha256 ?? null, codeAfter: code,
      compatible: m.compatibility?.compatible ?? null,
    });
  }
  await replaceOwnership(tx, m.name, ownershipOf(m.name, step.after as Snapshot));
}

async function uninstallStep(ctx: StepContext, runtime: ModuleRuntime, step: ModuleStep, roles?: ApplyRoles): Promise<void> {
  const { tx } = ctx;
  const m = step.planned;
  const def = step.loaded?.definition;
  if (def?.hooks?.uninstall && runtime.has(m.name)) {
    ctx.progress({ phase: 'step', module: m.name, message: 'uninstall hook' });
    await runHook(m.name, 'uninstall', () => def.hooks!.uninstall!(runtime.hookContext(m.name, { fromVersion: m.fromVersion, toVersion: m.fromVersion! })));
  }
  await runStatements(tx, m.name, m.statements);
  // Online steps not done yet would build on tables that are gone.
  await tx.query(`DELETE FROM hub.online_steps WHERE module = $1 AND state <> 'done'`, [m.name]);
  await releaseModuleExtensions(tx, m, ctx.prepared.plan.request.options?.dropTables === true);
  ctx.writes.module({
    name: m.name, version: step.row!.version, state: 'uninstalled', enabled: false, snapshot: step.after, manifestHash: step.row!.manifestHash,
  }, false);
  if (m.statements.length) await replaceOwnership(tx, m.name, ownershipOf(m.name, step.after as Snapshot));
  await roles?.drop(m.name);
}

async function rollbackStep(ctx: ExecuteContext, step: ModuleStep): Promise<void> {
  const { tx } = ctx;
  const m = step.planned;
  const migration = step.rollbackOf!;
  await runStatements(tx, m.name, m.statements);
  if (migration.fromVersion === null) {
    await deleteModuleRow(tx, m.name);
    await forgetModuleExtensions(tx, m.name);
    await replaceOwnership(tx, m.name, []);
  } else {
    await upsertModuleRow(tx, {
      name: m.name, version: migration.fromVersion, state: 'installed', enabled: step.row!.enabled, snapshot: step.after, manifestHash: null,
    }, false);
    // The code that ran before the change comes back with its schema (uploaded modules keep every version).
    await setModuleCode(tx, m.name, migration.codeBefore ?? null);
    await replaceOwnership(tx, m.name, ownershipOf(m.name, step.after as Snapshot));
  }
  await markRolledBack(tx, migration.id, ctx.actor);
}

/** Where the module's schema stands now: recorded in its backups so a restore can follow later renames. */
async function schemaStateOf(tx: SqlExecutor, module: string, moduleVersion: string, snapshot: unknown): Promise<BackupSchemaState> {
  const rows = await tx.query<{ id: string | number; rb: boolean }>('SELECT id, rolled_back_at IS NOT NULL AS rb FROM hub.migrations WHERE module = $1 ORDER BY id', [module]);
  const ids = rows.map((r) => Number(r.id));
  return {
    moduleVersion, snapshot, lastMigration: ids.length ? Math.max(...ids) : null,
    rolledBack: rows.filter((r) => r.rb === true || (r.rb as unknown) === 't').map((r) => Number(r.id)),
  };
}

/** A hash of what the manifest declares (not its functions' code): changes when fields change. */
function manifestHash(loaded: LoadedModule): string {
  const d = loaded.definition;
  const summary = {
    version: loaded.info.version, name: d.name, apiPrefix: d.apiPrefix ?? null, data: d.data ?? [], permissions: d.permissions ?? [],
    menus: d.menus ?? [], renames: d.renames ?? {}, migrations: Object.keys(d.migrations ?? {}), hooks: Object.keys(d.hooks ?? {}),
    schema: Object.keys(d.schema ?? {}), admin: d.admin ?? null,
  };
  return createHash('sha256').update(JSON.stringify(summary)).digest('hex');
}

export { HubError };
