import type { Snapshot } from './types.js';

/**
 * Tables of a snapshot in foreign-key order: a table comes after every table it references
 * (self-references ignored). Ties keep the snapshot's order; tables caught in a reference cycle
 * come last, in the snapshot's order.
 */
export function tablesInOrder(snapshot: Snapshot): { schema: string; name: string }[] {
  const keys = Object.keys(snapshot.tables);
  const keyOf = (schema: string | undefined, name: string) => {
    const key = `${schema || 'public'}.${name}`;
    return snapshot.tables[key] ? key : snapshot.tables[name] ? name : undefined;
  };
  const needs = new Map<string, Set<string>>();
  for (const key of keys) {
    const deps = new Set<string>();
    for (const fk of Object.values(snapshot.tables[key].foreignKeys)) {
      const to = keyOf(fk.schemaTo, fk.tableTo);
      if (to && to !== key) deps.add(to);
    }
    needs.set(key, deps);
  }
  const done = new Set<string>();
  const order: string[] = [];
  let progressed = true;
  while (progressed) {
    progressed = false;
    for (const key of keys) {
      if (done.has(key) || [...needs.get(key)!].some((d) => !done.has(d))) continue;
      done.add(key);
      order.push(key);
      progressed = true;
    }
  }
  for (const key of keys) if (!done.has(key)) order.push(key);
  return order.map((key) => ({ schema: snapshot.tables[key].schema || 'public', name: snapshot.tables[key].name }));
}
