import type { DiffStatement, Snapshot } from './types.js';

const CREATE_INDEX = /^CREATE (UNIQUE )?INDEX (?:IF NOT EXISTS )?"((?:[^"]|"")+)" ON "((?:[^"]|"")+)"\./i;
const unq = (s: string) => s.replace(/""/g, '"');

/**
 * `index(...).concurrently()` is how an author says "build this without blocking writes", but
 * `CREATE INDEX CONCURRENTLY` cannot run inside the transaction an operation runs in. So the
 * flag is taken out of both snapshots before drizzle-kit diffs them (adding or removing it
 * changes nothing in the database: the index is the same), the index is created inside the
 * transaction as a plain `CREATE INDEX` (on a new or small table that is also the fast way), and
 * its statement is marked `concurrently`, so an online phase after commit may build it that way.
 */
export function withoutConcurrently(snapshot: Snapshot): Snapshot {
  const tables = Object.entries(snapshot.tables);
  if (!tables.some(([, t]) => Object.values(t.indexes).some((i) => i.concurrently))) return snapshot;
  const copy: Snapshot = { ...snapshot, tables: { ...snapshot.tables } };
  for (const [key, table] of tables) {
    if (!Object.values(table.indexes).some((i) => i.concurrently)) continue;
    copy.tables[key] = { ...table, indexes: Object.fromEntries(Object.entries(table.indexes).map(([k, i]) => [k, { ...i, concurrently: false }])) };
  }
  return copy;
}

/** Marks the CREATE INDEX statements of indexes `current` declares concurrently(). */
export function markConcurrentIndexes(statements: DiffStatement[], current: Snapshot): DiffStatement[] {
  return statements.map((s) => {
    const m = s.sql.match(CREATE_INDEX);
    if (!m) return s;
    const [name, schema] = [unq(m[2]!), unq(m[3]!)];
    const declared = Object.values(current.tables).some((t) => (t.schema || 'public') === schema && t.indexes[name]?.concurrently);
    return declared ? { ...s, concurrently: true } : s;
  });
}
