import type { SqlExecutor } from '../db/types.js';
import type { IntrospectedSchema, IntrospectedTable } from './types.js';

/**
 * A normalized description of one live PostgreSQL schema: tables with their columns (type,
 * nullability, default, identity, generated expression), constraints (primary key, unique,
 * foreign key, check, by name with their definitions), indexes, enums (values in order),
 * sequences (settings, not their current value) and views (kind, definition, columns). Everything is keyed by name, so two
 * results compare with toEqual whatever the creation order (column order is not compared: an
 * upgrade appends columns a fresh install may place elsewhere).
 */
export async function introspectSchema(db: SqlExecutor, pgSchema: string): Promise<IntrospectedSchema> {
  const result: IntrospectedSchema = { schema: pgSchema, exists: false, tables: {}, enums: {}, sequences: {}, views: {} };
  const [exists] = await db.query<{ n: string }>(`select count(*)::text as n from pg_namespace where nspname = $1`, [pgSchema]);
  if (exists?.n !== '1') return result;
  result.exists = true;

  const tables = await db.query<{ name: string }>(
    `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = $1 and c.relkind in ('r', 'p') order by 1`, [pgSchema]);
  const table = (name: string): IntrospectedTable => result.tables[name]!;
  for (const t of tables) result.tables[t.name] = { columns: {}, constraints: {}, indexes: {} };

  const columns = await db.query<{ t: string; name: string; type: string; not_null: boolean; def: string | null; identity: string; generated: string }>(
    `select c.relname as t, a.attname as name, format_type(a.atttypid, a.atttypmod) as type, a.attnotnull as not_null,
            pg_get_expr(d.adbin, d.adrelid) as def, a.attidentity::text as identity, a.attgenerated::text as generated
     from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
     left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
     where n.nspname = $1 and c.relkind in ('r', 'p') and a.attnum > 0 and not a.attisdropped
     order by 1, 2`, [pgSchema]);
  for (const c of columns) {
    const generated = c.generated && c.generated !== '' ? c.def : null;
    table(c.t).columns[c.name] = {
      type: c.type,
      notNull: c.not_null === true || (c.not_null as unknown) === 't',
      default: generated ? null : c.def,
      identity: c.identity === 'a' ? 'always' : c.identity === 'd' ? 'by default' : null,
      generated,
    };
  }

  const constraints = await db.query<{ t: string; name: string; def: string }>(
    `select c.relname as t, con.conname as name, pg_get_constraintdef(con.oid, true) as def
     from pg_constraint con join pg_class c on c.oid = con.conrelid join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = $1 and con.contype in ('p', 'u', 'f', 'c', 'x') order by 1, 2`, [pgSchema]);
  for (const c of constraints) if (result.tables[c.t]) table(c.t).constraints[c.name] = c.def;

  const indexes = await db.query<{ t: string; name: string; def: string }>(
    `select tablename as t, indexname as name, indexdef as def from pg_indexes where schemaname = $1 order by 1, 2`, [pgSchema]);
  for (const i of indexes) if (result.tables[i.t]) table(i.t).indexes[i.name] = i.def;

  const enums = await db.query<{ name: string; labels: string }>(
    `select t.typname as name, json_agg(e.enumlabel order by e.enumsortorder)::text as labels
     from pg_type t join pg_enum e on e.enumtypid = t.oid join pg_namespace n on n.oid = t.typnamespace
     where n.nspname = $1 group by t.typname order by 1`, [pgSchema]);
  for (const e of enums) result.enums[e.name] = JSON.parse(e.labels) as string[];

  const sequences = await db.query<{ name: string; type: string; start: string; inc: string; min: string; max: string; cache: string; cycle: boolean; owner: string | null }>(
    `select s.relname as name, format_type(q.seqtypid, null) as type, q.seqstart::text as start, q.seqincrement::text as inc,
            q.seqmin::text as min, q.seqmax::text as max, q.seqcache::text as cache, q.seqcycle as cycle,
            (select t.relname || '.' || a.attname from pg_depend d
               join pg_class t on t.oid = d.refobjid
               join pg_attribute a on a.attrelid = t.oid and a.attnum = d.refobjsubid
              where d.classid = 'pg_class'::regclass and d.objid = s.oid and d.refclassid = 'pg_class'::regclass
                and d.deptype in ('a', 'i') limit 1) as owner
     from pg_sequence q join pg_class s on s.oid = q.seqrelid join pg_namespace n on n.oid = s.relnamespace
     where n.nspname = $1 order by 1`, [pgSchema]);
  for (const s of sequences) {
    result.sequences[s.name] = {
      type: s.type, start: s.start, increment: s.inc, min: s.min, max: s.max, cache: s.cache,
      cycle: s.cycle === true || (s.cycle as unknown) === 't', ownedBy: s.owner ?? null,
    };
  }

  const views = await db.query<{ name: string; kind: string; def: string; columns: string }>(
    `select c.relname as name, c.relkind::text as kind, pg_get_viewdef(c.oid, true) as def,
            (select json_agg(a.attname || ' ' || format_type(a.atttypid, a.atttypmod) order by a.attnum)::text
               from pg_attribute a where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped) as columns
     from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = $1 and c.relkind in ('v', 'm') order by 1`, [pgSchema]);
  for (const v of views) {
    result.views[v.name] = { materialized: v.kind === 'm', definition: v.def, columns: JSON.parse(v.columns ?? '[]') as string[] };
  }
  // A materialized view's indexes are part of it.
  for (const i of indexes) {
    const view = result.views[i.t];
    if (view) (view.indexes ??= {})[i.name] = i.def;
  }
  return result;
}
