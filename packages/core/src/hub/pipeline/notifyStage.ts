// The notify stage, still inside the apply's transaction: the new generation and its NOTIFY
// commit with the change itself, so every instance learns of every committed change.
import type { SqlExecutor } from '../../db/types.js';
import { advanceGeneration } from '../../state/index.js';
import { announce } from '../changeFeed.js';
import type { OperationAction, Plan } from '../types.js';

export async function notifyStage(
  tx: SqlExecutor, a: { plan: Plan; action: OperationAction; drainId?: string; instanceId: string },
): Promise<{ changed: string[]; generation: number }> {
  // A backup changes no module's state.
  const changed = a.plan.modules.filter((m) => m.action !== 'backup').map((m) => m.name);
  // The drain taken for this change ends with it: instances mount the new state and stop
  // answering 503 in the same step.
  if (a.drainId) await tx.query('DELETE FROM hub.drains WHERE id = $1', [a.drainId]);
  if (!changed.length) return { changed, generation: 0 };
  const generation = await advanceGeneration(tx);
  await announce(tx, { action: a.action, modules: changed, generation, origin: a.instanceId });
  return { changed, generation };
}
