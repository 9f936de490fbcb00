import type { SqlExecutor } from '../db/types.js';

/**
 * Estimated rows of existing tables (schema.table -> rows), from pg_class.reltuples: what the
 * planner itself uses, free to read. A table never vacuumed or analyzed (reltuples -1) is
 * estimated from its size at ~100 bytes a row. Tables that do not exist are absent.
 */
export async function estimatedRows(db: Pick<SqlExecutor, 'query'>, tables: readonly string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (tables.length === 0) return out;
  const rows = await db.query<{ t: string; r: number | string; bytes: number | string }>(
    `SELECT n.nspname || '.' || c.relname AS t, c.reltuples::float8 AS r, pg_relation_size(c.oid)::float8 AS bytes
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p') AND n.nspname || '.' || c.relname = ANY($1::text[])`,
    [[...new Set(tables)]],
  );
  for (const r of rows) {
    const tuples = Number(r.r);
    out.set(r.t, Math.round(tuples >= 0 ? tuples : Number(r.bytes) / 100));
  }
  return out;
}
