import type { Snapshot } from './types.js';

/** A column's type as isWideningType spells it (enums as `enum:<schema>.<name>`), or undefined when absent. */
export function columnType(snapshot: Snapshot, schema: string, table: string, column: string): string | undefined {
  const c = snapshot.tables[`${schema}.${table}`]?.columns[column];
  if (!c) return undefined;
  if (c.typeSchema) {
    const dims = c.type.match(/(\[\d*\])+$/)?.[0] ?? '';
    return `enum:${c.typeSchema}.${c.type.slice(0, c.type.length - dims.length)}${dims}`;
  }
  return c.type;
}
