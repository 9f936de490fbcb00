/** Starts a throwaway PostgreSQL server on 127.0.0.1 (as the postgres user when run as root). */
export function startPostgres(options?: { maxConnections?: number }): Promise<{ url: string; port: number; stop: () => Promise<void> }>;
