import { HubError, type TablePrivilege } from '@hub/kit';
import type { SqlExecutor } from '../db/types.js';
import { quoteIdent as q } from './moduleRole.js';

export interface ModuleAccessSpec {
  module: string;
  role: string;
  /** Installed modules it depends on, directly or not: their schemas are read-only to it. */
  dependencies: string[];
  /** Columns it adds to other modules' tables (extension columns): writable. */
  extensionColumns: { schema: string; table: string; column: string }[];
  /** What its manifest asks for beyond that (access.grants). */
  grants: Record<string, TablePrivilege[]>;
  /** Secret columns of other modules by schema: `table.column` (access.secrets); never granted. */
  secrets: Map<string, Set<string>>;
}

const accessInvalid = (module: string, message: string, hint: string) =>
  new HubError('HUB_MODULE_ACCESS_INVALID', `Module "${module}": ${message}`, { module, status: 400, hint });

/** Creates the role when missing; refuses a role of that name that could log in or bypass grants. */
export async function ensureModuleRole(tx: SqlExecutor, role: string, module: string): Promise<void> {
  const statements = await ensureRoleStatements(tx, role, module);
  if (statements.length) await tx.exec(statements.join(';\n'));
}

/** The statements that make the role exist and the host a member of it (none when both hold); refuses an unsafe role. */
async function ensureRoleStatements(tx: SqlExecutor, role: string, module: string): Promise<string[]> {
  const [row] = await tx.query<{ unsafe: boolean | null; member: boolean | null }>(`SELECT (rolsuper OR rolcanlogin OR rolcreaterole OR rolcreatedb OR rolreplication OR rolbypassrls) AS unsafe,
      pg_has_role(current_user, oid, 'MEMBER') AS member FROM pg_roles WHERE rolname = $1`, [role]);
  if (row?.unsafe === true || (row?.unsafe as unknown) === 't') {
    throw new HubError('HUB_MODULE_ROLE_UNSAFE', `Role ${role} of module "${module}" exists and can log in or has administrative attributes`, {
      module, status: 409, hint: `Drop it or run ALTER ROLE ${role} NOLOGIN NOSUPERUSER NOCREATEROLE NOCREATEDB NOREPLICATION NOBYPASSRLS; a module role must only hold the host's grants.`,
    });
  }
  const out: string[] = [];
  if (!row) out.push(`CREATE ROLE ${q(role)} NOLOGIN NOINHERIT`);
  // The host switches to the role (SET ROLE, or as the startup role of a module pool).
  if (!row || !(row.member === true || (row.member as unknown) === 't')) out.push(`GRANT ${q(role)} TO CURRENT_USER`);
  return out;
}

/** Drops a module's role and everything granted to it in this database. */
export async function dropModuleRole(tx: SqlExecutor, role: string): Promise<void> {
  const [row] = await tx.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
  if (!row) return;
  await tx.exec(`DROP OWNED BY ${q(role)}`);
  await tx.exec(`DROP ROLE ${q(role)}`);
}

/**
 * Grants a module's role exactly what it may use, after revoking whatever it held (DROP OWNED BY
 * revokes every privilege of a role that owns nothing): its schema read/write, its dependencies'
 * schemas read, its extension columns write, and what its manifest declares; never `hub`,
 * `public`, or a secret column of another module.
 */
export async function syncModuleAccess(tx: SqlExecutor, spec: ModuleAccessSpec): Promise<void> {
  const { module, role } = spec;
  const r = q(role);
  // Everything is sent in one batch at the end: the role, the revoke, the grants (a few round trips per module, not one per statement).
  const statements: string[] = [...await ensureRoleStatements(tx, role, module), `DROP OWNED BY ${r}`];
  const deps = new Set(spec.dependencies);
  const touched = [module, ...deps, ...spec.extensionColumns.map((c) => c.schema), ...Object.keys(spec.grants).map((t) => t.split('.')[0]!)];
  const found = await tx.query<{ schema: string; table: string | null; column: string | null }>(
    `SELECT n.nspname::text AS schema, c.relname::text AS table, a.attname::text AS column, a.attnum::int AS pos FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
      WHERE n.nspname = ANY($1::text[]) AND c.relkind IN ('r', 'p', 'v', 'm')
     UNION ALL SELECT nspname::text, NULL, NULL, NULL FROM pg_namespace WHERE nspname = $2
     ORDER BY 1, 2, 4`, [[...new Set(touched)], module]);
  // Its own schema may exist without tables (one row with no table says it does).
  const ownSchema = found.some((c) => c.schema === module && c.table === null);
  const columns = found.filter((c): c is { schema: string; table: string; column: string } => c.table !== null);
  const tables = new Map<string, string[]>();
  for (const c of columns) tables.set(`${c.schema}.${c.table}`, [...(tables.get(`${c.schema}.${c.table}`) ?? []), c.column]);
  const schemas = new Set(columns.map((c) => c.schema));
  const rel = (key: string) => key.split('.').map(q).join('.');
  const secretOf = (key: string) => {
    const [schema, table] = key.split('.') as [string, string];
    const hidden = spec.secrets.get(schema);
    return hidden ? (tables.get(key) ?? []).filter((c) => hidden.has(`${table}.${c}`)) : [];
  };
  const open = (key: string) => (tables.get(key) ?? []).filter((c) => !secretOf(key).includes(c)).map(q).join(', ');
  /** A privilege on a table of another module: column-level when the table has secret columns. */
  const grantOn = (key: string, privilege: TablePrivilege) => {
    if (privilege === 'delete' || secretOf(key).length === 0) statements.push(`GRANT ${privilege.toUpperCase()} ON ${rel(key)} TO ${r}`);
    else if (open(key)) statements.push(`GRANT ${privilege.toUpperCase()} (${open(key)}) ON ${rel(key)} TO ${r}`);
  };

  if (ownSchema) {
    statements.push(`GRANT USAGE ON SCHEMA ${q(module)} TO ${r}`,
      `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${q(module)} TO ${r}`,
      `GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA ${q(module)} TO ${r}`);
  }
  const usage = new Set<string>();
  for (const dep of deps) {
    if (!schemas.has(dep)) continue;
    usage.add(dep);
    for (const key of tables.keys()) if (key.startsWith(`${dep}.`)) grantOn(key, 'select');
  }
  const extension = new Map<string, string[]>();
  for (const c of spec.extensionColumns) {
    const key = `${c.schema}.${c.table}`;
    if (c.schema === module || !tables.get(key)?.includes(c.column)) continue;
    extension.set(key, [...(extension.get(key) ?? []), c.column]);
  }
  for (const [key, cols] of extension) {
    usage.add(key.split('.')[0]!);
    if (!deps.has(key.split('.')[0]!)) grantOn(key, 'select');
    const list = cols.map(q).join(', ');
    statements.push(`GRANT INSERT (${list}), UPDATE (${list}) ON ${rel(key)} TO ${r}`);
  }
  for (const [target, privileges] of Object.entries(spec.grants)) {
    const [schema, table] = target.split('.') as [string, string];
    if (!deps.has(schema)) {
      throw accessInvalid(module, `access.grants names "${target}", but "${schema}" is not a module it depends on`, `Add the module that owns schema "${schema}" to the dependencies in package.json, or remove the grant.`);
    }
    const keys = table === '*' ? [...tables.keys()].filter((k) => k.startsWith(`${schema}.`)) : [target];
    if (table !== '*' && !tables.has(target)) throw accessInvalid(module, `access.grants names table "${target}", which does not exist`, 'Name a table of the dependency as "schema.table" (SQL names).');
    for (const key of keys) for (const p of privileges) grantOn(key, p);
    if (privileges.includes('insert')) statements.push(`GRANT USAGE ON ALL SEQUENCES IN SCHEMA ${q(schema)} TO ${r}`);
  }
  for (const schema of usage) statements.push(`GRANT USAGE ON SCHEMA ${q(schema)} TO ${r}`);
  await tx.exec(statements.join(';\n'));
}

/**
 * Makes sure module roles cannot create objects in `public`: databases created before
 * PostgreSQL 15 still grant CREATE there to PUBLIC.
 */
export async function closePublicSchema(tx: SqlExecutor, role: string): Promise<void> {
  const check = async () => (await tx.query<{ ok: boolean }>(`SELECT has_schema_privilege($1, 'public', 'CREATE') AS ok`, [role]))[0]?.ok;
  const [exists] = await tx.query(`SELECT 1 FROM pg_namespace WHERE nspname = 'public'`);
  if (!exists || !(await check())) return;
  await tx.exec('REVOKE CREATE ON SCHEMA public FROM PUBLIC');
  if (await check()) {
    throw new HubError('HUB_MODULE_ROLE_UNSAFE', `Role ${role} can create objects in schema "public"`, {
      status: 409, hint: 'Run REVOKE CREATE ON SCHEMA public FROM PUBLIC (as the owner of schema public) and retry.',
    });
  }
}
