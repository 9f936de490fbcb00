import type { Snapshot, SnapshotColumn } from './types.js';

const NAME = '"((?:[^"]|"")+)"';
const COLUMN = new RegExp(`^ALTER TABLE ${NAME}\\.${NAME} ALTER COLUMN ${NAME} `, 'i');
const SET_TYPE = / SET DATA TYPE /i;
const USING = / SET DATA TYPE .+ USING /i;
const DROP_DEFAULT = / DROP DEFAULT;$/i;
const SET_DEFAULT = / SET DEFAULT /i;
const unq = (s: string) => s.replace(/""/g, '"');

/**
 * PostgreSQL converts a column's default along with its type, by assignment cast only (USING
 * applies to the values, not to the default). So where a type change needs USING (no assignment
 * cast exists, see addCastUsing), a default still on the column makes it fail ("default for
 * column cannot be cast automatically"), and drizzle-kit's `SET DEFAULT` of the new type written
 * before the type change fails too (the column still has the old type). For such a change the
 * order becomes: DROP DEFAULT, SET DATA TYPE ... USING, SET DEFAULT (the new one, if any: drizzle-kit
 * leaves out a default that appears with a type change), then the NOT NULL change of the new
 * snapshot when drizzle-kit left it out.
 *
 * A type change preceded by another one of the same column (drizzle-kit's enum re-creation goes
 * through text and sets its defaults itself) only gets the missing NOT NULL change; a change
 * needing no USING keeps its order and gets the default and NOT NULL changes drizzle-kit left out
 * (it does for a bigint NOT NULL with a default turned into a nullable integer).
 */
export function orderDefaultsAroundTypeChanges(sqls: string[], before: Snapshot, after: Snapshot): string[] {
  const out = [...sqls];
  for (let i = 0; i < out.length; i++) {
    const sql = out[i]!;
    const m = sql.match(COLUMN);
    if (!m || !SET_TYPE.test(sql)) continue;
    const key = `${unq(m[1]!)}.${unq(m[2]!)}.${unq(m[3]!)}`;
    const from = columnOf(before, unq(m[1]!), unq(m[2]!), unq(m[3]!));
    const to = columnOf(after, unq(m[1]!), unq(m[2]!), unq(m[3]!));
    if (!from || !to) continue;
    const forColumn = (j: number, pattern: RegExp) => columnKey(out[j]!) === key && pattern.test(out[j]!);
    const prefix = sql.slice(0, m[0].length).trimEnd();
    const notNull = Boolean(to.notNull) !== Boolean(from.notNull) && !out.some((s) => columnKey(s) === key && / (SET|DROP) NOT NULL;$/i.test(s))
      ? [`${prefix} ${to.notNull ? 'SET' : 'DROP'} NOT NULL;`]
      : [];
    // No USING: assignment casts convert the default, only what drizzle-kit left out is added.
    if (!USING.test(sql)) {
      const defaultChanged = !out.some((_, j) => forColumn(j, SET_DEFAULT) || forColumn(j, DROP_DEFAULT)) && String(from.default) !== String(to.default);
      const missing = [...(defaultChanged ? [`${prefix} ${to.default === undefined ? 'DROP DEFAULT' : `SET DEFAULT ${String(to.default)}`};`] : []), ...notNull];
      out.splice(i + 1, 0, ...missing);
      i += missing.length;
      continue;
    }
    if (out.slice(0, i).some((_, j) => forColumn(j, SET_TYPE))) {
      out.splice(i + 1, 0, ...notNull);
      i += notNull.length;
      continue;
    }

    // Defaults of this column around it: drops go before, sets after.
    const moved: string[] = [];
    const drops: string[] = [];
    for (let j = out.length - 1; j >= 0; j--) {
      if (j === i) continue;
      if (forColumn(j, SET_DEFAULT) && j < i) moved.unshift(...out.splice(j, 1));
      else if (forColumn(j, DROP_DEFAULT) && j > i) drops.unshift(...out.splice(j, 1));
    }
    i = out.indexOf(sql);
    const dropped = drops.length > 0 || out.slice(0, i).some((_, j) => forColumn(j, DROP_DEFAULT));
    if (from.default !== undefined && !dropped) drops.push(`${prefix} DROP DEFAULT;`);
    out.splice(i, 0, ...drops);
    i += drops.length;
    const setLater = out.slice(i + 1).some((_, j) => forColumn(i + 1 + j, SET_DEFAULT));
    if (to.default !== undefined && moved.length === 0 && !setLater) moved.push(`${prefix} SET DEFAULT ${String(to.default)};`);
    out.splice(i + 1, 0, ...moved, ...notNull);
    i += moved.length + notNull.length;
  }
  return out;
}

function columnKey(sql: string): string | undefined {
  const m = sql.match(COLUMN);
  return m ? `${unq(m[1]!)}.${unq(m[2]!)}.${unq(m[3]!)}` : undefined;
}

function columnOf(snapshot: Snapshot, schema: string, table: string, column: string): SnapshotColumn | undefined {
  return snapshot.tables[`${schema}.${table}`]?.columns[column];
}
