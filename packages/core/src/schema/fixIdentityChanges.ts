import type { Snapshot, SnapshotColumn } from './types.js';

const NAME = '"((?:[^"]|"")+)"';
const COLUMN = new RegExp(`^ALTER TABLE ${NAME}\\.${NAME} ALTER COLUMN ${NAME} `, 'i');
const DROP_IDENTITY = new RegExp(`^ALTER TABLE ${NAME}\\.${NAME} ALTER COLUMN ${NAME} DROP IDENTITY`, 'i');
const ADD_IDENTITY = new RegExp(`^ALTER TABLE ${NAME}\\.${NAME} ALTER COLUMN ${NAME} ADD GENERATED (?:ALWAYS|BY DEFAULT) AS IDENTITY`, 'i');
const unq = (s: string) => s.replace(/""/g, '"');
const q = (name: string) => `"${name.replace(/"/g, '""')}"`;
const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;

/**
 * drizzle-kit's identity changes leave the column in a state a fresh install does not have:
 * - `DROP IDENTITY` keeps the NOT NULL that the identity implied: when the new column is
 *   nullable, `DROP NOT NULL` follows;
 * - `ADD GENERATED ... AS IDENTITY` fails on a nullable column ("must be declared NOT NULL before
 *   identity can be added"): `SET NOT NULL` comes first (classified, and checked against the rows
 *   at plan time, like any NOT NULL on an existing column);
 * - a column losing its identity and changing type loses the identity first (the type change
 *   fails while it is there);
 * - an identity added to a column that already holds values starts its sequence after the
 *   largest one (when that is past its start), so the next insert does not collide with a row.
 * `from` and `to` are the snapshots of the drizzle-kit step the statements come from.
 */
export function fixIdentityChanges(sqls: string[], from: Snapshot, to: Snapshot): string[] {
  const out: string[] = [];
  const has = (pattern: RegExp, key: string) => sqls.some((s) => pattern.test(s) && columnKey(s) === key);
  for (const sql of sqls) {
    let m: RegExpMatchArray | null;
    if ((m = sql.match(ADD_IDENTITY))) {
      const [schema, table, column] = [unq(m[1]), unq(m[2]), unq(m[3])];
      const before = columnOf(from, schema, table, column);
      const key = `${schema}.${table}.${column}`;
      const nullable = before && !before.notNull && !before.primaryKey && !inCompositePrimaryKey(from, schema, table, column);
      if (nullable && !has(/ SET NOT NULL/i, key)) out.push(`${alter(schema, table, column)} SET NOT NULL;`);
      out.push(sql);
      // Rows already there keep their values; the sequence continues after the largest (a no-op on an empty table).
      if (before) {
        const relation = `${q(schema)}.${q(table)}`;
        const sequence = `pg_get_serial_sequence(${lit(relation)}, ${lit(column)})`;
        out.push(`SELECT setval(${sequence}, max(${q(column)})) FROM ${relation} HAVING max(${q(column)}) >= (SELECT seqstart FROM pg_sequence WHERE seqrelid = ${sequence}::regclass);`);
      }
      continue;
    }
    out.push(sql);
    if ((m = sql.match(DROP_IDENTITY))) {
      const [schema, table, column] = [unq(m[1]), unq(m[2]), unq(m[3])];
      const after = columnOf(to, schema, table, column);
      const key = `${schema}.${table}.${column}`;
      if (after && !after.notNull && !after.primaryKey && !inCompositePrimaryKey(to, schema, table, column) && !has(/ DROP NOT NULL/i, key)) {
        out.push(`${alter(schema, table, column)} DROP NOT NULL;`);
      }
    }
  }
  return dropIdentityFirst(out);
}

/** A type change of a column losing its identity fails while the identity is there: drop it first. */
function dropIdentityFirst(sqls: string[]): string[] {
  const out = [...sqls];
  for (let i = 0; i < out.length; i++) {
    if (!DROP_IDENTITY.test(out[i]!)) continue;
    const key = columnKey(out[i]!);
    const first = out.findIndex((s) => columnKey(s) === key);
    if (first < i) out.splice(first, 0, ...out.splice(i, 1));
  }
  return out;
}

function alter(schema: string, table: string, column: string): string {
  return `ALTER TABLE ${q(schema)}.${q(table)} ALTER COLUMN ${q(column)}`;
}

function columnKey(sql: string): string | undefined {
  const m = sql.match(COLUMN);
  return m ? `${unq(m[1])}.${unq(m[2])}.${unq(m[3])}` : undefined;
}

function columnOf(snapshot: Snapshot, schema: string, table: string, column: string): SnapshotColumn | undefined {
  return snapshot.tables[`${schema}.${table}`]?.columns[column];
}

function inCompositePrimaryKey(snapshot: Snapshot, schema: string, table: string, column: string): boolean {
  return Object.values(snapshot.tables[`${schema}.${table}`]?.compositePrimaryKeys ?? {}).some((pk) => pk.columns.includes(column));
}
