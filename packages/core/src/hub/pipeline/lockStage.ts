// First stage of an apply: one lifecycle operation at a time across all instances.
import type { SqlExecutor } from '../../db/types.js';
import { lockTimeout, sqlState } from '../../lifecycle/lifecycleErrors.js';
import { HUB_LOCK_KEY } from '../../state/index.js';

/**
 * Takes the hub's advisory lock for the transaction, waiting up to `lockWait` for another
 * operation to finish, then leaves `lockTimeout` as the wait for each table lock of the plan.
 * Everything it sets ends with the transaction.
 */
export async function lockStage(tx: SqlExecutor, waits: { lockWait?: string; lockTimeout?: string }): Promise<void> {
  await tx.exec(`SET LOCAL lock_timeout = '${waits.lockWait ?? '60s'}'`);
  // If this process dies while a statement of the change runs (a slow hook's query, a big DDL),
  // PostgreSQL notices the closed connection within a second and rolls back, releasing the lock
  // for another instance; otherwise it would find out only when the statement ends (PostgreSQL 14+).
  if (tx.kind === 'postgres') {
    await tx.query("SELECT set_config('client_connection_check_interval', '1s', true) WHERE current_setting('server_version_num')::int >= 140000");
  }
  try {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [HUB_LOCK_KEY]);
  } catch (error) {
    if (sqlState(error) === '55P03') throw lockTimeout('on the hub: another lifecycle operation is still running', error);
    throw error;
  }
  await tx.exec(`SET LOCAL lock_timeout = '${waits.lockTimeout ?? '5s'}'`);
}
