// Test databases for module tests: PGlite always, and a PostgreSQL server when HUB_TEST_PG_URL
// names one (an admin URL: each test gets a database of its own, dropped afterwards). The
// monorepo's vitest config starts such a server and sets the variable; a module outside it can
// point the variable at any PostgreSQL it may create databases on.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '@hub/core';
import type { TestTarget } from './testHost.js';

let counter = 0;

export interface TestDatabase { kind: 'pglite' | 'postgres'; create: () => Promise<TestTarget> }

export function testDatabases(env: Record<string, string | undefined> = process.env): TestDatabase[] {
  const databases: TestDatabase[] = [{
    kind: 'pglite',
    async create() {
      const dataDir = mkdtempSync(join(tmpdir(), 'hub-pglite-'));
      return { kind: 'pglite', dataDir, drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
    },
  }];
  const admin = env.HUB_TEST_PG_URL;
  if (admin) {
    databases.push({
      kind: 'postgres',
      async create() {
        const name = `hub_test_${process.pid}_${Date.now().toString(36)}_${counter++}`;
        const db = await openDatabase({ url: admin, max: 1 });
        try { await db.exec(`CREATE DATABASE "${name}"`); } finally { await db.close(); }
        return {
          kind: 'postgres', url: admin.replace(/\/[^/]*$/, `/${name}`),
          drop: async () => {
            const d = await openDatabase({ url: admin, max: 1 });
            try { await d.exec(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`); } finally { await d.close(); }
          },
        };
      },
    });
  }
  return databases;
}
