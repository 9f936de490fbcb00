import type { SqlExecutor } from '../db/types.js';

type Query = Pick<SqlExecutor, 'query'>;

/** Which module needs which extension (hub.pg_extension_needs), module -> names. */
export async function readExtensionNeeds(db: Query): Promise<Map<string, string[]>> {
  const rows = await db.query<{ module: string; extension: string }>('SELECT module, extension FROM hub.pg_extension_needs ORDER BY module, extension');
  const out = new Map<string, string[]>();
  for (const r of rows) out.set(r.module, [...(out.get(r.module) ?? []), r.extension]);
  return out;
}

/** Extensions Hub created (hub.pg_extensions): only these may ever be dropped by Hub. */
export async function readCreatedExtensions(db: Query): Promise<Set<string>> {
  return new Set((await db.query<{ name: string }>('SELECT name FROM hub.pg_extensions')).map((r) => r.name));
}

/** The module needs exactly these extensions from now on. */
export async function replaceExtensionNeeds(tx: Query, module: string, names: string[]): Promise<void> {
  await tx.query('DELETE FROM hub.pg_extension_needs WHERE module = $1 AND NOT (extension = ANY($2::text[]))', [module, names]);
  for (const name of names) {
    await tx.query('INSERT INTO hub.pg_extension_needs (module, extension) VALUES ($1, $2) ON CONFLICT DO NOTHING', [module, name]);
  }
}

/**
 * Objects of the database that use the extension (columns of its types, indexes with its operator
 * classes, functions, ...), outside the schemas given: "schema: what" each. Members of an
 * extension (its own functions, operators, other extensions' objects) do not count.
 */
export async function extensionUsers(db: Query, name: string, exceptSchemas: string[] = []): Promise<string[]> {
  const rows = await db.query<{ schema: string | null; what: string }>(
    `SELECT DISTINCT
            CASE d.classid
              WHEN 'pg_class'::regclass THEN (SELECT relnamespace::regnamespace::text FROM pg_class WHERE oid = d.objid)
              WHEN 'pg_proc'::regclass THEN (SELECT pronamespace::regnamespace::text FROM pg_proc WHERE oid = d.objid)
              WHEN 'pg_type'::regclass THEN (SELECT typnamespace::regnamespace::text FROM pg_type WHERE oid = d.objid)
            END AS schema,
            pg_describe_object(d.classid, d.objid, d.objsubid) AS what
       FROM pg_extension e
       JOIN pg_depend m ON m.refclassid = 'pg_extension'::regclass AND m.refobjid = e.oid AND m.deptype = 'e'
       JOIN pg_depend d ON d.refclassid = m.classid AND d.refobjid = m.objid AND d.deptype IN ('n', 'a')
      WHERE e.extname = $1
        -- entries of the extension's own operator families, which are not members themselves
        AND d.classid NOT IN ('pg_amop'::regclass, 'pg_amproc'::regclass)
        -- nor the array types PostgreSQL made for its types
        AND NOT (d.classid = 'pg_type'::regclass AND EXISTS (SELECT 1 FROM pg_type t JOIN pg_depend x
              ON x.classid = 'pg_type'::regclass AND x.objid = t.typelem AND x.deptype = 'e' AND x.refobjid = e.oid WHERE t.oid = d.objid))
        AND NOT EXISTS (SELECT 1 FROM pg_depend x WHERE x.classid = d.classid AND x.objid = d.objid AND x.deptype = 'e')
      ORDER BY 2`,
    [name],
  );
  return rows.filter((r) => r.schema === null || !exceptSchemas.includes(r.schema)).map((r) => `${r.what}`);
}
