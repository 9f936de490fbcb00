import type { Database, OpenDatabaseOptions } from './types.js';

/**
 * Opens the host database: PostgreSQL through postgres.js when a URL is given, embedded PGlite
 * otherwise. Both behave the same for the engine; drivers are imported lazily so a host that
 * uses one never loads the other.
 */
export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<Database> {
  if (options.url) {
    const { openPostgres } = await import('./postgresDatabase.js');
    return openPostgres(options.url, options.max ?? 10, options.applicationName);
  }
  const { openPglite } = await import('./pgliteDatabase.js');
  return openPglite(options.dataDir, options.extensions);
}
