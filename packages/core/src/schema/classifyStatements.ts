import { columnType } from './columnType.js';
import { isWideningType } from './isWideningType.js';
import type { DiffStatement, Snapshot, SnapshotColumn } from './types.js';

const NAME = '"((?:[^"]|"")+)"';
const TABLE = `${NAME}\\.${NAME}`;
const unq = (s: string) => s.replace(/""/g, '"');
const re = (pattern: string) => new RegExp(`^${pattern}`, 'i');

const DROP_TABLE = re(`DROP TABLE (?:IF EXISTS )?${TABLE}`);
const DROP_COLUMN = re(`ALTER TABLE ${TABLE} DROP COLUMN (?:IF EXISTS )?${NAME}`);
const SET_TYPE = re(`ALTER TABLE ${TABLE} ALTER COLUMN ${NAME} SET DATA TYPE`);
const SET_NOT_NULL = re(`ALTER TABLE ${TABLE} ALTER COLUMN ${NAME} SET NOT NULL`);
const ADD_COLUMN = re(`ALTER TABLE ${TABLE} ADD COLUMN ${NAME}`);
const ADD_CONSTRAINT = re(`ALTER TABLE ${TABLE} ADD CONSTRAINT ${NAME} (UNIQUE|PRIMARY KEY|FOREIGN KEY|CHECK)`);
const ADD_PRIMARY_KEY = re(`ALTER TABLE ${TABLE} ADD PRIMARY KEY \\(([^)]*)\\)`);
const CREATE_UNIQUE_INDEX = re(`CREATE UNIQUE INDEX (?:CONCURRENTLY )?(?:IF NOT EXISTS )?${NAME} ON ${TABLE}`);
const DROP_TYPE = re(`DROP TYPE (?:IF EXISTS )?${TABLE}`);
const CREATE_TYPE = re(`CREATE TYPE ${TABLE}`);
const DROP_SEQUENCE = re(`DROP SEQUENCE (?:IF EXISTS )?${TABLE}`);
/** The DO block of recreateEnumsForNewValues.ts, which names the enum in its first comment. */
const RECREATE_ENUM = /^DO \$hub\$[^\n]*\n\s*-- Re-create enum "((?:[^"]|"")+)"\."((?:[^"]|"")+)" with values/i;

/**
 * Flags what each statement may do to existing data. `before` is the snapshot the statements start
 * from (rename hints already applied), `after` the one they lead to.
 * - dataLoss: dropped tables, columns, enum types or values, sequences; narrowing type changes.
 * - warning: NOT NULL, unique, primary key, foreign key or check constraints added over existing
 *   rows, which fail when those rows do not satisfy them (no data is lost).
 */
export function classifyStatements(sqls: string[], before: Snapshot, after: Snapshot): DiffStatement[] {
  const result: DiffStatement[] = [];
  for (let i = 0; i < sqls.length; i++) {
    const sql = sqls[i];
    const out: DiffStatement = { sql };
    let m: RegExpMatchArray | null;
    if ((m = sql.match(DROP_TABLE))) {
      out.dataLoss = `drops table "${unq(m[1])}"."${unq(m[2])}" and all its rows`;
    } else if ((m = sql.match(DROP_COLUMN))) {
      out.dataLoss = `drops column "${unq(m[1])}"."${unq(m[2])}"."${unq(m[3])}" and its values`;
    } else if ((m = sql.match(SET_TYPE))) {
      const [schema, table, column] = [unq(m[1]), unq(m[2]), unq(m[3])];
      const from = columnType(before, schema, table, column);
      const to = columnType(after, schema, table, column);
      // Statements that pass through text while an enum is recreated start and end on the same type.
      if (from && to && from !== to && !isWideningType(from, to) && !enumWidens(before, after, from, to)) {
        const firstOnly = /\]$/.test(from) && !/\]$/.test(to) ? ' (only the first element of each array is kept)' : '';
        out.dataLoss = `changes the type of column "${schema}"."${table}"."${column}" from ${display(from)} to ${display(to)}: values may be truncated, rounded or rejected${firstOnly}`;
      } else if (!from || !to) {
        out.dataLoss = `changes the type of column "${schema}"."${table}"."${column}": values may be converted`;
      }
    } else if ((m = sql.match(SET_NOT_NULL))) {
      const [schema, table, column] = [unq(m[1]), unq(m[2]), unq(m[3])];
      if (before.tables[`${schema}.${table}`]?.columns[column]) {
        out.warning = `makes existing column "${schema}"."${table}"."${column}" NOT NULL: fails if existing rows hold NULL`;
        out.requiresNoNulls = { schema, table, column };
      }
    } else if ((m = sql.match(ADD_COLUMN))) {
      const [schema, table, column] = [unq(m[1]), unq(m[2]), unq(m[3])];
      const def = after.tables[`${schema}.${table}`]?.columns[column];
      if (before.tables[`${schema}.${table}`] && def && def.notNull && def.default === undefined && !fillsItself(def)) {
        out.warning = `adds NOT NULL column "${schema}"."${table}"."${column}" without a default: fails if the table has rows`;
      }
    } else if ((m = sql.match(ADD_CONSTRAINT))) {
      const [schema, table, name, kind] = [unq(m[1]), unq(m[2]), unq(m[3]), m[4].toUpperCase()];
      const columns = constraintColumns(after, schema, table, name);
      if (existingRowsMayViolate(before, after, schema, table, columns, kind)) {
        out.warning = `adds ${kind} constraint "${name}" on existing table "${schema}"."${table}": fails if existing rows violate it`;
      }
    } else if ((m = sql.match(ADD_PRIMARY_KEY))) {
      const [schema, table] = [unq(m[1]), unq(m[2])];
      const columns = [...m[3].matchAll(/"((?:[^"]|"")+)"/g)].map((c) => unq(c[1]));
      if (existingRowsMayViolate(before, after, schema, table, columns, 'PRIMARY KEY')) {
        out.warning = `adds a PRIMARY KEY on existing table "${schema}"."${table}": fails if existing rows hold NULL or duplicates`;
      }
    } else if ((m = sql.match(CREATE_UNIQUE_INDEX))) {
      const [name, schema, table] = [unq(m[1]), unq(m[2]), unq(m[3])];
      if (before.tables[`${schema}.${table}`]) {
        out.warning = `adds unique index "${name}" on existing table "${schema}"."${table}": fails if existing rows hold duplicates`;
      }
    } else if ((m = sql.match(DROP_TYPE))) {
      const [schema, name] = [unq(m[1]), unq(m[2])];
      const recreated = sqls.slice(i + 1).some((s) => {
        const c = s.match(CREATE_TYPE);
        return c && unq(c[1]) === schema && unq(c[2]) === name;
      });
      const old = before.enums[`${schema}.${name}`]?.values ?? [];
      const kept = new Set(after.enums[`${schema}.${name}`]?.values ?? []);
      const lost = old.filter((v) => !kept.has(v));
      if (recreated && lost.length === 0) {
        // Re-created with every old value (values added inside a transaction, see recreateEnumsForNewValues).
      } else out.dataLoss = recreated
        ? `drops value${lost.length === 1 ? '' : 's'} ${lost.map((v) => `'${v}'`).join(', ')} of enum "${schema}"."${name}": rows holding ${lost.length === 1 ? 'it' : 'them'} make the change fail`
        : `drops enum type "${schema}"."${name}"`;
    } else if ((m = sql.match(RECREATE_ENUM))) {
      const [schema, name] = [unq(m[1]), unq(m[2])];
      const kept = new Set(after.enums[`${schema}.${name}`]?.values ?? []);
      const lost = (before.enums[`${schema}.${name}`]?.values ?? []).filter((v) => !kept.has(v));
      if (lost.length) out.dataLoss = `drops value${lost.length === 1 ? '' : 's'} ${lost.map((v) => `'${v}'`).join(', ')} of enum "${schema}"."${name}": rows holding ${lost.length === 1 ? 'it' : 'them'} make the change fail`;
    } else if ((m = sql.match(DROP_SEQUENCE))) {
      out.dataLoss = `drops sequence "${unq(m[1])}"."${unq(m[2])}" and its current value`;
    }
    result.push(out);
  }
  return result;
}

/** The columns a named constraint of `after` covers, or undefined (e.g. a CHECK). */
function constraintColumns(after: Snapshot, schema: string, table: string, name: string): string[] | undefined {
  const t = after.tables[`${schema}.${table}`];
  if (!t) return undefined;
  return t.uniqueConstraints[name]?.columns ?? t.compositePrimaryKeys[name]?.columns ?? t.foreignKeys[name]?.columnsFrom;
}

/**
 * Whether a constraint added to a table may meet rows that break it: the table existed, and the
 * constraint covers a column that existed too, or (primary key, unique) a new column that is
 * filled with a default. New nullable columns without default hold only NULL, which passes.
 */
function existingRowsMayViolate(before: Snapshot, after: Snapshot, schema: string, table: string, columns: string[] | undefined, kind: string): boolean {
  const old = before.tables[`${schema}.${table}`];
  if (!old) return false;
  if (!columns) return true;
  const now = after.tables[`${schema}.${table}`];
  return columns.some((c) => old.columns[c] || (kind !== 'FOREIGN KEY' && now?.columns[c] && (now.columns[c].default !== undefined || now.columns[c].notNull)));
}

function fillsItself(column: SnapshotColumn): boolean {
  const c = column as SnapshotColumn & { identity?: unknown; generated?: unknown };
  return /serial$/i.test(c.type) || Boolean(c.identity) || Boolean(c.generated);
}

/** enum -> enum that has every value of the old one. */
function enumWidens(before: Snapshot, after: Snapshot, from: string, to: string): boolean {
  const parse = (t: string) => (t.startsWith('enum:') && !t.endsWith(']') ? t.slice(5) : undefined);
  const a = parse(from);
  const b = parse(to);
  if (!a || !b) return false;
  const oldValues = before.enums[a]?.values;
  const newValues = new Set(after.enums[b]?.values ?? []);
  return Boolean(oldValues) && oldValues!.every((v) => newValues.has(v));
}

function display(type: string): string {
  return type.startsWith('enum:') ? `enum ${type.slice(5)}` : type;
}
