// Opens the database a CLI run worked on (after it exited: PGlite allows one process at a time).
import { join } from 'node:path';
import { openDatabase, type Database } from '@hub/core';

export interface Target { kind: string; url?: string; dataDir?: string; drop: () => Promise<void> }

/** Environment that points the CLI at the target; HUB_DATA_DIR also holds backups on PostgreSQL. */
export function targetEnv(target: Target, hostDir: string): Record<string, string> {
  return target.url ? { DATABASE_URL: target.url, HUB_DATA_DIR: join(hostDir, '.hub') } : { HUB_DATA_DIR: target.dataDir! };
}

export async function withDb<T>(target: Target, fn: (db: Database) => Promise<T>): Promise<T> {
  const db = await openDatabase(target.url ? { url: target.url, max: 1 } : { dataDir: join(target.dataDir!, 'data') });
  try { return await fn(db); } finally { await db.close(); }
}

export async function columns(db: Database, schema: string, table: string): Promise<string[]> {
  const rows = await db.query<{ column_name: string }>(
    'SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position', [schema, table]);
  return rows.map((r) => r.column_name);
}

export async function moduleRows(db: Database): Promise<Record<string, { state: string; enabled: boolean; version: string }>> {
  const rows = await db.query<{ name: string; state: string; enabled: boolean; version: string }>('SELECT name, state, enabled, version FROM hub.modules ORDER BY name');
  return Object.fromEntries(rows.map((r) => [r.name, { state: r.state, enabled: r.enabled, version: r.version }]));
}
