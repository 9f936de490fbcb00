import type { Snapshot } from './types.js';

const ADD_VALUE = /^ALTER TYPE "((?:[^"]|"")+)"\."((?:[^"]|"")+)" ADD VALUE /i;
const q = (name: string) => `"${name.replace(/"/g, '""')}"`;
const unq = (s: string) => s.replace(/""/g, '"');

/**
 * PostgreSQL refuses to use an enum value added by `ALTER TYPE ... ADD VALUE` before the
 * transaction commits ("unsafe use of new value"), and a lifecycle operation runs its DDL, data
 * files and hooks in one transaction: a new default, a seed row or a migration step using the new
 * value would make the upgrade fail for ever. So the enum is re-created instead (as drizzle-kit
 * does when values are removed): its columns go to text, the type is dropped and created with
 * every value, and the columns come back, defaults included. Values of a type created in the same
 * transaction are usable at once. Costs a rewrite of the tables with such columns.
 *
 * `before` is the snapshot the statement runs against (columns still on the old type), `after`
 * gives the enum's full value list.
 */
export function recreateEnumsForNewValues(sqls: string[], before: Snapshot, after: Snapshot): string[] {
  const out: string[] = [];
  const done = new Set<string>();
  for (const sql of sqls) {
    const m = sql.match(ADD_VALUE);
    if (!m) { out.push(sql); continue; }
    const [schema, name] = [unq(m[1]), unq(m[2])];
    const key = `${schema}.${name}`;
    const values = after.enums[key]?.values;
    if (!values) { out.push(sql); continue; }
    if (done.has(key)) continue;
    done.add(key);
    const type = `${q(schema)}.${q(name)}`;
    const columns: { table: string; column: string; dims: string; default?: unknown }[] = [];
    for (const table of Object.values(before.tables)) {
      for (const column of Object.values(table.columns)) {
        const dims = column.type.match(/(\[\])+$/)?.[0] ?? '';
        if (column.typeSchema === schema && column.type.slice(0, column.type.length - dims.length) === name) {
          columns.push({ table: `${q(table.schema)}.${q(table.name)}`, column: q(column.name), dims, default: column.default });
        }
      }
    }
    for (const c of columns) {
      if (c.default !== undefined) out.push(`ALTER TABLE ${c.table} ALTER COLUMN ${c.column} DROP DEFAULT;`);
      out.push(`ALTER TABLE ${c.table} ALTER COLUMN ${c.column} SET DATA TYPE text${c.dims};`);
    }
    out.push(`DROP TYPE ${type};`);
    out.push(`CREATE TYPE ${type} AS ENUM(${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(', ')});`);
    for (const c of columns) {
      out.push(`ALTER TABLE ${c.table} ALTER COLUMN ${c.column} SET DATA TYPE ${type}${c.dims} USING ${c.column}::${type}${c.dims};`);
      if (c.default !== undefined) out.push(`ALTER TABLE ${c.table} ALTER COLUMN ${c.column} SET DEFAULT ${String(c.default)};`);
    }
  }
  return out;
}
