import type { SqlExecutor } from '../db/types.js';
import { onlineKind } from './splitOnline.js';

type Q = Pick<SqlExecutor, 'query'>;

export interface OnlineStep {
  id: number;
  operationId: string;
  module: string;
  kind: 'index' | 'validate';
  sql: string;
  indexName: string | null;
  state: 'pending' | 'running' | 'done' | 'failed';
  attempts: number;
  lastError: string | null;
  ranBy: string | null;
}

/** Records a module's online statements (inside the apply's transaction: they exist only if it commits). */
export async function insertOnlineSteps(db: Q, operationId: string, module: string, statements: readonly { sql: string }[]): Promise<void> {
  for (const s of statements) {
    const { kind, indexName } = onlineKind(s.sql);
    await db.query('INSERT INTO hub.online_steps (operation_id, module, kind, sql, index_name) VALUES ($1, $2, $3, $4, $5)', [operationId, module, kind, s.sql, indexName ?? null]);
  }
}

const toStep = (r: Record<string, unknown>): OnlineStep => ({
  id: Number(r.id), operationId: String(r.operation_id), module: String(r.module), kind: r.kind as OnlineStep['kind'], sql: String(r.sql),
  indexName: (r.index_name as string | null) ?? null, state: r.state as OnlineStep['state'], attempts: Number(r.attempts),
  lastError: (r.last_error as string | null) ?? null, ranBy: (r.ran_by as string | null) ?? null,
});

/** Steps not done yet (pending, running or failed), oldest first; optionally one module's. */
export async function readOpenSteps(db: Q, module?: string): Promise<OnlineStep[]> {
  const rows = await db.query<Record<string, unknown>>(
    `SELECT * FROM hub.online_steps WHERE state <> 'done' ${module ? 'AND module = $1' : ''} ORDER BY id`, module ? [module] : []);
  return rows.map(toStep);
}

export async function readStep(db: Q, id: number): Promise<OnlineStep | undefined> {
  const [row] = await db.query<Record<string, unknown>>('SELECT * FROM hub.online_steps WHERE id = $1', [id]);
  return row ? toStep(row) : undefined;
}
