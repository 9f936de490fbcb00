// Test databases on both engines Hub supports: PGlite (embedded) and a PostgreSQL server.
// Use with `describe.each(testDatabases())` and create one fresh database per test.
import { inject } from 'vitest';
import postgres from 'postgres';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let counter = 0;

/** @returns {{ kind: 'pglite'|'postgres', create: () => Promise<{ url?: string, dataDir?: string, kind: string, drop: () => Promise<void> }> }[]} */
export function testDatabases() {
  return [
    {
      kind: 'pglite',
      async create() {
        const dataDir = mkdtempSync(join(tmpdir(), 'hub-pglite-'));
        return { kind: 'pglite', dataDir, drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
      },
    },
    {
      kind: 'postgres',
      async create() {
        const admin = inject('pgAdminUrl') ?? process.env.HUB_TEST_PG_URL;
        if (!admin) throw new Error('No PostgreSQL test server: add @hub/tooling/global-setup to vitest globalSetup');
        const name = `hub_test_${process.pid}_${Date.now().toString(36)}_${counter++}`;
        const sql = postgres(admin, { max: 1, onnotice: () => {} });
        await sql.unsafe(`CREATE DATABASE "${name}"`);
        await sql.end();
        const url = admin.replace(/\/[^/]*$/, `/${name}`);
        return {
          kind: 'postgres',
          url,
          drop: async () => {
            const s = postgres(admin, { max: 1, onnotice: () => {} });
            await s.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
            await s.end();
          },
        };
      },
    },
  ];
}
