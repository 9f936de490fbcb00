const HOLE = /^\/\*[\s\S]*?can't automatically get name for primary key[\s\S]*?table_schema = '((?:[^']|'')*)'[\s\S]*?table_name = '((?:[^']|'')*)'[\s\S]*$/;

/**
 * drizzle-kit cannot name the primary key it must drop when a column loses `.primaryKey()`, and
 * emits a commented-out statement for a human to fill in. This replaces it with a statement that
 * looks the name up in the catalog and drops that constraint.
 */
export function replaceUnnamedPrimaryKeyDrops(sqls: string[]): string[] {
  return sqls.map((sql) => {
    const m = sql.match(HOLE);
    if (!m) return sql;
    const [schema, table] = [m[1].replace(/''/g, "'"), m[2].replace(/''/g, "'")];
    const relation = `"${schema.replace(/"/g, '""')}"."${table.replace(/"/g, '""')}"`;
    const literal = `'${relation.replace(/'/g, "''")}'`;
    return `DO $hub$ DECLARE pk text; BEGIN SELECT conname INTO pk FROM pg_constraint WHERE conrelid = ${literal}::regclass AND contype = 'p'; IF pk IS NOT NULL THEN EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', ${literal}, pk); END IF; END $hub$;`;
  });
}
