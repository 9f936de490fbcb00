declare module '@hub/tooling/test-databases' {
  export interface TestTarget { kind: 'pglite' | 'postgres'; url?: string; dataDir?: string; drop(): Promise<void> }
  export function testDatabases(): { kind: 'pglite' | 'postgres'; create(): Promise<TestTarget> }[];
}
