import type { Database } from '../db/types.js';
import { STATE_STEPS, type StateStep } from './stateSteps.js';

/** Advisory lock key of every lifecycle operation (and of the state migration): "hub" in ASCII. */
export const HUB_LOCK_KEY = 6845794;

/**
 * Creates schema `hub` and applies the state steps not yet applied, under the hub advisory lock
 * so that instances starting together do it once. Returns the state version.
 */
export async function migrateState(db: Database, steps: readonly StateStep[] = STATE_STEPS): Promise<number> {
  const latest = steps.at(-1)?.version ?? 0;
  // Fast path without the lock when everything is applied already.
  const current = await readStateVersion(db);
  if (current >= latest) return current;
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [HUB_LOCK_KEY]);
    await tx.exec(`CREATE SCHEMA IF NOT EXISTS hub;
CREATE TABLE IF NOT EXISTS hub.schema_version (version integer PRIMARY KEY, description text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const rows = await tx.query<{ v: number | null }>('SELECT max(version)::int AS v FROM hub.schema_version');
    let version = rows[0]?.v ?? 0;
    for (const step of steps) {
      if (step.version <= version) continue;
      await tx.exec(step.sql);
      await tx.query('INSERT INTO hub.schema_version (version, description) VALUES ($1, $2)', [step.version, step.description]);
      version = step.version;
    }
    return version;
  });
}

export async function readStateVersion(db: Pick<Database, 'query'>): Promise<number> {
  const exists = await db.query<{ t: string | null }>("SELECT to_regclass('hub.schema_version')::text AS t");
  if (!exists[0]?.t) return 0;
  const rows = await db.query<{ v: number | null }>('SELECT max(version)::int AS v FROM hub.schema_version');
  return rows[0]?.v ?? 0;
}
