import type { Snapshot, SnapshotTable } from './types.js';

/**
 * Splits previous -> current into three steps that each only remove or only add, so that
 * drizzle-kit never has both a removed and an added table/column/enum/... in one diff (it would
 * ask whether that is a rename, which throws without a TTY):
 *
 * 1. `previous` -> `unlinked`: drops the foreign keys of kept tables that `current` lacks or
 *    changes (first, so that nothing dropped later is still referenced, and no CASCADE of a
 *    dropped table removes one before its own DROP CONSTRAINT);
 * 2. `unlinked` -> `removed`: drops tables, columns, views, policies (and the indexes and
 *    constraints over dropped columns) that `current` lacks, and enum values it lacks;
 * 3. `removed` -> `added`: creates and alters everything else; `added` is `current` plus the
 *    enums, sequences and schemas that only `previous` has (columns may still use them here);
 * 4. `added` -> `current`: drops those enums, sequences and schemas.
 */
export function splitSnapshots(previous: Snapshot, current: Snapshot): { unlinked: Snapshot; removed: Snapshot; added: Snapshot } {
  const unlinked = structuredClone(previous);
  for (const [key, table] of Object.entries(unlinked.tables)) {
    const target = current.tables[key];
    if (!target) continue;
    for (const [name, fk] of Object.entries(table.foreignKeys)) {
      if (!target.foreignKeys[name] || JSON.stringify(sorted(target.foreignKeys[name])) !== JSON.stringify(sorted(fk))) delete table.foreignKeys[name];
    }
  }
  const removed = structuredClone(unlinked);
  for (const [key, table] of Object.entries(removed.tables)) {
    const target = current.tables[key];
    if (!target) {
      delete removed.tables[key];
      continue;
    }
    keepColumns(table, target);
    keepNamed(table.policies, target.policies);
  }
  // Foreign keys into dropped tables or columns go with them (those into tables outside the
  // snapshot, e.g. another module's, stay).
  for (const table of Object.values(removed.tables)) {
    for (const [name, fk] of Object.entries(table.foreignKeys)) {
      const key = `${fk.schemaTo || 'public'}.${fk.tableTo}`;
      const before = previous.tables[key];
      if (!before) continue;
      const to = removed.tables[key];
      if (!to || !fk.columnsTo.every((c) => to.columns[c])) delete table.foreignKeys[name];
    }
  }
  keepNamed(removed.views, current.views);
  keepNamed(removed.policies, current.policies);
  keepNamed(removed.roles, current.roles);
  // Enum values go in this step, while the kept columns still have their old types and the new
  // columns do not exist yet (see recreateEnumsForDroppedValues).
  for (const [key, e] of Object.entries(removed.enums)) {
    const target = current.enums[key];
    if (target && e.values.some((v) => !target.values.includes(v))) removed.enums[key] = structuredClone(target);
  }

  const added = structuredClone(current);
  addMissing(added.enums, previous.enums);
  addMissing(added.sequences, previous.sequences);
  addMissing(added.schemas, previous.schemas);
  return { unlinked, removed, added };
}

function keepColumns(table: SnapshotTable, target: SnapshotTable): void {
  const gone = new Set(Object.keys(table.columns).filter((c) => !target.columns[c]));
  if (gone.size === 0) return;
  for (const c of gone) delete table.columns[c];
  const uses = (names: string[]) => names.some((n) => gone.has(n));
  // PostgreSQL drops indexes and constraints involving a dropped column by itself, expressions
  // and partial-index predicates included: they must not be dropped again afterwards.
  const mentions = (sql: unknown) => typeof sql === 'string' && [...gone].some((c) => new RegExp(`(^|[^\\w$])"?${escape(c)}"?($|[^\\w$])`).test(sql));
  for (const [name, index] of Object.entries(table.indexes)) {
    if (index.columns.some((c) => (c.isExpression ? mentions(c.expression) : gone.has(c.expression))) || mentions(index.where)) delete table.indexes[name];
  }
  const checks = (table.checkConstraints ?? {}) as Record<string, { value?: string }>;
  for (const [name, check] of Object.entries(checks)) if (mentions(check.value)) delete checks[name];
  for (const [name, fk] of Object.entries(table.foreignKeys)) if (uses(fk.columnsFrom)) delete table.foreignKeys[name];
  for (const [name, pk] of Object.entries(table.compositePrimaryKeys)) if (uses(pk.columns)) delete table.compositePrimaryKeys[name];
  for (const [name, u] of Object.entries(table.uniqueConstraints)) if (uses(u.columns)) delete table.uniqueConstraints[name];
}

function keepNamed(source: Record<string, unknown> | undefined, target: Record<string, unknown> | undefined): void {
  if (!source) return;
  for (const key of Object.keys(source)) if (!target?.[key]) delete source[key];
}

function addMissing<T>(target: Record<string, T>, source: Record<string, T>): void {
  for (const [key, value] of Object.entries(source)) if (!(key in target)) target[key] = value;
}

function sorted(value: object): object {
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)));
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
