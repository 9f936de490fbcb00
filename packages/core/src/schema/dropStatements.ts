import type { PlannedStatement } from '../hub/types.js';
import { tablesInOrder } from './tablesInOrder.js';
import { ownViews, viewsInOrder } from './viewStatements.js';
import type { Snapshot } from './types.js';

const q = (name: string) => `"${name.replace(/"/g, '""')}"`;
const qt = (schema: string, name: string) => `${q(schema)}.${q(name)}`;

/**
 * DROP statements for every view, table, enum and sequence in the snapshot: tables in foreign-key
 * order (dependents first; foreign keys inside a reference cycle are dropped beforehand), then
 * `dropSchema` (the module's own schema) if nothing else is left in it. No CASCADE: a table that
 * another module still references makes the drop fail rather than silently cut that reference.
 *
 * With `ownSchema` (default: `dropSchema`), tables in other schemas are extensions of other
 * modules' tables: only their columns are dropped (first), never the tables.
 */
export function dropStatements(snapshot: Snapshot, opts: { dropSchema?: string; ownSchema?: string } = {}): PlannedStatement[] {
  const out: PlannedStatement[] = [];
  const own = opts.ownSchema ?? opts.dropSchema;
  const isExtension = (schema: string | undefined) => own !== undefined && (schema || 'public') !== own;
  // Views first, dependents before the views they read (those declared `.existing()` are not the module's).
  const views = ownViews(snapshot);
  for (const key of viewsInOrder(views).reverse()) {
    const v = views[key]!;
    out.push({ sql: `DROP ${v.materialized ? 'MATERIALIZED VIEW' : 'VIEW'} ${qt(v.schema || 'public', v.name)};` });
  }
  for (const table of Object.values(snapshot.tables)) {
    if (!isExtension(table.schema)) continue;
    const schema = table.schema || 'public';
    for (const column of Object.keys(table.columns)) {
      out.push({
        sql: `ALTER TABLE ${qt(schema, table.name)} DROP COLUMN ${q(column)};`,
        dataLoss: `drops column "${schema}"."${table.name}"."${column}" and its values`,
      });
    }
  }
  const order = tablesInOrder(snapshot).filter((t) => !isExtension(t.schema)).reverse();
  const position = new Map(order.map((t, i) => [`${t.schema}.${t.name}`, i]));
  for (const t of order) {
    const table = snapshot.tables[`${t.schema}.${t.name}`] ?? snapshot.tables[t.name];
    for (const fk of Object.values(table.foreignKeys)) {
      const from = position.get(`${t.schema}.${t.name}`)!;
      const to = position.get(`${fk.schemaTo || 'public'}.${fk.tableTo}`);
      // Referenced table dropped first: only in a cycle. Cut the reference before.
      if (to !== undefined && to < from) out.push({ sql: `ALTER TABLE ${qt(t.schema, t.name)} DROP CONSTRAINT ${q(fk.name)};` });
    }
  }
  for (const t of order) {
    out.push({ sql: `DROP TABLE ${qt(t.schema, t.name)};`, dataLoss: `drops table "${t.schema}"."${t.name}" and all its rows` });
  }
  for (const e of Object.values(snapshot.enums)) {
    out.push({ sql: `DROP TYPE ${qt(e.schema || 'public', e.name)};`, dataLoss: `drops enum type "${e.schema || 'public'}"."${e.name}"` });
  }
  for (const s of Object.values(snapshot.sequences)) {
    out.push({ sql: `DROP SEQUENCE ${qt(s.schema || 'public', s.name)};`, dataLoss: `drops sequence "${s.schema || 'public'}"."${s.name}" and its current value` });
  }
  if (opts.dropSchema) {
    // Only when empty: another module may still have objects in it (its extension columns live in
    // this schema's tables, which are gone by now, but it may own other objects here).
    out.push({
      sql: `DO $hub$ BEGIN DROP SCHEMA ${q(opts.dropSchema)}; EXCEPTION WHEN dependent_objects_still_exist OR invalid_schema_name THEN NULL; END $hub$;`,
    });
  }
  return out;
}
