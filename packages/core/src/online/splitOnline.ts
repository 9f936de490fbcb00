import type { PlannedStatement } from '../hub/types.js';

const NAME = '"((?:[^"]|"")+)"';
const TABLE = `${NAME}\\.${NAME}`;
const unq = (s: string) => s.replace(/""/g, '"');
const CREATE_INDEX = new RegExp(`^CREATE (UNIQUE )?INDEX (?!CONCURRENTLY)(?:IF NOT EXISTS )?${NAME} ON (?:ONLY )?${TABLE}(.*)$`, 'is');
const ADD_CONSTRAINT = new RegExp(`^ALTER TABLE (?:ONLY )?${TABLE} ADD CONSTRAINT ${NAME} (?:FOREIGN KEY|CHECK)(?!.*\\bNOT VALID\\b)`, 'is');

/** Rows of an existing table above which its index builds and constraint checks go online. */
export const DEFAULT_ONLINE_ROWS = 100_000;

/**
 * Splits a module's statements into the transactional part and the online phase, for tables with
 * at least `threshold` estimated rows (`rows`: existing tables only, so tables the plan creates stay
 * transactional): CREATE INDEX becomes CREATE INDEX CONCURRENTLY after the commit; a foreign key or
 * check is added NOT VALID in the transaction (a short lock, no scan) and validated after it
 * (VALIDATE CONSTRAINT lets writes go on). Everything else is unchanged and stays atomic.
 *
 * An index the module declares `.concurrently()` goes online whatever the table's size (on install
 * too): the author asked for a build that never blocks writes. A unique one stays in the
 * transaction when a foreign key of the plan (`planStatements`) references its table, since the key
 * needs it before the commit.
 */
export function splitOnline(
  statements: PlannedStatement[], rows: ReadonlyMap<string, number>, threshold: number, planStatements: readonly PlannedStatement[] = statements,
): { statements: PlannedStatement[]; online: PlannedStatement[] } {
  const kept: PlannedStatement[] = [];
  const online: PlannedStatement[] = [];
  const big = (schema: string, table: string) => (rows.get(`${unq(schema)}.${unq(table)}`) ?? -1) >= threshold;
  const referenced = referencedTables(planStatements);
  for (const s of statements) {
    const sql = s.sql.trim();
    let m: RegExpMatchArray | null;
    if ((m = sql.match(CREATE_INDEX)) && (big(m[3]!, m[4]!) || declaredConcurrently(s, m, referenced))) {
      online.push({ sql: `CREATE ${m[1] ?? ''}INDEX CONCURRENTLY IF NOT EXISTS "${m[2]!}" ON "${m[3]!}"."${m[4]!}"${m[5]!}` });
    } else if ((m = sql.match(ADD_CONSTRAINT)) && big(m[1]!, m[2]!)) {
      kept.push({ ...s, sql: `${sql.replace(/;\s*$/, '')} NOT VALID;` });
      online.push({ sql: `ALTER TABLE "${m[1]!}"."${m[2]!}" VALIDATE CONSTRAINT "${m[3]!}";` });
    } else {
      kept.push(s);
    }
  }
  return { statements: kept, online };
}

function declaredConcurrently(s: PlannedStatement, m: RegExpMatchArray, referenced: ReadonlySet<string>): boolean {
  if (!s.concurrently) return false;
  return !m[1] || !referenced.has(`${unq(m[3]!)}.${unq(m[4]!)}`);
}

/** Tables that foreign keys added by these statements reference (schema.table). */
function referencedTables(statements: readonly PlannedStatement[]): Set<string> {
  const out = new Set<string>();
  for (const s of statements) for (const r of s.sql.matchAll(new RegExp(`\\bREFERENCES ${TABLE}`, 'gi'))) out.add(`${unq(r[1]!)}.${unq(r[2]!)}`);
  return out;
}

/** What the runner needs to know of an online statement: its kind and, for an index, its qualified name. */
export function onlineKind(sql: string): { kind: 'index' | 'validate'; indexName?: string } {
  const m = sql.match(/^CREATE (?:UNIQUE )?INDEX CONCURRENTLY (?:IF NOT EXISTS )?("(?:[^"]|"")+") ON (?:ONLY )?("(?:[^"]|"")+")\./i);
  return m ? { kind: 'index', indexName: `${m[2]}.${m[1]}` } : { kind: 'validate' };
}
