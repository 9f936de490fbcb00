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

const DROP_TYPE = /^DROP TYPE "((?:[^"]|"")+)"\."((?:[^"]|"")+)";$/i;
const TO_TEXT = /^ALTER TABLE \S+ ALTER COLUMN "(?:[^"]|"")+" SET (?:DATA TYPE text(?:\[\d*\])*|DEFAULT .*::text);$/i;

/**
 * drizzle-kit drops an enum value by turning the columns of the new snapshot that use the enum
 * into text, dropping and creating the type, and turning them back: columns that do not exist yet
 * (added by the same upgrade) make it fail, columns leaving the enum in the same upgrade are
 * forgotten (so DROP TYPE fails on them), array columns pass through plain text, and a default
 * that is not the enum's own is cast automatically, which PostgreSQL refuses. The whole group is
 * replaced by the catalog-driven re-creation above, which finds the columns that really use the
 * type. Run it on a diff step where the enum's value list is the only change to its columns (the
 * removal step, see splitSnapshots).
 */
export function recreateEnumsForDroppedValues(sqls: string[], after: Snapshot): string[] {
  const out = [...sqls];
  for (let i = 0; i < out.length; i++) {
    const m = out[i]!.match(DROP_TYPE);
    const create = m && out[i + 1]?.match(/^CREATE TYPE "((?:[^"]|"")+)"\."((?:[^"]|"")+)" AS ENUM\(/i);
    const values = m && after.enums[`${unq(m[1]!)}.${unq(m[2]!)}`]?.values;
    if (!m || !create || create[1] !== m[1] || create[2] !== m[2] || !values) continue;
    const type = escapeRegExp(`"${m[1]}"."${m[2]}"`);
    const back = new RegExp(`^ALTER TABLE \\S+ ALTER COLUMN "(?:[^"]|"")+" SET (?:DEFAULT .*::${type}|DATA TYPE ${type}(?:\\[\\d*\\])* USING .*);$`, 'i');
    let start = i;
    while (start > 0 && TO_TEXT.test(out[start - 1]!)) start--;
    let end = i + 2;
    while (end < out.length && back.test(out[end]!)) end++;
    out.splice(start, end - start, recreateEnum(unq(m[1]!), unq(m[2]!), values));
    i = start;
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
    // A default naming a dropped value stays off: the diff's later step sets the new schema's default.
    `    IF def[i] IS NOT NULL THEN BEGIN EXECUTE format('ALTER TABLE %s ALTER COLUMN %s SET DEFAULT %s', tbl[i], col[i], def[i]); EXCEPTION WHEN invalid_text_representation THEN NULL; END; END IF;`,
    `  END LOOP;`,
    `END $hub$;`,
  ].join('\n');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
