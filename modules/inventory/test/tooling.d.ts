// Types for @hub/tooling's test harness, which ships plain .mjs without declarations.
declare module '@hub/tooling/test-databases' {
  export interface TestTarget { kind: string; url?: string; dataDir?: string; drop(): Promise<void> }
  export interface TestDatabase { kind: 'pglite' | 'postgres'; create(): Promise<TestTarget> }
  export function testDatabases(): TestDatabase[];
}
