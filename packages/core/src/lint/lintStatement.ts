import type { LintWarning, LockLevel, StatementImpact, TableWork } from './lintTypes.js';

const NAME = '"((?:[^"]|"")+)"';
const TABLE = `${NAME}\\.${NAME}`;
const unq = (s: string) => s.replace(/""/g, '"');
const re = (pattern: string) => new RegExp(`^${pattern}`, 'i');

const CREATE_INDEX = re(`CREATE (UNIQUE )?INDEX (CONCURRENTLY )?(?:IF NOT EXISTS )?${NAME} ON (?:ONLY )?${TABLE}`);
const DROP_INDEX = re(`DROP INDEX (CONCURRENTLY )?(?:IF EXISTS )?${TABLE}`);
const ALTER_TABLE = re(`ALTER TABLE (?:IF EXISTS )?(?:ONLY )?${TABLE} `);
const DROP_TABLE = re(`DROP TABLE (?:IF EXISTS )?${TABLE}`);
/** Functions whose default value differs per row: adding a column with one rewrites the table. */
const VOLATILE = /\b(random|gen_random_uuid|uuid_generate_v[14]|clock_timestamp|timeofday|nextval|txid_current)\s*\(/i;

const impact = (table: string, lock: LockLevel, work: TableWork, warnings: LintWarning[] = []): StatementImpact => ({
  table, lock, work, blocksWrites: lock !== 'SHARE UPDATE EXCLUSIVE', blocksReads: lock === 'ACCESS EXCLUSIVE', warnings,
});

/**
 * Classifies one statement of a plan (the SQL drizzle-kit and the hub generate): the lock it takes
 * on an existing table, whether it scans or rewrites it, and the squawk / strong_migrations rules
 * it breaks, each with the safe alternative. `existing` says whether a schema.table existed before
 * the plan (statements on tables the plan creates lock nobody). Anything not recognized is `none`.
 */
export function lintStatement(sql: string, existing: (table: string) => boolean): StatementImpact {
  const s = sql.trim();
  let m: RegExpMatchArray | null;
  if ((m = s.match(CREATE_INDEX))) {
    const [unique, concurrently, name, table] = [Boolean(m[1]), Boolean(m[2]), unq(m[3]!), `${unq(m[4]!)}.${unq(m[5]!)}`];
    if (!existing(table)) return none();
    if (concurrently) return impact(table, 'SHARE UPDATE EXCLUSIVE', 'index build');
    return impact(table, 'SHARE', 'index build', [{
      rule: 'require-concurrent-index-creation',
      message: `builds ${unique ? 'unique ' : ''}index "${name}" while blocking writes to ${table} for the whole build`,
      safe: `CREATE ${unique ? 'UNIQUE ' : ''}INDEX CONCURRENTLY outside the transaction (the hub's online phase does this above the size threshold)`,
    }]);
  }
  if ((m = s.match(DROP_INDEX))) {
    const table = `${unq(m[2]!)}.${unq(m[3]!)}`; // schema.index: the table is not named
    if (m[1]) return { ...impact(table, 'SHARE UPDATE EXCLUSIVE', 'none'), table: undefined };
    return { ...impact(table, 'ACCESS EXCLUSIVE', 'none', [{
      rule: 'require-concurrent-index-deletion', message: 'drops an index while blocking reads and writes of its table',
      safe: 'DROP INDEX CONCURRENTLY outside the transaction',
    }]), table: undefined };
  }
  if ((m = s.match(DROP_TABLE))) {
    const table = `${unq(m[1]!)}.${unq(m[2]!)}`;
    return impact(table, 'ACCESS EXCLUSIVE', 'none', [{
      rule: 'ban-drop-table', message: `drops ${table}: code still running (other instances, the previous release) fails on it`,
      safe: 'release code that no longer uses the table first, drop it in a later release',
    }]);
  }
  if ((m = s.match(ALTER_TABLE))) {
    const table = `${unq(m[1]!)}.${unq(m[2]!)}`;
    if (!existing(table)) return none();
    return alterTable(table, s.slice(m[0].length));
  }
  return none();
}

function none(): StatementImpact {
  return { work: 'none', blocksWrites: false, blocksReads: false, warnings: [] };
}

function alterTable(table: string, action: string): StatementImpact {
  let m: RegExpMatchArray | null;
  if ((m = action.match(re(`ADD CONSTRAINT ${NAME} FOREIGN KEY`)))) {
    if (/\bNOT VALID\b/i.test(action)) return impact(table, 'SHARE ROW EXCLUSIVE', 'none');
    return impact(table, 'SHARE ROW EXCLUSIVE', 'scan', [{
      rule: 'constraint-missing-not-valid',
      message: `adds foreign key "${unq(m[1]!)}" and checks every row of ${table} while blocking its writes (and the referenced table's)`,
      safe: 'ADD CONSTRAINT ... NOT VALID in the transaction, then VALIDATE CONSTRAINT after it (online phase), which lets writes go on',
    }]);
  }
  if ((m = action.match(re(`ADD CONSTRAINT ${NAME} CHECK`)))) {
    if (/\bNOT VALID\b/i.test(action)) return impact(table, 'ACCESS EXCLUSIVE', 'none');
    return impact(table, 'ACCESS EXCLUSIVE', 'scan', [{
      rule: 'constraint-missing-not-valid', message: `adds check "${unq(m[1]!)}" and checks every row of ${table} while blocking reads and writes`,
      safe: 'ADD CONSTRAINT ... NOT VALID in the transaction, then VALIDATE CONSTRAINT after it (online phase)',
    }]);
  }
  if ((m = action.match(re(`ADD CONSTRAINT ${NAME} (UNIQUE|PRIMARY KEY)`)))) {
    if (/\bUSING INDEX\b/i.test(action)) return impact(table, 'ACCESS EXCLUSIVE', 'none');
    return impact(table, 'ACCESS EXCLUSIVE', 'index build', [{
      rule: 'disallowed-unique-constraint', message: `adds ${m[2]!.toUpperCase()} "${unq(m[1]!)}", building its index while blocking reads and writes of ${table}`,
      safe: `CREATE UNIQUE INDEX CONCURRENTLY first, then ADD CONSTRAINT "${unq(m[1]!)}" ${m[2]!.toUpperCase()} USING INDEX`,
    }]);
  }
  if (/^ADD PRIMARY KEY/i.test(action)) {
    return impact(table, 'ACCESS EXCLUSIVE', 'index build', [{
      rule: 'disallowed-unique-constraint', message: `adds a primary key, building its index while blocking reads and writes of ${table}`,
      safe: 'CREATE UNIQUE INDEX CONCURRENTLY first, then ADD PRIMARY KEY USING INDEX',
    }]);
  }
  if ((m = action.match(re(`ALTER COLUMN ${NAME} SET NOT NULL`)))) {
    return impact(table, 'ACCESS EXCLUSIVE', 'scan', [{
      rule: 'adding-not-nullable-field', message: `makes "${unq(m[1]!)}" NOT NULL, checking every row of ${table} while blocking reads and writes`,
      safe: `ADD CONSTRAINT ... CHECK ("${unq(m[1]!)}" IS NOT NULL) NOT VALID, VALIDATE CONSTRAINT, then SET NOT NULL (no scan) and drop the check`,
    }]);
  }
  if ((m = action.match(re(`ALTER COLUMN ${NAME} SET DATA TYPE (.*)$`)))) {
    const cheap = /^(text|varchar|character varying)\b/i.test(m[2]!.trim()) && !/USING/i.test(m[2]!);
    return impact(table, 'ACCESS EXCLUSIVE', cheap ? 'none' : 'rewrite', cheap ? [] : [{
      rule: 'changing-column-type', message: `changes the type of "${unq(m[1]!)}", rewriting ${table} (and its indexes) while blocking reads and writes`,
      safe: 'add a new column, backfill it in batches, switch the code to it, drop the old one in a later release',
    }]);
  }
  if ((m = action.match(re(`ADD COLUMN (?:IF NOT EXISTS )?${NAME} (.*)$`)))) {
    const rest = m[2]!;
    const warnings: LintWarning[] = [];
    const column = unq(m[1]!);
    const volatile = (/\bDEFAULT\b/i.test(rest) && VOLATILE.test(rest)) || /^(big|small)?serial\b/i.test(rest.trim()) || /GENERATED ALWAYS AS \(/i.test(rest);
    if (volatile) {
      warnings.push({
        rule: 'adding-field-with-default', message: `adds "${column}" with a value computed per row, rewriting ${table} while blocking reads and writes`,
        safe: 'add the column without a default (or with a constant one), set the default afterwards, backfill existing rows in batches',
      });
    }
    if (/\bNOT NULL\b/i.test(rest) && !/\bDEFAULT\b/i.test(rest) && !volatile && !/GENERATED/i.test(rest)) {
      warnings.push({
        rule: 'adding-required-field', message: `adds NOT NULL "${column}" without a default: fails as soon as ${table} has rows`,
        safe: 'add it with a default, or nullable, backfill, then SET NOT NULL through a validated check',
      });
    }
    return impact(table, 'ACCESS EXCLUSIVE', volatile ? 'rewrite' : 'none', warnings);
  }
  if ((m = action.match(re(`RENAME COLUMN ${NAME} TO ${NAME}`)))) {
    return impact(table, 'ACCESS EXCLUSIVE', 'none', [{
      rule: 'renaming-column', message: `renames "${unq(m[1]!)}" to "${unq(m[2]!)}": code still running (other instances, the previous release) fails on the old name`,
      safe: 'add the new column, write both, switch reads, drop the old one in a later release (or keep both names through a view)',
    }]);
  }
  if ((m = action.match(re(`RENAME TO ${NAME}`)))) {
    return impact(table, 'ACCESS EXCLUSIVE', 'none', [{
      rule: 'renaming-table', message: `renames ${table} to "${unq(m[1]!)}": code still running fails on the old name`,
      safe: 'create the new table and move the code to it over releases, or leave a view under the old name',
    }]);
  }
  if ((m = action.match(re(`DROP COLUMN (?:IF EXISTS )?${NAME}`)))) {
    return impact(table, 'ACCESS EXCLUSIVE', 'none', [{
      rule: 'ban-drop-column', message: `drops "${unq(m[1]!)}": code still running (other instances, the previous release) fails on it`,
      safe: 'release code that no longer reads or writes the column first, drop it in a later release',
    }]);
  }
  if (/^VALIDATE CONSTRAINT/i.test(action)) return impact(table, 'SHARE UPDATE EXCLUSIVE', 'scan');
  // SET/DROP DEFAULT, DROP NOT NULL, DROP CONSTRAINT, RENAME CONSTRAINT, ...: a short exclusive lock, no scan.
  return impact(table, 'ACCESS EXCLUSIVE', 'none');
}
