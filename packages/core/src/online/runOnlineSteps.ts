import type { Database, SqlExecutor } from '../db/types.js';
import { readOpenSteps, readStep, type OnlineStep } from './onlineState.js';

/** Session advisory lock space of online steps: (key, step id). "hu" + 1 in ASCII. */
export const ONLINE_LOCK_KEY = 6845795;

export interface OnlineRunOptions {
  /** Who runs (instance id), recorded on the step. */
  instance: string;
  /** lock_timeout of each online statement, e.g. '60s'. */
  lockTimeout: string;
  /** Attempts per step in this run (default 3), with back-off between them. */
  attempts?: number;
  /** First back-off in ms (default 200; doubles each time). */
  backoffMs?: number;
  onStep?: (step: OnlineStep, phase: 'start' | 'done' | 'failed') => void;
}

export interface OnlineRunResult {
  done: number;
  failed: number;
  /** Steps another instance is running right now (its session holds their lock). */
  busy: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs the online steps not done yet, oldest first, on a connection of its own. Each step is
 * claimed with a session advisory lock (ONLINE_LOCK_KEY, id): another instance skips it while it
 * runs, and a runner killed mid-way (kill -9, dropped connection) loses the lock with its
 * connection, so the step is taken again by the next run (at the next start, or the next apply).
 * The row is read again under the lock, so a step is never run after it is done. An index build
 * cut short leaves an invalid index: it is dropped (CONCURRENTLY) before the build is retried.
 * Failures are retried with back-off, then left `failed` with the error for the next run.
 */
export async function runOnlineSteps(db: Database, options: OnlineRunOptions): Promise<OnlineRunResult> {
  return db.session(async (conn) => {
    const result: OnlineRunResult = { done: 0, failed: 0, busy: 0 };
    for (const listed of await readOpenSteps(conn)) {
      const [lock] = await conn.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, $2::int) AS ok', [ONLINE_LOCK_KEY, listed.id]);
      if (!(lock?.ok === true || (lock?.ok as unknown) === 't')) { result.busy++; continue; }
      try {
        const step = await readStep(conn, listed.id);
        if (!step || step.state === 'done') continue;
        if (await runStep(conn, step, options)) result.done++;
        else result.failed++;
      } finally {
        await conn.query('SELECT pg_advisory_unlock($1, $2::int)', [ONLINE_LOCK_KEY, listed.id]);
      }
    }
    return result;
  });
}

async function runStep(conn: SqlExecutor, step: OnlineStep, options: OnlineRunOptions): Promise<boolean> {
  const attempts = options.attempts ?? 3;
  for (let attempt = 1; ; attempt++) {
    await conn.query(`UPDATE hub.online_steps SET state = 'running', attempts = attempts + 1, ran_by = $2, started_at = now(), last_error = NULL WHERE id = $1`, [step.id, options.instance]);
    options.onStep?.(step, 'start');
    try {
      await conn.exec(`SET lock_timeout = '${options.lockTimeout}'`);
      if (step.kind === 'index' && step.indexName) await dropInvalidIndex(conn, step.indexName);
      await conn.exec(step.sql);
      await conn.query(`UPDATE hub.online_steps SET state = 'done', done_at = now() WHERE id = $1`, [step.id]);
      options.onStep?.(step, 'done');
      return true;
    } catch (error) {
      await conn.query(`UPDATE hub.online_steps SET state = 'failed', last_error = $2 WHERE id = $1`, [step.id, (error as Error).message ?? String(error)]);
      options.onStep?.(step, 'failed');
      if (attempt >= attempts) return false;
      await sleep((options.backoffMs ?? 200) * 2 ** (attempt - 1));
    } finally {
      await conn.exec('RESET lock_timeout').catch(() => {});
    }
  }
}

/** CREATE INDEX CONCURRENTLY interrupted leaves the index INVALID; IF NOT EXISTS would then keep it. */
async function dropInvalidIndex(conn: SqlExecutor, indexName: string): Promise<void> {
  const [invalid] = await conn.query<{ ok: boolean }>('SELECT EXISTS (SELECT 1 FROM pg_index WHERE indexrelid = to_regclass($1) AND NOT indisvalid) AS ok', [indexName]);
  if (invalid?.ok === true || (invalid?.ok as unknown) === 't') await conn.exec(`DROP INDEX CONCURRENTLY IF EXISTS ${indexName}`);
}
