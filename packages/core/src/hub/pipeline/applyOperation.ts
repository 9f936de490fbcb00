// apply() as a pipeline, in one transaction: lock -> plan (again, under the lock) -> check ->
// execute -> notify; then, after the commit, the online phase and this instance's listeners.
// A failure anywhere rolls everything back, removes the backup folders written, and is audited.
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { planHashTooShort } from '../../lifecycle/lifecycleErrors.js';
import { PLAN_HASH_MIN_LENGTH } from '../../lifecycle/planHash.js';
import { readModuleRows } from '../../state/index.js';
import type { EngineContext } from '../engineContext.js';
import type { ApplyOptions, BackupInfo, OperationRequest, OperationResult, Plan, ProgressEvent } from '../types.js';
import { applyError, auditFailure, isTableLockTimeout } from './auditStage.js';
import { executeStage } from './executeStage.js';
import { lockStage } from './lockStage.js';
import { notifyStage } from './notifyStage.js';
import { checkPlan, planStage } from './planStage.js';

interface Committed {
  plan: Plan;
  backups: BackupInfo[];
  changed: string[];
  generation: number;
}

export async function applyOperation(ctx: EngineContext, request: OperationRequest, options: ApplyOptions = {}): Promise<OperationResult> {
  if (options.planHash && options.planHash.trim().length < PLAN_HASH_MIN_LENGTH) throw planHashTooShort(options.planHash);
  const operationId = options.operationId ?? randomUUID();
  const started = performance.now();
  const actor = options.actor ?? null;
  const progress = (e: Omit<ProgressEvent, 'operationId'>) => {
    try { options.onProgress?.({ operationId, ...e }); } catch { /* a listener never breaks an apply */ }
  };
  progress({ phase: 'start', message: `${request.action} ${request.modules.join(', ')}` });
  const written: string[] = [];
  const attempt = { plan: undefined as Plan | undefined };
  let committed: Committed;
  try {
    committed = await withTableLockRetries(ctx, written, progress, () => ctx.db.transaction(async (tx) => {
      await lockStage(tx, ctx.options);
      // Planned again under the lock, on one discovery: what another instance did meanwhile is seen here.
      const [view, rows] = await Promise.all([ctx.catalog.view(tx), readModuleRows(tx)]);
      const prepared = await planStage(ctx, request, tx, view, rows);
      attempt.plan = prepared.plan;
      checkPlan(prepared, request, options.planHash);
      const backups = await executeStage(ctx, { tx, prepared, view, rows, operationId, actor, written, progress });
      const { changed, generation } = await notifyStage(tx, { plan: prepared.plan, action: request.action, drainId: options.drainId, instanceId: ctx.instanceId });
      return { plan: prepared.plan, backups, changed, generation };
    }));
  } catch (error) {
    await removeAll(written);
    const mapped = applyError(error);
    await auditFailure(ctx, ctx.db, { request, operationId, actor, error: mapped, planHash: attempt.plan?.hash });
    progress({ phase: 'error', message: mapped.message });
    throw mapped;
  }
  const { plan, backups, changed, generation } = committed;
  const result: OperationResult = { operationId, action: request.action, plan, backups, durationMs: performance.now() - started, changed, generation };
  if (plan.modules.some((m) => m.online?.length)) {
    // The transactional part is committed; the online phase runs now and is resumed if cut short.
    result.online = await ctx.online.run((message) => progress({ phase: 'step', message }));
    result.durationMs = performance.now() - started;
  }
  progress({ phase: 'done', message: `${request.action} done (${plan.modules.length} module(s))` });
  if (changed.length) ctx.feed.local(generation, request.action, changed);
  return result;
}

/**
 * A table lock not obtained within lock_timeout: try again a little later instead of queueing
 * behind a long transaction (and blocking everyone queued behind us).
 */
async function withTableLockRetries<T>(
  ctx: EngineContext, written: string[], progress: (e: Omit<ProgressEvent, 'operationId'>) => void, run: () => Promise<T>,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (!isTableLockTimeout(error) || attempt >= (ctx.options.lockRetries ?? 3)) throw error;
      await removeAll(written.splice(0));
      progress({ phase: 'step', message: `a table lock was not obtained in time; retrying (${attempt + 1})` });
      await new Promise((r) => setTimeout(r, 250 * 2 ** attempt));
    }
  }
}

async function removeAll(paths: string[]): Promise<void> {
  for (const path of paths) await rm(path, { recursive: true, force: true }).catch(() => {});
}
