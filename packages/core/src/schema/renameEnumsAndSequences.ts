import type { Snapshot } from './types.js';

const q = (name: string) => `"${name.replace(/"/g, '""')}"`;
const lit = (value: string) => `'${value.replace(/'/g, "''")}'`;
const lastPart = (name: string) => name.slice(name.lastIndexOf('.') + 1);

type Group = 'enums' | 'sequences';
interface Named { name: string; schema: string }

/**
 * Rename hints for enums ('oldEnum' -> 'newEnum'), enum values ('enum.oldValue' -> 'newValue')
 * and sequences ('oldSequence' -> 'newSequence'), optionally prefixed with the PostgreSQL schema.
 * Like table and column hints (see applyRenameHints) each applies only while meaningful, in
 * either direction, and renames in place: `ALTER TYPE ... RENAME TO`, `ALTER TYPE ... RENAME
 * VALUE` (rows keep their value under its new label), `ALTER SEQUENCE ... RENAME TO` (the sequence
 * keeps its position). Mutates `snapshot` (the previous one) so drizzle-kit sees no change left.
 */
export function renameEnumsAndSequences(snapshot: Snapshot, current: Snapshot, renames: [string, string][], moduleName: string, statements: string[]): void {
  const enumAliases = new Map<string, string>(); // an enum name in a hint -> its name in `snapshot` now
  for (const [from, to] of renames) {
    const prefix = from.includes('.') ? from.slice(0, from.lastIndexOf('.') + 1) : '';
    for (const group of ['enums', 'sequences'] as const) {
      const done = renameIfMeaningful(snapshot, current, group, from, lastPart(to), moduleName, statements)
        ?? renameIfMeaningful(snapshot, current, group, `${prefix}${lastPart(to)}`, lastPart(from), moduleName, statements);
      if (done && group === 'enums') {
        enumAliases.set(lastPart(from), done.name);
        enumAliases.set(lastPart(to), done.name);
      }
      if (done) break;
    }
  }
  for (const [from, to] of renames) {
    const dot = from.lastIndexOf('.');
    if (dot <= 0) continue;
    const enumRef = from.slice(0, dot);
    const alias = enumAliases.get(lastPart(enumRef));
    const target = resolve(snapshot, 'enums', enumRef, moduleName)
      ?? (alias ? resolve(snapshot, 'enums', enumRef.includes('.') ? `${enumRef.slice(0, enumRef.lastIndexOf('.'))}.${alias}` : alias, moduleName) : undefined);
    if (!target) continue;
    const oldValue = from.slice(dot + 1);
    renameValueIfMeaningful(snapshot, current, target, oldValue, to, statements) || renameValueIfMeaningful(snapshot, current, target, to, oldValue, statements);
  }
}

/** An enum or sequence by 'schema.name', or by name in the module's schema, or by a name unique across schemas. */
export function resolve(snapshot: Snapshot, group: Group | 'tables', ref: string, moduleName: string): Named | undefined {
  const entities = snapshot[group] as Record<string, Named>;
  if (entities[ref]) return entities[ref];
  if (ref.includes('.')) return undefined;
  if (entities[`${moduleName}.${ref}`]) return entities[`${moduleName}.${ref}`];
  const matches = Object.values(entities).filter((e) => e.name === ref);
  return matches.length === 1 ? matches[0] : undefined;
}

function renameIfMeaningful(snapshot: Snapshot, current: Snapshot, group: Group, ref: string, toName: string, moduleName: string, statements: string[]): Named | undefined {
  const target = resolve(snapshot, group, ref, moduleName);
  if (!target) return undefined;
  const schema = target.schema;
  const oldKey = `${schema}.${target.name}`;
  const newKey = `${schema}.${toName}`;
  const entities = snapshot[group] as Record<string, Named>;
  const now = current[group] as Record<string, Named>;
  if (oldKey === newKey || now[oldKey] || !now[newKey] || entities[newKey]) return undefined;
  const oldName = target.name;
  snapshot[group] = Object.fromEntries(Object.entries(entities).map(([k, v]) => (k === oldKey ? [newKey, { ...v, name: toName }] : [k, v]))) as never;
  if (group === 'enums') {
    for (const table of Object.values(snapshot.tables)) {
      for (const column of Object.values(table.columns)) {
        const dims = column.type.match(/(\[\d*\])+$/)?.[0] ?? '';
        if ((column.typeSchema ?? 'public') === schema && column.type.slice(0, column.type.length - dims.length) === oldName) column.type = `${toName}${dims}`;
      }
    }
    statements.push(`ALTER TYPE ${q(schema)}.${q(oldName)} RENAME TO ${q(toName)};`);
  } else {
    statements.push(`ALTER SEQUENCE ${q(schema)}.${q(oldName)} RENAME TO ${q(toName)};`);
  }
  return (snapshot[group] as Record<string, Named>)[newKey];
}

function renameValueIfMeaningful(snapshot: Snapshot, current: Snapshot, target: Named, from: string, to: string, statements: string[]): boolean {
  const key = `${target.schema}.${target.name}`;
  const values = snapshot.enums[key]!.values;
  const next = current.enums[key]?.values;
  if (from === to || !next || !values.includes(from) || values.includes(to) || next.includes(from) || !next.includes(to)) return false;
  snapshot.enums[key] = { ...snapshot.enums[key]!, values: values.map((v) => (v === from ? to : v)) };
  // Defaults holding the old label now show the new one (PostgreSQL stores the value, not its label).
  for (const table of Object.values(snapshot.tables)) {
    for (const column of Object.values(table.columns)) {
      const dims = column.type.match(/(\[\d*\])+$/)?.[0] ?? '';
      if ((column.typeSchema ?? 'public') === target.schema && column.type.slice(0, column.type.length - dims.length) === target.name && column.default === lit(from)) {
        column.default = lit(to);
      }
    }
  }
  statements.push(`ALTER TYPE ${q(target.schema)}.${q(target.name)} RENAME VALUE ${lit(from)} TO ${lit(to)};`);
  return true;
}
