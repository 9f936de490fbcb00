import { createHash } from 'node:crypto';
import type { SqlExecutor } from '../db/types.js';

const MAX_IDENT = 63;

/**
 * The prefix of this database's module roles. PostgreSQL roles belong to the whole server, so the
 * prefix is derived from the database name: every instance of one hub shares its roles, and two
 * hubs on one server (two databases) never see each other's.
 */
export async function rolePrefix(db: Pick<SqlExecutor, 'query'>): Promise<string> {
  const [row] = await db.query<{ name: string }>('SELECT current_database() AS name');
  return `hub_${createHash('sha256').update(row!.name).digest('hex').slice(0, 8)}_`;
}

/** The role of a module: `<prefix><module>`, with a hash in place of the tail when too long. */
export function moduleRole(prefix: string, module: string): string {
  const name = `${prefix}${module}`;
  if (name.length <= MAX_IDENT) return name;
  const hash = createHash('sha256').update(module).digest('hex').slice(0, 8);
  return `${prefix}${module.slice(0, MAX_IDENT - prefix.length - 9)}_${hash}`;
}

export const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;
