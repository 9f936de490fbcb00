/** A fresh database for one test: an embedded PGlite folder or a database on the test PostgreSQL server. */
export interface TestTarget {
  kind: 'pglite' | 'postgres';
  /** PostgreSQL connection URL (postgres targets). */
  url?: string;
  /** PGlite data folder (pglite targets). */
  dataDir?: string;
  /** Removes the database. */
  drop(): Promise<void>;
}

export interface TestDatabase {
  kind: 'pglite' | 'postgres';
  create(): Promise<TestTarget>;
}

/** Both engines, for `describe.each(testDatabases())`. */
export function testDatabases(): TestDatabase[];
