// The execute stage: the plan's steps inside the apply's transaction, with the modules hooks may
// reach (installed ones plus those this plan brings or removes).
import { join } from 'node:path';
import type { SqlExecutor } from '../../db/types.js';
import { executePlan } from '../../lifecycle/executePlan.js';
import type { PreparedPlan } from '../../lifecycle/types.js';
import type { ModuleRow } from '../../state/index.js';
import type { CatalogView } from '../catalog.js';
import type { EngineContext } from '../engineContext.js';
import type { BackupInfo, ProgressEvent } from '../types.js';

export interface ExecuteStageArgs {
  tx: SqlExecutor;
  prepared: PreparedPlan;
  view: CatalogView;
  rows: Map<string, ModuleRow>;
  operationId: string;
  actor: string | null;
  /** Backup folders written so far (removed by the caller if the transaction fails). */
  written: string[];
  progress(event: Omit<ProgressEvent, 'operationId'>): void;
}

export async function executeStage(ctx: EngineContext, a: ExecuteStageArgs): Promise<BackupInfo[]> {
  const incoming = a.prepared.steps.filter((s) => s.loaded && ['install', 'upgrade', 'sync', 'uninstall'].includes(s.planned.action)).map((s) => s.loaded!);
  const runtimeModules = await a.view.loadInstalled(a.rows, incoming);
  return executePlan({
    tx: a.tx, prepared: a.prepared, operationId: a.operationId, actor: a.actor, backupsDir: join(ctx.options.dataDir, 'backups'),
    env: ctx.env, logger: ctx.logger, runtimeModules, written: a.written, progress: a.progress, rolePrefix: ctx.rolePrefix(),
  });
}
