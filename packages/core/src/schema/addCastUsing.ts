import { columnType } from './columnType.js';
import type { Snapshot } from './types.js';

const SET_TYPE = /^(ALTER TABLE "((?:[^"]|"")+)"\."((?:[^"]|"")+)" ALTER COLUMN "((?:[^"]|"")+)" SET DATA TYPE (.+?));$/i;
const unq = (s: string) => s.replace(/""/g, '"');
const TEXTUAL = /^(text|varchar|character varying|char|character|bpchar|citext)\b/i;
const NUMERIC = /^(smallint|integer|int|int2|int4|int8|bigint|real|double precision|float4|float8|numeric|decimal|smallserial|serial|bigserial)\b/i;
const TEMPORAL = /^(timestamp|date|time|interval)\b/i;
const BOOLEAN = /^bool(ean)?\b/i;

/**
 * drizzle-kit changes a column's type without `USING` (except to and from enums), which PostgreSQL
 * refuses when no assignment cast exists. This adds the conversion a person would write:
 * - from text (or json): `"c"::<type>` (text input of the new type);
 * - between numbers, between dates and times, or to text: none (assignment casts exist and they
 *   reject values that do not fit instead of truncating them);
 * - boolean <-> number: `"c"::integer::<type>` / `("c" <> 0)`;
 * - anything else: `"c"::text::<type>`, which works where the text form of a value is valid
 *   input for the new type and fails (rolling back the operation) where it is not.
 * Such changes are flagged as data loss anyway (classifyStatements).
 */
export function addCastUsing(sqls: string[], before: Snapshot, after: Snapshot): string[] {
  return sqls.map((sql) => {
    const m = sql.match(SET_TYPE);
    if (!m) return sql;
    if (/ USING /i.test(sql)) return throughTextForEnums(sql, before, after);
    const [schema, table, column, type] = [unq(m[2]), unq(m[3]), unq(m[4]), m[5].trim()];
    const from = columnType(before, schema, table, column);
    if (!from || !columnType(after, schema, table, column)) return sql;
    // From an enum: text input of the new type (enum -> text needs no USING).
    if (from.startsWith('enum:')) return TEXTUAL.test(type) && !/\[\d*\]$/.test(type) ? sql : `${m[1]} USING "${column.replace(/"/g, '""')}"::text::${type};`;
    const using = conversion(`"${column.replace(/"/g, '""')}"`, from, type);
    return using ? `${m[1]} USING ${using};` : sql;
  });
}

function conversion(col: string, from: string, to: string): string | undefined {
  const arrays = /\[\d*\]$/.test(from) || /\[\d*\]$/.test(to);
  if (TEXTUAL.test(to) && !arrays) return undefined;
  if (TEXTUAL.test(from) || /^jsonb?\b/i.test(from)) return `${col}::${to}`;
  if (arrays) return `${col}::text::${to}`;
  if (NUMERIC.test(from) && NUMERIC.test(to)) return undefined;
  if (TEMPORAL.test(from) && TEMPORAL.test(to)) return undefined;
  if (BOOLEAN.test(from) && NUMERIC.test(to)) return `${col}::integer::${to}`;
  if (NUMERIC.test(from) && BOOLEAN.test(to)) return `(${col} <> 0)`;
  return `${col}::text::${to}`;
}

const DRIZZLE_USING = /^(ALTER TABLE "((?:[^"]|"")+)"\."((?:[^"]|"")+)" ALTER COLUMN "((?:[^"]|"")+)" SET DATA TYPE .+? USING "(?:[^"]|"")+")::(.+);$/i;

/**
 * drizzle-kit's own USING for enum changes is a direct cast, which PostgreSQL has only from text:
 * a date, number or boolean column turned into an enum (or an enum into one of those) must go
 * through text, or the statement fails even on an empty table.
 */
function throughTextForEnums(sql: string, before: Snapshot, after: Snapshot): string {
  const m = sql.match(DRIZZLE_USING);
  if (!m) return sql;
  const [schema, table, column] = [unq(m[2]!), unq(m[3]!), unq(m[4]!)];
  const from = columnType(before, schema, table, column);
  const to = columnType(after, schema, table, column);
  if (!from || !to || from.startsWith('enum:') === to.startsWith('enum:')) return sql;
  const other = from.startsWith('enum:') ? to : from;
  if (TEXTUAL.test(other) && !/\[\d*\]$/.test(other)) return sql;
  return `${m[1]}::text::${m[5]};`;
}
