// Types of the shared test harness (@hub/tooling ships plain .mjs without declarations).
declare module '@hub/tooling/test-databases' {
  export interface TestDatabaseTarget {
    kind: 'pglite' | 'postgres';
    url?: string;
    dataDir?: string;
    drop: () => Promise<void>;
  }
  export interface TestDatabase {
    kind: 'pglite' | 'postgres';
    create: () => Promise<TestDatabaseTarget>;
  }
  export function testDatabases(): TestDatabase[];
}
declare module '@hub/tooling/postgres' {
  export function startPostgres(options?: { maxConnections?: number }): Promise<{ url: string; port: number; stop: () => Promise<void> }>;
}
