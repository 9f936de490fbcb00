import type { Snapshot } from '../schema/index.js';
import type { OwnershipRow } from '../state/index.js';

/**
 * What a module owns according to its snapshot: its schema, every table, column and index in
 * it, its enums, sequences and views, and the columns (and indexes) it adds to tables in other
 * modules' schemas (extensions). An index row carries the index name in `column`.
 */
export function ownershipOf(module: string, snapshot: Snapshot): OwnershipRow[] {
  const rows: OwnershipRow[] = [];
  if (Object.keys(snapshot.schemas ?? {}).includes(module) || Object.values(snapshot.tables).some((t) => t.schema === module)) {
    rows.push({ schema: module, table: '', column: null, kind: 'schema', module });
  }
  for (const t of Object.values(snapshot.tables)) {
    const schema = t.schema || 'public';
    if (schema === module) rows.push({ schema, table: t.name, column: null, kind: 'table', module });
    for (const c of Object.keys(t.columns)) rows.push({ schema, table: t.name, column: c, kind: 'column', module });
    for (const i of Object.keys(t.indexes ?? {})) rows.push({ schema, table: t.name, column: i, kind: 'index', module });
  }
  for (const e of Object.values(snapshot.enums)) rows.push({ schema: e.schema || 'public', table: e.name, column: null, kind: 'enum', module });
  for (const s of Object.values(snapshot.sequences)) rows.push({ schema: s.schema || 'public', table: s.name, column: null, kind: 'sequence', module });
  for (const v of Object.values(snapshot.views ?? {})) if (!v.isExisting) rows.push({ schema: v.schema || 'public', table: v.name, column: null, kind: 'view', module });
  return rows;
}
