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
 * - array -> scalar: the first element, converted as above (the others are lost);
 * - scalar -> array: a one-element array of the converted value (NULL stays NULL);
 * - anything else: `"c"::text::<type>`, which works where the text form of a value is valid
 *   input for the new type and fails (rolling back the operation) where it is not.
 * Such changes are flagged as data loss anyway (classifyStatements).
 */
export function addCastUsing(sqls: string[], before: Snapshot, after: Snapshot): string[] {
  return sqls.map((sql) => {
    const m = sql.match(SET_TYPE);
    if (!m) return sql;
    const [schema, table, column] = [unq(m[2]), unq(m[3]), unq(m[4])];
    const [from, to] = [columnType(before, schema, table, column), columnType(after, schema, table, column)];
    // Between an array and a scalar (enums included) no cast exists, drizzle-kit's USING neither.
    if (from && to && dimsOf(from) !== dimsOf(to)) {
      const [, statement, type] = m[1].match(/^(.+? SET DATA TYPE (.+?))(?: USING .*)?$/i)!;
      return `${statement} USING ${conversion(`"${column.replace(/"/g, '""')}"`, from, type!.trim())};`;
    }
    if (/ USING /i.test(sql)) return throughTextForEnums(sql, before, after);
    const type = m[5].trim();
    if (!from || !to) return sql;
    // From an enum: text input of the new type (enum -> text needs no USING).
    if (from.startsWith('enum:')) return TEXTUAL.test(type) && !/\[\d*\]$/.test(type) ? sql : `${m[1]} USING "${column.replace(/"/g, '""')}"::text::${type};`;
    const using = conversion(`"${column.replace(/"/g, '""')}"`, from, type);
    return using ? `${m[1]} USING ${using};` : sql;
  });
}

const DIMS = /(\s*\[\d*\])+$/;
const dimsOf = (type: string) => (type.match(DIMS)?.[0].match(/\[/g) ?? []).length;
const elementOf = (type: string) => type.replace(DIMS, '');

function conversion(col: string, from: string, to: string): string | undefined {
  const [fromDims, toDims] = [dimsOf(from), dimsOf(to)];
  // Array -> scalar: the first element, converted as a scalar would be (the rest is lost, which
  // the plan flags as data loss). An empty array or NULL gives NULL. Where no explicit cast is
  // needed none is written: PostgreSQL's assignment cast to the column rejects what does not fit
  // (an explicit cast to varchar(n) would truncate).
  if (fromDims > 0 && toDims === 0) {
    const first = `${col}${Array.from({ length: fromDims }, (_, i) => `[array_lower(${col}, ${i + 1})]`).join('')}`;
    return conversion(`(${first})`, elementOf(from), to) ?? `(${first})`;
  }
  // Scalar -> array: a one-element array of the converted value; NULL stays NULL.
  if (fromDims === 0 && toDims > 0) {
    const element = elementOf(to);
    const value = conversion(col, from, element) ?? col;
    const array = Array.from({ length: toDims }).reduce<string>((inner) => `ARRAY[${inner}]`, value);
    return `CASE WHEN ${col} IS NULL THEN NULL ELSE ${array} END`;
  }
  const arrays = fromDims > 0;
  if (from.startsWith('enum:')) return TEXTUAL.test(to) && !arrays ? `${col}::text` : `${col}::text::${to}`;
  if (TEXTUAL.test(to) && !arrays) return undefined;
  if (arrays) return `${col}::text::${to}`;
  if (TEXTUAL.test(from) || /^jsonb?\b/i.test(from)) return `${col}::${to}`;
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
