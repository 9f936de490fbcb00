import type { Snapshot, SnapshotTable } from './types.js';

const q = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * Renames, in `previous` (mutated) and on the database (returned statements), the constraints and
 * indexes of tables present in both snapshots whose name changed but whose definition did not,
 * e.g. "people_fullname_unique" -> "people_name_unique" after a column rename. drizzle-kit would
 * drop and re-create them, which fails when a foreign key depends on a unique constraint, and
 * rebuilds indexes for nothing.
 */
export function matchRenamedConstraints(previous: Snapshot, current: Snapshot): string[] {
  const statements: string[] = [];
  for (const [key, table] of Object.entries(previous.tables)) {
    const target = current.tables[key];
    if (!target) continue;
    const onTable = `ALTER TABLE ${q(table.schema)}.${q(table.name)}`;
    renameMatching(table.uniqueConstraints, target.uniqueConstraints, (from, to) => statements.push(`${onTable} RENAME CONSTRAINT ${q(from)} TO ${q(to)};`));
    renameMatching(table.compositePrimaryKeys, target.compositePrimaryKeys, (from, to) => statements.push(`${onTable} RENAME CONSTRAINT ${q(from)} TO ${q(to)};`));
    renameMatching(table.foreignKeys, target.foreignKeys, (from, to) => statements.push(`${onTable} RENAME CONSTRAINT ${q(from)} TO ${q(to)};`));
    renameMatching(table.indexes as SnapshotTable['indexes'], target.indexes, (from, to) => statements.push(`ALTER INDEX ${q(table.schema)}.${q(from)} RENAME TO ${q(to)};`));
    renameMatching(table.checkConstraints as Record<string, { name: string }> | undefined, target.checkConstraints as Record<string, { name: string }> | undefined, (from, to) => statements.push(`${onTable} RENAME CONSTRAINT ${q(from)} TO ${q(to)};`));
  }
  return statements;
}

function renameMatching<T extends { name: string }>(
  before: Record<string, T> | undefined,
  after: Record<string, T> | undefined,
  emit: (from: string, to: string) => void,
): void {
  if (!before || !after) return;
  const gone = Object.keys(before).filter((name) => !after[name]);
  const added = Object.keys(after).filter((name) => !before[name]);
  for (const from of gone) {
    const body = definition(before[from]);
    const to = added.find((name) => definition(after[name]) === body);
    if (!to) continue;
    added.splice(added.indexOf(to), 1);
    const entries = Object.entries(before).map(([k, v]) => (k === from ? [to, { ...v, name: to }] : [k, v]) as [string, T]);
    for (const k of Object.keys(before)) delete before[k];
    Object.assign(before, Object.fromEntries(entries));
    emit(from, to);
  }
}

function definition(entity: { name: string }): string {
  const { name: _name, ...rest } = entity as Record<string, unknown>;
  return stable(rest);
}

function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${stable((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
