// Whether code of the previous version keeps working on the schema a plan leads to (expand /
// contract). Compatible means additive only: new tables, views, sequences, types and enum values,
// nullable (or defaulted) columns, plain indexes, constraints on what the plan itself adds, and
// loosened rules (DROP NOT NULL, SET DEFAULT, dropped indexes and constraints). Anything else -
// drops, renames, type changes, NOT NULL without a default, new rules over existing columns, and
// any statement not known to be additive - is breaking: instances still running the older code
// must stop serving the module (HUB_MODULE_VERSION_SKEW) until they run the new code.
import type { BreakingStatement, Compatibility, PlannedModule, PlannedStatement } from '../hub/types.js';

const NAME = '"((?:[^"]|"")+)"';
const TABLE = `${NAME}\\.${NAME}`;
const unq = (s: string) => s.replace(/""/g, '"');
const re = (pattern: string) => new RegExp(`^\\s*${pattern}`, 'i');
const columnsIn = (list: string) => [...list.matchAll(/"((?:[^"]|"")+)"/g)].map((c) => unq(c[1]!));

const CREATE_SCHEMA = re('CREATE SCHEMA');
const CREATE_TABLE = re(`CREATE TABLE (?:IF NOT EXISTS )?${TABLE}`);
const CREATE_ADDITIVE = re('CREATE (?:OR REPLACE )?(?:SEQUENCE|TYPE|(?:MATERIALIZED )?VIEW) ');
const CREATE_UNIQUE_INDEX = re(`CREATE UNIQUE INDEX (?:CONCURRENTLY )?(?:IF NOT EXISTS )?${NAME} ON ${TABLE}[^(]*\\(([^)]*)\\)`);
const CREATE_INDEX = re('CREATE INDEX ');
const ADD_ENUM_VALUE = re('ALTER TYPE \\S+ ADD VALUE ');
const RECREATE_ENUM = /^\s*DO \$hub\$[\s\S]*-- Re-create enum /i;
const ADD_COLUMN = re(`ALTER TABLE ${TABLE} ADD COLUMN (?:IF NOT EXISTS )?${NAME} (.*)$`);
const ADD_CONSTRAINT = re(`ALTER TABLE ${TABLE} ADD CONSTRAINT ${NAME} (UNIQUE|PRIMARY KEY|FOREIGN KEY|CHECK)\\s*(?:NULLS NOT DISTINCT\\s*)?\\(([^)]*)\\)`);
const VALIDATE_CONSTRAINT = re(`ALTER TABLE ${TABLE} VALIDATE CONSTRAINT`);
const LOOSENING = [
  re(`ALTER TABLE ${TABLE} ALTER COLUMN ${NAME} DROP NOT NULL`),
  re(`ALTER TABLE ${TABLE} ALTER COLUMN ${NAME} SET DEFAULT`),
  re(`ALTER TABLE ${TABLE} DROP CONSTRAINT`),
  re('DROP INDEX '),
];
const FILLS_ITSELF = /\b(DEFAULT|GENERATED|serial|bigserial|smallserial)\b/i;

/** Why a statement breaks code of the previous version, or undefined when it is additive. */
function breakingReason(s: PlannedStatement, added: AddedByPlan): string | undefined {
  const sql = s.sql;
  if (s.dataLoss) return `loses data: ${s.dataLoss}`;
  let m: RegExpMatchArray | null;
  if (CREATE_SCHEMA.test(sql) || CREATE_TABLE.test(sql) || CREATE_ADDITIVE.test(sql) || ADD_ENUM_VALUE.test(sql) || RECREATE_ENUM.test(sql)) return undefined;
  if ((m = sql.match(CREATE_UNIQUE_INDEX))) {
    const [schema, table, list] = [unq(m[2]!), unq(m[3]!), m[4]!];
    return added.coversAll(schema, table, columnsIn(list)) ? undefined : `adds a unique index over existing columns of "${schema}"."${table}": older code may write duplicates`;
  }
  if (CREATE_INDEX.test(sql)) return undefined;
  if ((m = sql.match(ADD_COLUMN))) {
    const rest = m[4]!;
    return /\bNOT NULL\b/i.test(rest) && !FILLS_ITSELF.test(rest)
      ? `adds NOT NULL column "${unq(m[1]!)}"."${unq(m[2]!)}"."${unq(m[3]!)}" without a default: older code's inserts fail`
      : undefined;
  }
  if ((m = sql.match(ADD_CONSTRAINT))) {
    const [schema, table, name, kind] = [unq(m[1]!), unq(m[2]!), unq(m[3]!), m[4]!.toUpperCase()];
    // A CHECK's parentheses hold an expression, not a column list: only one on a new table is additive.
    const columns = kind === 'CHECK' ? [] : columnsIn(m[5]!);
    if (added.tables.has(`${schema}.${table}`) || (columns.length && added.coversAll(schema, table, columns))) return undefined;
    return `adds ${kind} constraint "${name}" over existing columns of "${schema}"."${table}": older code's writes may violate it`;
  }
  if (VALIDATE_CONSTRAINT.test(sql) || LOOSENING.some((r) => r.test(sql))) return undefined;
  if (/^\s*ALTER TABLE \S+ RENAME /i.test(sql) || /^\s*ALTER TABLE .* RENAME (COLUMN|TO|CONSTRAINT)/i.test(sql)) return 'renames: older code uses the old name';
  if (/\bSET DATA TYPE\b|\bTYPE\b.*\bUSING\b/i.test(sql)) return 'changes a column type: older code reads and writes the old type';
  if (/\bSET NOT NULL\b/i.test(sql)) return 'makes a column NOT NULL: older code may write NULL';
  if (/\bDROP DEFAULT\b/i.test(sql)) return 'drops a default: older code relies on it';
  if (/\bDROP COLUMN\b/i.test(sql)) return 'drops a column older code uses';
  if (/^\s*DROP /i.test(sql)) return 'drops an object older code may use';
  return 'not known to be additive';
}

/** Tables and columns a plan step creates: rules over them cannot break older code, which never wrote them. */
class AddedByPlan {
  readonly tables = new Set<string>();
  private readonly columns = new Set<string>();
  constructor(statements: PlannedStatement[]) {
    for (const { sql } of statements) {
      let m: RegExpMatchArray | null;
      if ((m = sql.match(CREATE_TABLE))) this.tables.add(`${unq(m[1]!)}.${unq(m[2]!)}`);
      else if ((m = sql.match(ADD_COLUMN))) this.columns.add(`${unq(m[1]!)}.${unq(m[2]!)}.${unq(m[3]!)}`);
    }
  }

  coversAll(schema: string, table: string, columns: string[]): boolean {
    if (this.tables.has(`${schema}.${table}`)) return true;
    return columns.length > 0 && columns.every((c) => this.columns.has(`${schema}.${table}.${c}`));
  }
}

/** Classifies the statements of one plan step (transactional and online ones together). */
export function classifyCompatibility(statements: PlannedStatement[]): Compatibility {
  const added = new AddedByPlan(statements);
  const breaking: BreakingStatement[] = [];
  for (const s of statements) {
    const reason = breakingReason(s, added);
    if (reason) breaking.push({ sql: s.sql, reason });
  }
  return { compatible: breaking.length === 0, breaking };
}

/** Actions after which instances may still run the code of the version before. */
const VERSIONED = new Set(['upgrade', 'sync']);

/**
 * Sets `compatibility` on every upgrade and sync step of a plan, and returns whether the plan as a
 * whole is compatible (undefined when it has no such step).
 */
export function annotateCompatibility(modules: PlannedModule[]): boolean | undefined {
  let all: boolean | undefined;
  for (const m of modules) {
    if (!VERSIONED.has(m.action)) continue;
    m.compatibility = classifyCompatibility([...m.statements, ...(m.online ?? [])]);
    all = (all ?? true) && m.compatibility.compatible;
  }
  return all;
}
