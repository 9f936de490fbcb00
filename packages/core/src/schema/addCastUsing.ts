import { columnType } from './columnType.js';
import type { Snapshot } from './types.js';

const SET_TYPE = /^(ALTER TABLE "((?:[^"]|"")+)"\."((?:[^"]|"")+)" ALTER COLUMN "((?:[^"]|"")+)" SET DATA TYPE (.+?));$/i;
const unq = (s: string) => s.replace(/""/g, '"');
const textLike = (t: string) => /^(text|varchar|character varying|char|character|bpchar|citext)\b/i.test(t);

/**
 * drizzle-kit changes a column's type without `USING` (except for enums), which PostgreSQL refuses
 * when no assignment cast exists: text/varchar/json -> number, uuid, date, boolean..., and
 * number -> boolean. Those get `USING "col"::<type>`, so a change the user accepted applies (and
 * fails on rows that do not convert, rolling the whole operation back). Other changes keep the
 * assignment cast, which rejects values that do not fit instead of truncating them.
 */
export function addCastUsing(sqls: string[], before: Snapshot, after: Snapshot): string[] {
  return sqls.map((sql) => {
    const m = sql.match(SET_TYPE);
    if (!m || / USING /i.test(sql)) return sql;
    const [schema, table, column, type] = [unq(m[2]), unq(m[3]), unq(m[4]), m[5].trim()];
    const from = columnType(before, schema, table, column);
    if (!from || from.startsWith('enum:')) return sql;
    const fromTextual = textLike(from) || /^jsonb?\b/i.test(from);
    const needsCast = (fromTextual && !textLike(type)) || (/^boolean\b/i.test(type) && !/^boolean\b/i.test(from));
    return needsCast ? `${m[1]} USING "${column.replace(/"/g, '""')}"::${type};` : sql;
  });
}
