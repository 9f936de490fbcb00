// The audit of a failed operation (a successful one is audited by executePlan inside its
// transaction) and the error the caller sees.
import { HubError, isHubError } from '@hub/kit';
import type { Database } from '../../db/types.js';
import { lockTimeout, sqlState } from '../../lifecycle/lifecycleErrors.js';
import { insertAudit } from '../../state/index.js';
import type { EngineContext } from '../engineContext.js';
import type { OperationRequest } from '../types.js';

/** Writes the audit row of a failed operation; a failing audit is logged, never hides the error. */
export async function auditFailure(
  ctx: Pick<EngineContext, 'logger'>, db: Database,
  a: { request: OperationRequest; operationId: string; actor: string | null; error: HubError; planHash?: string },
): Promise<void> {
  try {
    await insertAudit(db, {
      actor: a.actor, action: a.request.action, module: a.request.modules[0] ?? null, ok: false, operationId: a.operationId,
      detail: { request: a.request, modules: a.request.modules, code: a.error.code, error: a.error.message, planHash: a.planHash ?? null },
    });
  } catch (auditError) {
    ctx.logger.error(`Could not write the audit row of failed operation ${a.operationId}: ${(auditError as Error).message}`);
  }
}

/** A table lock not obtained in time (the hub lock's own timeout is HUB_LOCK_TIMEOUT already). */
export function isTableLockTimeout(error: unknown): boolean {
  return sqlState(error) === '55P03' && !(isHubError(error) && error.code === 'HUB_LOCK_TIMEOUT');
}

/** What the caller of apply sees: a HubError, the database's reason kept. */
export function applyError(error: unknown): HubError {
  if (isTableLockTimeout(error)) {
    const mod = isHubError(error) ? error.module : undefined;
    return lockTimeout(`on a table${mod ? ` of module "${mod}"` : ''} (${(error as Error).message})`, error);
  }
  if (isHubError(error)) return error;
  return new HubError('HUB_APPLY_FAILED', `The operation failed and was rolled back: ${error instanceof Error ? error.message : String(error)}`, {
    status: 500, cause: error, hint: 'Nothing was changed. Check the server log for the cause.',
  });
}
