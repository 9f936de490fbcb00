import type { Snapshot } from '../schema/index.js';
import type { OwnershipRow } from '../state/index.js';

/**
 * What a module owns according to its snapshot: its schema, every table and enum and sequence
 * in it, and the columns it adds to tables in other modules' schemas (extensions).
 */
export function ownershipOf(module: string, snapshot: Snapshot): OwnershipRow[] {
  const rows: OwnershipRow[] = [];
  if (Object.keys(snapshot.schemas ?? {}).includes(module) || Object.values(snapshot.tables).some((t) => t.schema === module)) {
    rows.push({ schema: module, table: '', column: null, kind: 'schema', module });
  }
  for (const t of Object.values(snapshot.tables)) {
    const schema = t.schema || 'public';
    if (schema === module) rows.push({ schema, table: t.name, column: null, kind: 'table', module });
    else for (const c of Object.keys(t.columns)) rows.push({ schema, table: t.name, column: c, kind: 'column', module });
  }
  for (const e of Object.values(snapshot.enums)) rows.push({ schema: e.schema || 'public', table: e.name, column: null, kind: 'enum', module });
  for (const s of Object.values(snapshot.sequences)) rows.push({ schema: s.schema || 'public', table: s.name, column: null, kind: 'sequence', module });
  return rows;
}
