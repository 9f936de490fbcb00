import type { Snapshot } from './types.js';

const ADD_VALUE = /^ALTER TYPE "((?:[^"]|"")+)"\."((?:[^"]|"")+)" ADD VALUE /i;
const q = (name: string) => `"${name.replace(/"/g, '""')}"`;
const unq = (s: string) => s.replace(/""/g, '"');

/**
 * PostgreSQL refuses to use an enum value added by `ALTER TYPE ... ADD VALUE` before the
 * transaction commits ("unsafe use of new value"), and a lifecycle operation runs its DDL, data
 * files and hooks in one transaction: a new default, a seed row or a migration step using the new
 * value would make the upgrade fail for ever. So the enum is re-created instead (values of a type
 * created in the same transaction are usable at once), by one DO block that finds every column of
 * that type or its array type (in any module's table), turns them to text, drops and creates the
 * type with all its values, and turns them back, defaults included. Costs a rewrite of the tables
 * with such columns. A view or a function over those columns makes it fail (and roll back).
 *
 * `after` gives the enum's full value list.
 */
export function recreateEnumsForNewValues(sqls: string[], after: Snapshot): string[] {
  const out: string[] = [];
  const done = new Set<string>();
  for (const sql of sqls) {
    const m = sql.match(ADD_VALUE);
    const key = m && `${unq(m[1])}.${unq(m[2])}`;
    const values = key ? after.enums[key]?.values : undefined;
    if (!m || !key || !values) { out.push(sql); continue; }
    if (done.has(key)) continue;
    done.add(key);
    out.push(recreateEnum(unq(m[1]), unq(m[2]), values));
  }
  return out;
}

function recreateEnum(schema: string, name: string, values: string[]): string {
  const type = `${q(schema)}.${q(name)}`;
  const literal = (s: string) => `'${s.replace(/'/g, "''")}'`;
  return [
    `DO $hub$ DECLARE tbl text[]; col text[]; arr text[]; def text[]; i int; BEGIN`,
    `  -- Re-create enum ${type} with values ${values.map(literal).join(', ')}, keeping its columns.`,
    `  SELECT array_agg(a.attrelid::regclass::text), array_agg(quote_ident(a.attname)), array_agg(CASE WHEN a.atttypid = t.oid THEN '' ELSE '[]' END), array_agg(pg_get_expr(d.adbin, d.adrelid))`,
    `    INTO tbl, col, arr, def FROM pg_type t JOIN pg_attribute a ON a.atttypid IN (t.oid, t.typarray) AND a.attnum > 0 AND NOT a.attisdropped`,
    `    JOIN pg_class c ON c.oid = a.attrelid AND c.relkind IN ('r', 'p') LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum`,
    `    WHERE t.oid = ${literal(type)}::regtype;`,
    `  FOR i IN 1..coalesce(array_length(tbl, 1), 0) LOOP`,
    `    IF def[i] IS NOT NULL THEN EXECUTE format('ALTER TABLE %s ALTER COLUMN %s DROP DEFAULT', tbl[i], col[i]); END IF;`,
    `    EXECUTE format('ALTER TABLE %s ALTER COLUMN %s SET DATA TYPE text%s', tbl[i], col[i], arr[i]);`,
    `  END LOOP;`,
    `  DROP TYPE ${type};`,
    `  CREATE TYPE ${type} AS ENUM(${values.map(literal).join(', ')});`,
    `  FOR i IN 1..coalesce(array_length(tbl, 1), 0) LOOP`,
    `    EXECUTE format('ALTER TABLE %s ALTER COLUMN %s SET DATA TYPE %s%s USING %s::%s%s', tbl[i], col[i], ${literal(type)}, arr[i], col[i], ${literal(type)}, arr[i]);`,
    `    IF def[i] IS NOT NULL THEN EXECUTE format('ALTER TABLE %s ALTER COLUMN %s SET DEFAULT %s', tbl[i], col[i], def[i]); END IF;`,
    `  END LOOP;`,
    `END $hub$;`,
  ].join('\n');
}
