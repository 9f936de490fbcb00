import type { SqlExecutor } from '../db/types.js';
import type { PlannedModule } from '../hub/types.js';
import { lintStatement } from './lintStatement.js';
import { estimatedRows } from './tableRows.js';

const TABLE_NAMES = /"((?:[^"]|"")+)"\."((?:[^"]|"")+)"/g;
const unq = (s: string) => s.replace(/""/g, '"');

/**
 * Adds to every planned statement that touches an existing table the lock it takes, whether it
 * scans or rewrites the table, the table's estimated rows and the lint warnings (squawk /
 * strong_migrations rules) with their safe alternative. Tables created by the plan itself are not
 * "existing": statements on them lock nobody. Estimates are read once for the whole plan.
 */
export async function annotatePlan(db: Pick<SqlExecutor, 'query'>, modules: PlannedModule[]): Promise<void> {
  const named = new Set<string>();
  const all = (m: PlannedModule) => [...m.statements, ...(m.online ?? [])];
  for (const m of modules) for (const s of all(m)) for (const t of s.sql.matchAll(TABLE_NAMES)) named.add(`${unq(t[1]!)}.${unq(t[2]!)}`);
  if (named.size === 0) return;
  const rows = await estimatedRows(db, [...named]);
  for (const m of modules) {
    for (const s of all(m)) {
      const found = lintStatement(s.sql, (t) => rows.has(t));
      if (!found.table || !found.lock) continue;
      s.table = found.table;
      s.lock = found.lock;
      s.work = found.work;
      const estimate = rows.get(found.table);
      if (estimate !== undefined) s.rows = estimate;
      if (found.warnings.length) s.lint = found.warnings;
    }
  }
}
