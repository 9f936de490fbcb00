import type { SqlExecutor } from '../db/types.js';
import type { ColumnRef } from './types.js';

const q = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * The columns among `columns` that exist now and hold NULL in some row ("schema"."table"."column").
 * Read-only and safe inside a transaction: a column that does not exist yet (e.g. renamed by the
 * same plan) is skipped rather than queried, so no error aborts the caller's transaction.
 */
export async function findNullsBlockingNotNull(db: Pick<SqlExecutor, 'query'>, columns: ColumnRef[]): Promise<string[]> {
  const found: string[] = [];
  for (const { schema, table, column } of columns) {
    const relation = `${q(schema)}.${q(table)}`;
    const [present] = await db.query<{ n: number }>(
      `select count(*)::int as n from pg_attribute where attrelid = to_regclass($1) and attname = $2 and attnum > 0 and not attisdropped`, [relation, column]);
    if (!present || Number(present.n) === 0) continue;
    const [row] = await db.query<{ nulls: boolean }>(`select exists (select 1 from ${relation} where ${q(column)} is null) as nulls`);
    if (row?.nulls === true || (row?.nulls as unknown) === 't') found.push(`${relation}.${q(column)}`);
  }
  return found;
}
