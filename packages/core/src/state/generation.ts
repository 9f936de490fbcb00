import type { SqlExecutor } from '../db/types.js';

type Q = Pick<SqlExecutor, 'query'>;

/**
 * The generation of the module state: a counter that every committed lifecycle change advances
 * (in the change's own transaction). An instance that serves generation N serves what the
 * database said at N; comparing it with the current one is the cheap staleness check.
 */
export async function advanceGeneration(tx: Q): Promise<number> {
  const rows = await tx.query<{ g: string | number }>('UPDATE hub.state SET generation = generation + 1, changed_at = now() RETURNING generation AS g');
  return Number(rows[0]!.g);
}

export async function readGeneration(db: Q): Promise<number> {
  const rows = await db.query<{ g: string | number }>('SELECT generation AS g FROM hub.state');
  return Number(rows[0]?.g ?? 0);
}
