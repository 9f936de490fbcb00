// First stage of an apply: one lifecycle operation at a time across all instances.
import type { SqlExecutor } from '../../db/types.js';
import { lockTimeout, sqlState } from '../../lifecycle/lifecycleErrors.js';
import { HUB_LOCK_KEY } from '../../state/index.js';

/**
 * Takes the hub's advisory lock for the transaction, waiting up to `lockWait` for another
 * operation to finish, then leaves `lockTimeout` as the wait for each table lock of the plan.
 */
export async function lockStage(tx: SqlExecutor, waits: { lockWait?: string; lockTimeout?: string }): Promise<void> {
  await tx.exec(`SET LOCAL lock_timeout = '${waits.lockWait ?? '60s'}'`);
  try {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [HUB_LOCK_KEY]);
  } catch (error) {
    if (sqlState(error) === '55P03') throw lockTimeout('on the hub: another lifecycle operation is still running', error);
    throw error;
  }
  await tx.exec(`SET LOCAL lock_timeout = '${waits.lockTimeout ?? '5s'}'`);
}
