import type { SqlExecutor } from '../db/types.js';
import type { Engine } from './extensionErrors.js';

export interface ExtensionStatus {
  name: string;
  /** The database could create it (its files are on the server, or loaded into the embedded database). */
  available: boolean;
  /** Version created in this database, if it is. */
  installedVersion?: string;
  defaultVersion?: string;
  /** Creating it needs a superuser (not a trusted extension) and the current user is none. */
  needsSuperuser: boolean;
}

export interface DatabaseExtensions {
  engine: Engine;
  /** Major version of the server (15 for PostgreSQL 15.x). */
  serverMajor: number;
  user: string;
  status: Map<string, ExtensionStatus>;
}

type Query = Pick<SqlExecutor, 'query'>;

/** What the database says about these extensions: pg_available_extensions and the current user's rights. */
export async function readExtensions(db: Query, names: string[]): Promise<DatabaseExtensions> {
  const [server] = await db.query<{ version: string; num: string; user: string; superuser: boolean; can_create: boolean }>(
    `SELECT version() AS version, current_setting('server_version_num') AS num, current_user AS user,
            (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS superuser,
            has_database_privilege(current_database(), 'CREATE') AS can_create`,
  );
  const rows = names.length === 0 ? [] : await db.query<{ name: string; default_version: string | null; installed_version: string | null; superuser: boolean | null; trusted: boolean | null }>(
    `SELECT a.name, a.default_version, a.installed_version, v.superuser, v.trusted
       FROM pg_available_extensions a
       LEFT JOIN pg_available_extension_versions v ON v.name = a.name AND v.version = a.default_version
      WHERE a.name = ANY($1::text[])`,
    [names],
  );
  const superuser = truthy(server!.superuser);
  const status = new Map<string, ExtensionStatus>();
  for (const name of names) {
    const row = rows.find((r) => r.name === name);
    const trusted = truthy(row?.trusted) && truthy(server!.can_create);
    status.set(name, {
      name,
      available: !!row,
      ...(row?.installed_version ? { installedVersion: row.installed_version } : {}),
      ...(row?.default_version ? { defaultVersion: row.default_version } : {}),
      needsSuperuser: !!row && !row.installed_version && !superuser && !trusted,
    });
  }
  return { engine: /PGlite/.test(server!.version) ? 'pglite' : 'postgres', serverMajor: Math.floor(Number(server!.num) / 10000), user: server!.user, status };
}

const truthy = (v: unknown) => v === true || v === 't';
