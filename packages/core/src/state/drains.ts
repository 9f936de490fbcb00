import type { SqlExecutor } from '../db/types.js';
import { advanceGeneration } from './generation.js';

type Q = Pick<SqlExecutor, 'query'>;

/**
 * A drain takes modules out of service on every instance (they answer 503 with Retry-After)
 * while a change that removes something runs. It is a row of hub.drains, created and removed
 * like any other change of the module state: with a new generation, so instances follow it the
 * same way (NOTIFY, reconnect, periodic check). `owner` is the instance that runs the change;
 * a drain whose owner stopped beating is removed by any instance.
 */
export async function insertDrain(tx: Q, d: { id: string; owner: string; modules: string[] }): Promise<number> {
  await tx.query('INSERT INTO hub.drains (id, owner, modules) VALUES ($1, $2, $3::text::jsonb)', [d.id, d.owner, JSON.stringify(d.modules)]);
  return advanceGeneration(tx);
}

/** Removes a drain; returns the new generation, or 0 when there was none. */
export async function deleteDrain(tx: Q, id: string): Promise<number> {
  const rows = await tx.query('DELETE FROM hub.drains WHERE id = $1 RETURNING id', [id]);
  return rows.length ? advanceGeneration(tx) : 0;
}

/** Modules drained now, by every drain. */
export async function readDrainedModules(db: Q): Promise<Set<string>> {
  const rows = await db.query<{ modules: string }>('SELECT modules::text AS modules FROM hub.drains');
  return new Set(rows.flatMap((r) => JSON.parse(r.modules) as string[]));
}

/** Removes drains whose owner has not beaten for aliveForMs; returns the new generation, or 0. */
export async function deleteOrphanDrains(tx: Q, aliveForMs: number): Promise<number> {
  const rows = await tx.query(
    `DELETE FROM hub.drains d WHERE NOT EXISTS (
       SELECT 1 FROM hub.instances i WHERE i.id = d.owner AND i.heartbeat_at > now() - make_interval(secs => $1))
     RETURNING id`,
    [aliveForMs / 1000],
  );
  return rows.length ? advanceGeneration(tx) : 0;
}
